// Files and attachments through the real stack (R05, R13–R19).
import { sameId } from '@restorelab/salesforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroy, idOf, queryAll, queryOne, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('files and attachments through the real stack', () => {
  it('R14-R18, R05 restoring a record brings back its deleted file: latest version only, owner kept, admin creator, all sharing, restore-time modification, metafiles counted', async () => {
    const snap = await stack.api.backup();
    const account = await idOf(stack, 'Account', "Name = 'Acme Corporation'");
    const doc = await queryOne(
      stack,
      "SELECT Id, OwnerId, LatestPublishedVersionId FROM ContentDocument WHERE Title = 'Acme upgrade plan'",
    );
    const latest = await queryOne(
      stack,
      `SELECT Checksum, VersionNumber FROM ContentVersion WHERE Id = '${doc!.LatestPublishedVersionId}'`,
    );
    expect(latest?.VersionNumber).toBe('3');
    const links = await queryAll(
      stack,
      `SELECT LinkedEntityId, ShareType FROM ContentDocumentLink WHERE ContentDocumentId = '${doc!.Id}'`,
    );
    await destroy(stack, 'ContentDocument', [doc!.Id]);

    const started = Date.now();
    const { plan, job } = await stack.api.restore(account, 'record', snap);
    expect(plan.summary.files.create).toBe(1);
    expect(job.status, JSON.stringify(job.failures)).toBe('succeeded');
    expect(job.counts.files.created).toBe(1);
    const newDoc = job.idMap[doc!.Id]!;
    const restored = await queryOne(
      stack,
      `SELECT Id, OwnerId, CreatedById, LatestPublishedVersionId, LastModifiedDate FROM ContentDocument WHERE Id = '${newDoc}'`,
    );
    expect(sameId(restored?.OwnerId, doc!.OwnerId)).toBe(true); // R15 owner kept
    expect(sameId(restored?.CreatedById, stack.conn.userInfo!.id)).toBe(true); // R15 admin creator
    const versions = await queryAll(
      stack,
      `SELECT Checksum, VersionNumber FROM ContentVersion WHERE ContentDocumentId = '${newDoc}'`,
    );
    expect(versions).toHaveLength(1); // R16 latest only
    expect(versions[0]?.Checksum).toBe(latest?.Checksum);
    const newLinks = await queryAll(
      stack,
      `SELECT LinkedEntityId, ShareType FROM ContentDocumentLink WHERE ContentDocumentId = '${newDoc}'`,
    );
    for (const link of links) {
      expect(
        newLinks.some((l) => sameId(l.LinkedEntityId, link.LinkedEntityId) && l.ShareType === link.ShareType),
        JSON.stringify(link),
      ).toBe(true); // R17
    }
    expect(Date.parse(restored!.LastModifiedDate)).toBeGreaterThanOrEqual(started - 120_000); // R18 (the mock clock may run ahead)
    // R05: more items restored than selected, the metafiles counted apart.
    expect(job.counts.selected).toBe(1);
    expect(job.counts.metafiles.created).toBeGreaterThan(0);
    expect(job.counts.all.created + job.counts.all.overwritten).toBeGreaterThan(job.counts.selected);
    expect(plan.summary.metafiles.total).toBeGreaterThan(0);
    // One count model: the job ends with every planned item in one outcome, kind by kind.
    for (const kind of ['records', 'files', 'attachments', 'metafiles'] as const) {
      const done = kind === 'records' ? job.counts.records.total : job.counts[kind];
      const planned = kind === 'records' ? plan.summary.records.total : plan.summary[kind];
      expect(done.total, kind).toBe(planned.total);
    }
  });

  it('R19 an unchanged file is skipped; changed content adds a version; same content at another time overwrites', async () => {
    const project = await idOf(stack, 'Project__c', "Name = 'Internal tooling'");
    const doc = await queryOne(stack, "SELECT Id FROM ContentDocument WHERE Title = 'Tooling spec'");
    const snap = await stack.api.backup();
    const same = await stack.api.plan(project, 'record', snap);
    expect(same.summary.files.skip).toBe(1);

    stack.mock!.admin.clock({ advanceMs: 60_000 });
    await stack.conn.sobject('ContentVersion').create({
      ContentDocumentId: doc!.Id,
      Title: 'Tooling spec',
      PathOnClient: 'spec.txt',
      VersionData: Buffer.from('a different text').toString('base64'),
    });
    const { plan, job } = await stack.api.restore(project, 'record', snap);
    expect(plan.summary.files.newVersion).toBe(1);
    expect(job.status, JSON.stringify(job.failures)).toBe('succeeded');
    const versions = await queryAll(stack, `SELECT Id FROM ContentVersion WHERE ContentDocumentId = '${doc!.Id}'`);
    expect(versions.length).toBe(4); // 2 backed up + the change + the restored one

    const snap2 = await stack.api.backup();
    stack.mock!.admin.clock({ advanceMs: 60_000 });
    await stack.conn.sobject('ContentDocument').update({ Id: doc!.Id, Title: 'Tooling spec (renamed)' });
    const over = await stack.api.plan(project, 'record', snap2);
    expect(over.summary.files.overwrite).toBe(1);
  });

  it('R13 a deleted record comes back with its attachment (content), and an Objects/Attachment item restores metadata only', async () => {
    const snap = await stack.api.backup();
    // (An Opportunity would not do yet: its StageName is required on create and R10 leaves it out.)
    const opp = await idOf(stack, 'Case', "Subject = 'Line 3 sensor drift'");
    const quote = await queryOne(stack, `SELECT Id, Name, BodyLength FROM Attachment WHERE ParentId = '${opp}'`);
    const projectPhoto = await queryOne(
      stack,
      "SELECT Id, ParentId, BodyLength FROM Attachment WHERE Name = 'site.png'",
    );
    await destroy(stack, 'Case', [opp]);

    const { plan, job } = await stack.api.restore(opp, 'record', snap);
    expect(plan.summary.attachments.create).toBe(1);
    expect(job.status, JSON.stringify(job.failures)).toBe('succeeded');
    const restored = await queryOne(
      stack,
      `SELECT Id, ParentId, BodyLength FROM Attachment WHERE Id = '${job.idMap[quote!.Id]}'`,
    );
    expect(sameId(restored?.ParentId, job.idMap[opp]!)).toBe(true); // R14 re-pointed at the new parent
    expect(restored?.BodyLength).toBe(quote!.BodyLength);

    await destroy(stack, 'Attachment', [projectPhoto!.Id]);
    const meta = await stack.api.restore(projectPhoto!.Id, 'record', snap);
    expect(meta.job.status, JSON.stringify(meta.job.failures)).toBe('succeeded');
    const metaOnly = await queryOne(
      stack,
      `SELECT Id, ParentId, BodyLength FROM Attachment WHERE Id = '${meta.job.idMap[projectPhoto!.Id]}'`,
    );
    expect(sameId(metaOnly?.ParentId, projectPhoto!.ParentId)).toBe(true);
    expect(metaOnly?.BodyLength).not.toBe(projectPhoto!.BodyLength); // no content: the writer's placeholder body
  });
});
