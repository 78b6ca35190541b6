// Restores repeated through the real stack: what an earlier restore re-created is that item in the org
// from then on (R07, R11, R19 apply to the copy), and a confirmed restore always makes a job.
import { MASTER_RECORD_TYPE_ID, sameId } from '@restorelab/salesforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroy, idOf, queryAll, queryOne, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const later = () => stack.mock!.admin.clock({ advanceMs: 60_000 });

describe('restores repeated through the real stack', () => {
  it('R11 a second restore of a re-created record writes only the values its master record type allows', async () => {
    const snap = await stack.api.backup();
    const tooling = await queryOne(stack, "SELECT Id, RecordTypeId FROM Project__c WHERE Name = 'Internal tooling'");
    expect(sameId(tooling?.RecordTypeId, MASTER_RECORD_TYPE_ID)).toBe(false);
    await destroy(stack, 'Project__c', [tooling!.Id]);

    const first = await stack.api.restore(tooling!.Id, 'record', snap);
    expect(first.job.status, JSON.stringify(first.job.failures)).toBe('succeeded');
    const copy = first.job.idMap[tooling!.Id]!;

    later();
    const second = await stack.api.restore(tooling!.Id, 'record', snap);
    expect(second.plan.summary.records.total.overwrite).toBe(1);
    expect(second.job.status, JSON.stringify(second.job.failures)).toBe('succeeded');
    const live = await queryAll(
      stack,
      "SELECT Id, RecordTypeId, Status__c FROM Project__c WHERE Name = 'Internal tooling'",
    );
    expect(live.map((r) => r.Id)).toEqual([copy]);
    expect(sameId(live[0]?.RecordTypeId, MASTER_RECORD_TYPE_ID)).toBe(true);
    expect(live[0]?.Status__c).not.toBe('Internal Review');
  });

  it('R19 a file an earlier restore re-created is that file: a second restore overwrites it, never a second document', async () => {
    const account = await idOf(stack, 'Account', "Name = 'Globex'");
    const doc = await queryOne(stack, "SELECT Id FROM ContentDocument WHERE Title = 'Globex logo'");
    const snap = await stack.api.backup();
    await destroy(stack, 'ContentDocument', [doc!.Id]);

    const first = await stack.api.restore(account, 'record', snap);
    expect(first.plan.summary.files.create).toBe(1);
    expect(first.job.status, JSON.stringify(first.job.failures)).toBe('succeeded');
    const copy = first.job.idMap[doc!.Id]!;
    expect(copy).toBeTruthy();

    later();
    const second = await stack.api.restore(account, 'record', snap);
    expect(second.plan.summary.files.create).toBe(0);
    expect(second.plan.summary.files.overwrite).toBe(1);
    expect(second.job.status, JSON.stringify(second.job.failures)).toBe('succeeded');
    const docs = await queryAll(stack, "SELECT Id FROM ContentDocument WHERE Title = 'Globex logo'");
    expect(docs.map((d) => d.Id)).toEqual([copy]);
  });

  it('R07 an attachment an earlier restore re-created is that attachment: a second restore overwrites it', async () => {
    const kase = await idOf(stack, 'Case', "Subject = 'Line 3 sensor drift'");
    const log = await queryOne(stack, "SELECT Id FROM Attachment WHERE Name = 'sensor-log.txt'");
    const snap = await stack.api.backup();
    await destroy(stack, 'Attachment', [log!.Id]);

    const first = await stack.api.restore(kase, 'record', snap);
    expect(first.plan.summary.attachments.create).toBe(1);
    expect(first.job.status, JSON.stringify(first.job.failures)).toBe('succeeded');
    const copy = first.job.idMap[log!.Id]!;
    expect(copy).toBeTruthy();

    later();
    const second = await stack.api.restore(kase, 'record', snap);
    expect(second.plan.summary.attachments.create).toBe(0);
    expect(second.plan.summary.attachments.overwrite).toBe(1);
    expect(second.job.status, JSON.stringify(second.job.failures)).toBe('succeeded');
    const logs = await queryAll(stack, "SELECT Id FROM Attachment WHERE Name = 'sensor-log.txt'");
    expect(logs.map((a) => a.Id)).toEqual([copy]);
  });
});
