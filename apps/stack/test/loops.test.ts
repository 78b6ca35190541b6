// Loops of links through the real stack: an optional loop is written empty then patched; a loop of
// mandatory links is found while planning (R09) and nothing of it is written.
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

describe('loops through the real stack', () => {
  it('R09 an optional loop (Project__c.Current_Milestone__c ↔ Milestone__c.Project__c) is written empty, then patched', async () => {
    const project = await idOf(stack, 'Project__c', "Name = 'Globex rollout'");
    const pilot = await idOf(stack, 'Milestone__c', "Name = 'Pilot'");
    await stack.conn.sobject('Project__c').update({ Id: project, Current_Milestone__c: pilot });
    const snap = await stack.api.backup();
    await destroy(stack, 'Project__c', [project]);
    const { plan, job } = await stack.api.restore(project, 'related', snap);
    expect(plan.summary.records.total.willFail).toBe(0);
    expect(job.status, JSON.stringify(job.failures)).toBe('succeeded');
    const restored = await queryOne(
      stack,
      `SELECT Current_Milestone__c FROM Project__c WHERE Id = '${job.idMap[project]}'`,
    );
    expect(sameId(restored?.Current_Milestone__c, job.idMap[pilot]!)).toBe(true);
  });

  it('R09 a loop of mandatory links is will-fail in the summary, naming records and fields; the job fails and writes nothing of it', async () => {
    const snap = await stack.api.backup();
    const project = await idOf(stack, 'Project__c', "Name = 'Acme plant upgrade'");
    const design = await idOf(stack, 'Milestone__c', "Name = 'Design'");
    // A snapshot in which Current_Milestone__c is a required lookup: Project ↔ Milestone becomes a
    // mandatory loop (no org lets such records be created; a backup of an org whose field became
    // required later can hold them).
    // The store hands out shared, frozen schemas: edit a copy.
    const schema = structuredClone(stack.store.schema(snap));
    const projectDescribe = schema.objects.find((o) => o.name === 'Project__c')!;
    const field = projectDescribe.fields.find((f) => f.name === 'Current_Milestone__c')!;
    field.nillable = false;
    const writer = stack.store.beginSnapshot({ orgId: stack.store.getSnapshot(snap).orgId });
    writer.setSchema(schema);
    const records = [stack.store.record(snap, project)!, ...stack.store.descendants(snap, project)];
    writer.addRecords(
      records.map((r) => ({
        type: r.type,
        fields: r.id === project ? { ...r.fields, Current_Milestone__c: design } : r.fields,
      })),
    );
    const crafted = writer.commit().id;
    await destroy(stack, 'Project__c', [project]);
    const counts = async () => (await queryAll(stack, 'SELECT Id FROM Milestone__c')).length;
    const before = await counts();

    const plan = await stack.api.plan(project, 'related', crafted);
    const loop = plan.summary.willFail.filter((f) => f.code === 'MANDATORY_LOOP');
    expect(loop.map((f) => f.itemId).sort()).toEqual([`record:${design}`, `record:${project}`].sort());
    expect(loop.map((f) => f.message).join(' ')).toMatch(/Current_Milestone__c/);
    const job = await stack.api.waitJob((await stack.api.confirm(plan.planId)).jobId);
    expect(job.status).toBe('failed');
    expect(job.failures.some((f) => f.code === 'MANDATORY_LOOP' && f.rule === 'R09')).toBe(true);
    expect(await queryOne(stack, "SELECT Id FROM Project__c WHERE Name = 'Acme plant upgrade'")).toBeUndefined();
    expect(await counts()).toBe(before);
  });
});
