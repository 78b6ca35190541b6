// Two planners on one file-backed nats-server, separate OS processes. The planner running a job dies
// mid-job (kill -9), or hangs (SIGSTOP: its connection stays, it stops renewing its lease); the
// other planner takes the job over and finishes it, without waiting for a restart. Afterwards the
// org holds every record of the tree once, under the right parent, and the counts say each record
// once: no result was applied twice. A job keeps its claims across the takeover: a restore of the
// same tree confirmed meanwhile waits for it, then plans again and writes nothing a second time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, Job } from './harness/api-client.ts';
import { checkTree, type ProjectTree } from './harness/org-data.ts';
import { type ProcessStack, startProcessStack } from './harness/process-stack.ts';
import { planLostTree, slowWrites, written } from './harness/scenario.ts';
import type { ServiceProcess } from './harness/service-process.ts';

let stack: ProcessStack;
beforeAll(async () => {
  stack = await startProcessStack();
});
afterAll(async () => {
  await stack?.close();
});

async function expectWholeTree(job: Job, tree: ProjectTree): Promise<void> {
  expect(job.status, `${job.reason} ${JSON.stringify(job.failures.slice(0, 3))}`).toBe('succeeded');
  // A result applied twice would count its records twice.
  expect(job.counts.records.total.created).toBe(tree.records);
  expect(job.counts.files.created).toBe(tree.spec.files);
  const check = await checkTree(stack.conn, tree);
  expect(check).toMatchObject({ lost: [], misparented: [], duplicates: [] });
  expect(check.counts.projects).toBe(1);
  expect(check.counts.milestones + check.counts.deliverables).toBe(tree.records - 1);
  expect(check.counts.files).toBe(tree.spec.files);
}

/** Confirms a restore at the stack's planner and waits until it has written something. */
async function jobUnderWay(tag: string) {
  const scenario = await planLostTree(stack, tag, { milestones: 300, deliverablesPer: 1, files: 4 });
  stack.mock.admin.setFaults(slowWrites(600));
  const started = await stack.api.confirm(scenario.planId);
  const before = await stack.api.waitFor(started.jobId, (j) => written(j) > 0);
  expect(before.status).toBe('running');
  return { ...scenario, jobId: started.jobId };
}

/** The other planner takes over: how long after `since`, from its log. */
async function takenOver(other: ServiceProcess, jobId: string, since: number): Promise<number> {
  const line = await other.waitForLog('job taken over', 60_000);
  expect(line.jobId).toBe(jobId);
  return Number(line.time) - since;
}

describe('a planner dies mid-job while another one runs', () => {
  let other: { proc: ServiceProcess; api: ApiClient };
  /** A planner left running by the test before (the one that took the job over). */
  let survivor: { proc: ServiceProcess; api: ApiClient };

  it('kill -9 of the planner running a job: the other planner takes it over and finishes it', async () => {
    other = await stack.startPlanner();
    const { tree, jobId } = await jobUnderWay('tk');
    const dead = stack.planner;
    const killedAt = Date.now();
    await dead.kill9();
    const takeoverMs = await takenOver(other.proc, jobId, killedAt);
    const job = await other.api.waitJob(jobId, { timeoutMs: 240_000 });
    stack.mock.admin.clearFaults();
    await expectWholeTree(job, tree);
    console.info(`[measure] takeover after kill -9: ${takeoverMs} ms; ${tree.records} records, 0 twice, 0 lost`);
    // The lease is bounded: the owner's connection closing is seen at once, not after the lease.
    expect(takeoverMs).toBeLessThan(8_000);
  }, 300_000);

  it('SIGSTOP of the planner running a job: its lease runs out, the other finishes; woken, it lets go', async () => {
    // The survivor of the test before runs this job; a fresh planner stands by.
    const standby = await stack.startPlanner();
    stack.api.setBaseUrl(other.api.baseUrl);
    const { tree, jobId } = await jobUnderWay('ts');
    const stoppedAt = Date.now();
    process.kill(other.proc.pid, 'SIGSTOP');
    try {
      const takeoverMs = await takenOver(standby.proc, jobId, stoppedAt);
      const job = await standby.api.waitJob(jobId, { timeoutMs: 240_000 });
      stack.mock.admin.clearFaults();
      await expectWholeTree(job, tree);
      console.info(`[measure] takeover after SIGSTOP: ${takeoverMs} ms; ${tree.records} records, 0 twice, 0 lost`);
      // Not before the lease could run out unrenewed (8 s), nor long after.
      expect(takeoverMs).toBeGreaterThanOrEqual(8_000);
      expect(takeoverMs).toBeLessThan(30_000);
    } finally {
      process.kill(other.proc.pid, 'SIGCONT');
    }
    // Woken, the old holder learns it lost the job and saves nothing more of it.
    await other.proc.waitForLog('job lease lost: another planner runs the job', 30_000);
    const after = await standby.api.job(jobId);
    expect(after.status).toBe('succeeded');
    expect(after.counts.records.total.created).toBe(tree.records);
    survivor = standby;
  }, 300_000);

  it('a job whose planner is killed keeps its claims: a restore of the same tree waits, then writes none', async () => {
    const doomed = await stack.startPlanner();
    stack.api.setBaseUrl(doomed.api.baseUrl);
    const { tree, jobId, snapshotId } = await jobUnderWay('tc');
    // Planned while the first job runs: run as planned, it would create the tree a second time.
    const second = await survivor.api.plan(tree.projectId, 'related', snapshotId);
    await doomed.proc.kill9();
    // Confirmed before or after another planner takes the first job over: either way it may not write.
    const started = await survivor.api.confirm(second.planId);
    const waiting = await survivor.api.waitFor(started.jobId, (j) => j.waitingFor === jobId, 60_000);
    expect(waiting.waitingFor).toBe(jobId);
    const first = await survivor.api.waitJob(jobId, { timeoutMs: 240_000 });
    stack.mock.admin.clearFaults();
    await expectWholeTree(first, tree);
    const later = await survivor.api.waitJob(started.jobId, { timeoutMs: 120_000 });
    expect(later.status, `${later.reason} ${JSON.stringify(later.failures.slice(0, 3))}`).toBe('succeeded');
    expect(later.waitedFor).toEqual([jobId]);
    expect(later.counts.records.total.created).toBe(0);
    // Still once in the org, files included.
    await expectWholeTree(first, tree);
  }, 300_000);
});
