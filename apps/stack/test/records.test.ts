// Rules about records, through the real stack: nats-server, record-writer, file-writer, the planner
// API, and the mock demo org over HTTP with jsforce.
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

const count = async (type: string) => (await queryAll(stack, `SELECT Id FROM ${type}`)).length;

describe('records through the real stack', () => {
  it('R04 the summary writes nothing; R01/R06 related restores a deep hierarchy with new ids and rewritten references', async () => {
    const snap = await stack.api.backup();
    const project = await idOf(stack, 'Project__c', "Name = 'Acme plant upgrade'");
    const design = await idOf(stack, 'Milestone__c', "Name = 'Design'");
    const deliverables = await queryAll(
      stack,
      `SELECT Id, Milestone__c FROM Deliverable__c WHERE Milestone__c = '${design}'`,
    );
    expect(deliverables).toHaveLength(2); // several children per parent
    await destroy(stack, 'Project__c', [project]); // cascades to milestones and deliverables
    const before = { p: await count('Project__c'), m: await count('Milestone__c'), d: await count('Deliverable__c') };

    const plan = await stack.api.plan(project, 'related', snap);
    expect(plan.summary.records.byObject.Project__c?.create).toBe(1);
    expect(plan.summary.records.byObject.Milestone__c?.create).toBe(2);
    expect(plan.summary.records.byObject.Deliverable__c?.create).toBe(3);
    // R04: planning wrote nothing.
    expect({ p: await count('Project__c'), m: await count('Milestone__c'), d: await count('Deliverable__c') }).toEqual(
      before,
    );

    const job = await stack.api.waitJob((await stack.api.confirm(plan.planId)).jobId);
    expect(job.status, JSON.stringify(job.failures)).toBe('succeeded');
    const newProject = job.idMap[project]!;
    const newDesign = job.idMap[design]!;
    expect(newProject).toBeDefined();
    expect(newProject).not.toBe(project);
    for (const d of deliverables) {
      const restored = await queryOne(
        stack,
        `SELECT Id, Milestone__c FROM Deliverable__c WHERE Id = '${job.idMap[d.Id]}'`,
      );
      expect(sameId(restored?.Milestone__c, newDesign)).toBe(true); // R06: reference rewritten
    }
    const milestone = await queryOne(stack, `SELECT Project__c FROM Milestone__c WHERE Id = '${newDesign}'`);
    expect(sameId(milestone?.Project__c, newProject)).toBe(true);
    expect(job.counts.records.total.created).toBe(6);
  });

  it('R01 record only writes the root and nothing beneath it', async () => {
    const snap = await stack.api.backup();
    const project = await idOf(stack, 'Project__c', "Name = 'Globex rollout'");
    await destroy(stack, 'Project__c', [project]);
    const { plan, job } = await stack.api.restore(project, 'record', snap);
    expect(plan.summary.selected).toBe(1);
    expect(plan.summary.records.total.create).toBe(1);
    expect(job.status).toBe('succeeded');
    expect(
      await queryAll(stack, `SELECT Id FROM Milestone__c WHERE Project__c = '${job.idMap[project]}'`),
    ).toHaveLength(0);
  });

  it('R07 same LastModifiedDate is skipped (no write); a changed record is overwritten with the backed-up values', async () => {
    const snap = await stack.api.backup();
    const account = await idOf(stack, 'Account', "Name = 'Umbrella Health'");
    const before = await queryOne(stack, `SELECT LastModifiedDate FROM Account WHERE Id = '${account}'`);
    const skipped = await stack.api.restore(account, 'record', snap);
    expect(skipped.plan.summary.records.total.skip).toBe(1);
    expect(skipped.job.counts.records.total.skipped).toBe(1);
    const after = await queryOne(stack, `SELECT LastModifiedDate FROM Account WHERE Id = '${account}'`);
    expect(after?.LastModifiedDate).toBe(before?.LastModifiedDate);

    stack.mock!.admin.clock({ advanceMs: 60_000 });
    await stack.conn.sobject('Account').update({ Id: account, Name: 'Umbrella (renamed)', BillingCity: 'Oslo' });
    const overwritten = await stack.api.restore(account, 'record', snap);
    expect(overwritten.plan.summary.records.total.overwrite).toBe(1);
    // R04: the summary shows what the overwrite changes, old → new, and only that.
    const change = overwritten.plan.summary.changes.items.find((i) => sameId(i.itemId.replace('record:', ''), account));
    expect(change?.action).toBe('overwrite');
    expect(change?.changed).toEqual([
      { field: 'Name', from: 'Umbrella (renamed)', to: 'Umbrella Health' },
      expect.objectContaining({ field: 'BillingCity', from: 'Oslo' }),
    ]);
    expect(overwritten.job.counts.records.total.overwritten).toBe(1);
    const restored = await queryOne(stack, `SELECT Id, Name FROM Account WHERE Id = '${account}'`);
    expect(restored?.Name).toBe('Umbrella Health');
    expect(restored?.Id).toBe(account); // same id: no new record
  });

  it('R03 restores the values of an older snapshot; without one the latest is used', async () => {
    const contact = await idOf(stack, 'Contact', "LastName = 'Rivera'");
    const older = await stack.api.backup();
    stack.mock!.admin.clock({ advanceMs: 60_000 });
    await stack.conn.sobject('Contact').update({ Id: contact, Title: 'Chief Financial Officer' });
    await stack.api.backup();
    stack.mock!.admin.clock({ advanceMs: 60_000 });
    await stack.conn.sobject('Contact').update({ Id: contact, Title: 'Interim' });

    const latest = await stack.api.plan(contact, 'record'); // no snapshot: the latest
    expect(latest.request.snapshotId).not.toBe(older);
    const { job } = await stack.api.restore(contact, 'record', older);
    expect(job.status).toBe('succeeded');
    expect((await queryOne(stack, `SELECT Title FROM Contact WHERE Id = '${contact}'`))?.Title).toBe('CFO');
  });

  it('R08 a child whose mandatory parent is deleted fails with the reason; parent with related first, then it succeeds', async () => {
    const snap = await stack.api.backup();
    const milestone = await idOf(stack, 'Milestone__c', "Name = 'Build'");
    const deliverable = await idOf(stack, 'Deliverable__c', `Milestone__c = '${milestone}'`);
    const project = await idOf(stack, 'Project__c', "Name = 'Internal tooling'");
    const deliverablesBefore = await count('Deliverable__c');
    await destroy(stack, 'Milestone__c', [milestone]);

    const child = await stack.api.restore(deliverable, 'record', snap);
    expect(child.plan.summary.records.total.willFail).toBe(1);
    expect(child.job.status).toBe('failed');
    expect(child.job.failures[0]).toMatchObject({ code: 'MANDATORY_PARENT_DELETED', phase: 'plan' });
    expect(child.job.failures[0]?.message).toMatch(/Milestone__c/);
    expect(await count('Deliverable__c')).toBe(deliverablesBefore - 1); // nothing written

    const parent = await stack.api.restore(milestone, 'related', snap);
    expect(parent.job.status, JSON.stringify(parent.job.failures)).toBe('succeeded');
    expect(await count('Deliverable__c')).toBe(deliverablesBefore);
    // The milestone's parent project still existed: the link was kept as it was.
    const restored = await queryOne(
      stack,
      `SELECT Project__c FROM Milestone__c WHERE Id = '${parent.job.idMap[milestone]}'`,
    );
    expect(sameId(restored?.Project__c, project)).toBe(true);
  });

  it('R08 parent restored in one job, then the child in a later job', async () => {
    const snap = await stack.api.backup();
    const row = await queryOne(
      stack,
      "SELECT Id, Milestone__c FROM Deliverable__c WHERE Milestone__r.Name != 'Build' LIMIT 1",
    );
    const deliverable = row!.Id as string;
    const milestone = row!.Milestone__c as string;
    await destroy(stack, 'Milestone__c', [milestone]); // the deliverable goes with its master

    const parent = await stack.api.restore(milestone, 'record', snap);
    expect(parent.job.status, JSON.stringify(parent.job.failures)).toBe('succeeded');
    const newMilestone = parent.job.idMap[milestone]!;
    expect(newMilestone).toBeTruthy();

    // The snapshot still names the old milestone; the planner follows it to the copy job 1 made.
    const child = await stack.api.restore(deliverable, 'record', snap);
    expect(child.plan.summary.willFail).toEqual([]);
    expect(child.plan.summary.records.total.create).toBe(1);
    expect(child.job.status, JSON.stringify(child.job.failures)).toBe('succeeded');
    const restored = await queryOne(
      stack,
      `SELECT Milestone__c FROM Deliverable__c WHERE Id = '${child.job.idMap[deliverable]}'`,
    );
    expect(sameId(restored?.Milestone__c, newMilestone)).toBe(true);
  });

  it('R06/R07 restoring the same deleted record twice from one snapshot overwrites the first copy, never makes a second', async () => {
    const snap = await stack.api.backup();
    const subject = 'Dashboard export fails';
    const kase = await idOf(stack, 'Case', `Subject = '${subject}'`);
    await destroy(stack, 'Case', [kase]);

    const first = await stack.api.restore(kase, 'record', snap);
    expect(first.job.status, JSON.stringify(first.job.failures)).toBe('succeeded');
    const copy = first.job.idMap[kase]!;
    expect(copy).toBeTruthy();

    stack.mock!.admin.clock({ advanceMs: 60_000 });
    const second = await stack.api.restore(kase, 'record', snap);
    expect(second.plan.summary.records.total.create).toBe(0);
    expect(second.plan.summary.records.total.overwrite).toBe(1);
    expect(second.job.status, JSON.stringify(second.job.failures)).toBe('succeeded');
    const copies = await queryAll(stack, `SELECT Id FROM Case WHERE Subject = '${subject}'`);
    expect(copies.map((r) => r.Id)).toEqual([copy]);
  });

  it('R10 a standard status picklist is not restored (readable in the preview); a custom status picklist is', async () => {
    const snap = await stack.api.backup();
    const kase = await idOf(stack, 'Case', "Subject = 'Line 3 sensor drift'");
    await destroy(stack, 'Case', [kase]);
    const { plan, job } = await stack.api.restore(kase, 'record', snap);
    expect(job.status, JSON.stringify(job.failures)).toBe('succeeded');
    const restored = await queryOne(stack, `SELECT Status FROM Case WHERE Id = '${job.idMap[kase]}'`);
    expect(restored?.Status).not.toBe('Working');
    expect(plan.summary.records.byObject.Case?.create).toBe(1);
    const preview = await stack.api.call('GET', `/v1/snapshots/${snap}/records/${kase}`);
    expect(preview.body.standardStatus).toEqual({ field: 'Status', value: 'Working' });

    const project = await idOf(stack, 'Project__c', "Code__c = 'PRJ-003'");
    const before = await queryOne(stack, `SELECT Status__c FROM Project__c WHERE Id = '${project}'`);
    stack.mock!.admin.clock({ advanceMs: 60_000 });
    await stack.conn.sobject('Project__c').update({ Id: project, Status__c: 'On Hold' });
    const second = await stack.api.backup(); // the record as changed, then changed again
    stack.mock!.admin.clock({ advanceMs: 60_000 });
    await stack.conn.sobject('Project__c').update({ Id: project, Status__c: 'Cancelled' });
    await stack.api.restore(project, 'record', second);
    expect((await queryOne(stack, `SELECT Status__c FROM Project__c WHERE Id = '${project}'`))?.Status__c).toBe(
      'On Hold',
    );
    expect(before?.Status__c).toBeDefined();
  });

  it('R11 a re-created record comes back under the master record type without values the master does not allow; an overwritten one keeps its type', async () => {
    const snap = await stack.api.backup();
    const tooling = await queryOne(stack, "SELECT Id, RecordTypeId FROM Project__c WHERE Name = 'Internal tooling'");
    expect(sameId(tooling?.RecordTypeId, MASTER_RECORD_TYPE_ID)).toBe(false);
    await destroy(stack, 'Project__c', [tooling!.Id]);
    // Every change on request (`allChanges`): each item listed, the limit that of all of them.
    const all = await stack.api.call('POST', '/v1/restores', {
      recordId: tooling!.Id,
      method: 'record',
      snapshotId: snap,
      allChanges: true,
    });
    expect(all.status).toBe(201);
    expect(all.body.summary.changes.limit).toBe(
      all.body.summary.records.total.total + all.body.summary.attachments.total,
    );
    const { plan, job } = await stack.api.restore(tooling!.Id, 'record', snap);
    expect(job.status, JSON.stringify(job.failures)).toBe('succeeded');
    const restored = await queryOne(
      stack,
      `SELECT RecordTypeId, Status__c FROM Project__c WHERE Id = '${job.idMap[tooling!.Id]}'`,
    );
    expect(sameId(restored?.RecordTypeId, MASTER_RECORD_TYPE_ID)).toBe(true);
    expect(restored?.Status__c).not.toBe('Internal Review');
    expect(plan.summary.records.byObject.Project__c?.create).toBe(1);
    // R04: the summary said which value is not written, and why (R11).
    const dropped = plan.summary.changes.items.flatMap((i) => i.dropped);
    expect(dropped).toContainEqual(
      expect.objectContaining({ field: 'Status__c', value: 'Internal Review', rule: 'R11' }),
    );
    expect(plan.summary.changes.dropped.R11).toBeGreaterThanOrEqual(1);
    expect(all.body.summary.changes.items).toEqual(plan.summary.changes.items);

    const acme = await queryOne(stack, "SELECT Id, RecordTypeId FROM Project__c WHERE Code__c = 'PRJ-001'");
    if (acme) {
      const snap2 = await stack.api.backup();
      stack.mock!.admin.clock({ advanceMs: 60_000 });
      await stack.conn.sobject('Project__c').update({ Id: acme.Id, Priority__c: 'Low' });
      const over = await stack.api.restore(acme.Id, 'record', snap2);
      expect(over.job.counts.records.total.overwritten).toBe(1);
      const kept = await queryOne(stack, `SELECT RecordTypeId FROM Project__c WHERE Id = '${acme.Id}'`);
      expect(kept?.RecordTypeId).toBe(acme.RecordTypeId);
    }
  });
});
