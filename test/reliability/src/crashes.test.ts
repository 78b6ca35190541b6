// kill -9 of a record-writer in the middle of a job: another instance takes the unacked batch over,
// the write ledger answers what the dead one had written, and the org ends with every record once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTree } from './harness/org-data.ts';
import { type ProcessStack, startProcessStack } from './harness/process-stack.ts';
import { planLostTree, slowWrites, written } from './harness/scenario.ts';

let stack: ProcessStack;
beforeAll(async () => {
  stack = await startProcessStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('record-writer killed mid-job', () => {
  it('the job completes on a new instance; no record created twice, none lost', async () => {
    const { tree, planId } = await planLostTree(stack, 'kw', { milestones: 300, deliverablesPer: 1 });
    stack.mock.admin.setFaults(slowWrites(600));
    const started = await stack.api.confirm(planId);
    const before = await stack.api.waitFor(started.jobId, (j) => written(j) > 0);
    expect(before.status).toBe('running');
    await stack.recordWriters[0]!.kill9();
    await stack.startService('record-writer');
    const job = await stack.api.waitJob(started.jobId);
    stack.mock.admin.clearFaults();

    expect(job.status, JSON.stringify(job.failures.slice(0, 3))).toBe('succeeded');
    expect(job.counts.records.total.created).toBe(tree.records);
    const check = await checkTree(stack.conn, tree);
    expect(check).toMatchObject({ lost: [], duplicates: [], misparented: [] });
    expect(check.counts).toEqual({ projects: 1, milestones: 300, deliverables: 300, files: 0 });
  });
});
