// Crashes in the middle of a job, on one stack of separate OS processes over a file-backed
// nats-server: kill -9 of a record-writer, of the file-writer and of the planner, and a restart of
// nats-server itself. After each, the job must complete and the org hold every record of the tree
// exactly once, under the right parent (checked through jsforce, record by record).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from './harness/api-client.ts';
import { checkTree, type ProjectTree } from './harness/org-data.ts';
import { type ProcessStack, startProcessStack } from './harness/process-stack.ts';
import { planLostTree, slowWrites, written } from './harness/scenario.ts';

let stack: ProcessStack;
beforeAll(async () => {
  stack = await startProcessStack();
});
afterAll(async () => {
  await stack?.close();
});

async function expectWholeTree(job: Job, tree: ProjectTree, allowedDuplicates = 0): Promise<void> {
  expect(job.status, `${job.reason} ${JSON.stringify(job.failures.slice(0, 3))}`).toBe('succeeded');
  expect(job.counts.records.total.created).toBe(tree.records);
  expect(job.counts.files.created).toBe(tree.spec.files);
  const check = await checkTree(stack.conn, tree);
  expect(check).toMatchObject({ lost: [], misparented: [] });
  expect(check.duplicates.length).toBeLessThanOrEqual(allowedDuplicates);
  const dup = check.duplicates.length;
  expect(check.counts.projects).toBe(1);
  expect(check.counts.milestones + check.counts.deliverables).toBe(tree.records - 1 + dup);
  expect(check.counts.files).toBe(tree.spec.files);
  console.info(
    `[measure] ${tree.tag}: job ${job.status}, ${tree.records} records, ${dup} created twice, 0 lost, job.retries ${job.retries}`,
  );
}

describe('crashes mid-job', () => {
  it('kill -9 of the record-writer: a new instance finishes the job; no record created twice, none lost', async () => {
    const { tree, planId } = await planLostTree(stack, 'kw', { milestones: 300, deliverablesPer: 1 });
    stack.mock.admin.setFaults(slowWrites(600));
    const started = await stack.api.confirm(planId);
    const before = await stack.api.waitFor(started.jobId, (j) => written(j) > 0);
    expect(before.status).toBe('running');
    await stack.recordWriters.shift()!.kill9();
    const next = await stack.startService('record-writer');
    const job = await stack.api.waitJob(started.jobId);
    stack.mock.admin.clearFaults();
    // A kill while a create call is in the org's hands leaves records nobody recorded: the new
    // writer finds the batch's inserting mark and takes them from the org instead of creating
    // them again (see docs/reliability.md).
    const reconciled = next.logs().filter((l) => l.msg === 'interrupted create reconciled');
    console.info(
      `[measure] kw: ${reconciled.length} batch(es) reconciled, ${reconciled.reduce((n, l) => n + Number(l.foundInOrg ?? 0), 0)} record(s) found in the org`,
    );
    await expectWholeTree(job, tree);
  });

  it('kill -9 of the file-writer: a new instance finishes the files; no file created twice, none lost', async () => {
    const { tree, planId } = await planLostTree(stack, 'kf', { milestones: 3, files: 16 });
    stack.mock.admin.setFaults(slowWrites(250));
    const started = await stack.api.confirm(planId);
    const before = await stack.api.waitFor(started.jobId, (j) => j.counts.files.created > 0);
    expect(before.status).toBe('running');
    await stack.fileWriters.shift()!.kill9();
    await stack.startService('file-writer');
    const job = await stack.api.waitJob(started.jobId);
    stack.mock.admin.clearFaults();
    // The inserting mark closes the kill window; a task delivered twice into one group of files
    // is restored once (the two windows that used to leave a file twice, see docs/reliability.md).
    await expectWholeTree(job, tree);
  });

  it('kill -9 of the planner: the restarted planner resumes the job from KV', async () => {
    const { tree, planId } = await planLostTree(stack, 'kp', { milestones: 300, deliverablesPer: 1 });
    stack.mock.admin.setFaults(slowWrites(600));
    const started = await stack.api.confirm(planId);
    const before = await stack.api.waitFor(started.jobId, (j) => written(j) > 0);
    expect(before.status).toBe('running');
    const dead = stack.planner;
    await stack.restartPlanner();
    expect(stack.planner.logs().some((l) => l.msg === 'job resumed' && l.jobId === started.jobId)).toBe(true);
    expect(dead.pid).not.toBe(stack.planner.pid);
    const job = await stack.api.waitJob(started.jobId);
    stack.mock.admin.clearFaults();
    await expectWholeTree(job, tree);
  });

  it('nats-server restarted (same store, same port) mid-job: the job completes', async () => {
    const { tree, planId } = await planLostTree(stack, 'kn', { milestones: 300, deliverablesPer: 1, files: 4 });
    stack.mock.admin.setFaults(slowWrites(600));
    const started = await stack.api.confirm(planId);
    const before = await stack.api.waitFor(started.jobId, (j) => written(j) > 0);
    expect(before.status).toBe('running');
    await stack.restartNats(1_000);
    const job = await stack.api.waitJob(started.jobId);
    stack.mock.admin.clearFaults();
    await expectWholeTree(job, tree);
  });
});
