// A job larger than a NATS message: ~30,000 records, whose state as one KV value (the old layout)
// passed the server's 1 MB max_payload at about 24,000. The planner is killed mid-job and a new one
// on the same NATS finishes it from the job's head and journal. Checked through jsforce: every record
// once, under the right parent; the job counts each once; no process logged "max_payload"; the id map
// pages back whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTree } from './harness/org-data.ts';
import { type ProcessStack, startProcessStack } from './harness/process-stack.ts';
import { planLostTree, written } from './harness/scenario.ts';

let stack: ProcessStack;
beforeAll(async () => {
  stack = await startProcessStack();
}, 60_000);
afterAll(async () => {
  await stack?.close();
});

/** 6,000 milestones with 4 deliverables each, and the project: 30,001 records. */
const SPEC = { milestones: 6_000, deliverablesPer: 4 };

describe('a job past the old 1 MB state', () => {
  it('kill -9 of the planner at half way: a new planner finishes the job; none twice, none lost, no max_payload', async () => {
    const started0 = Date.now();
    const { tree, planId } = await planLostTree(stack, 'big', SPEC);
    const planned = Date.now();
    const started = await stack.api.confirm(planId);
    const half = await stack.api.waitFor(started.jobId, (j) => written(j) >= tree.records / 2, 300_000);
    expect(half.status).toBe('running');
    await stack.restartPlanner();
    expect(stack.planner.logs().some((l) => l.msg === 'job resumed' && l.jobId === started.jobId)).toBe(true);
    const job = await stack.api.waitJob(started.jobId, { timeoutMs: 300_000 });
    const finished = Date.now();

    expect(job.status, `${job.reason} ${JSON.stringify(job.failures.slice(0, 3))}`).toBe('succeeded');
    // Each result counted once, whatever was redelivered after the kill.
    expect(job.counts.records.total.created).toBe(tree.records);
    expect(job.idCount).toBe(tree.records);
    expect(Object.keys(job.idMap).length).toBeLessThanOrEqual(1_000); // the document stays small
    const check = await checkTree(stack.conn, tree);
    expect(check).toMatchObject({ lost: [], misparented: [], duplicates: [] });
    expect(check.counts.milestones + check.counts.deliverables).toBe(tree.records - 1);

    // The whole id map, page by page, and every new id is a record of the org.
    const ids: Record<string, string> = {};
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await stack.api.call('GET', `/v1/jobs/${started.jobId}/ids${cursor ? `?cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      Object.assign(ids, page.body.idMap);
      cursor = page.body.next;
      pages++;
    } while (cursor);
    expect(Object.keys(ids)).toHaveLength(tree.records);
    expect(ids).toMatchObject(job.idMap);

    // What is stored, not the planner's memory: a third planner reads the job as saved. (A save that
    // fails is retried for about a minute before anything is logged, while the job already answers
    // `succeeded` from memory: only the stored state tells.)
    await stack.restartPlanner();
    const stored = await stack.api.job(started.jobId);
    expect(stored.status).toBe('succeeded');
    expect(stored.counts.records.total.created).toBe(tree.records);
    expect(stored.idCount).toBe(tree.records);

    const logged = stack.processes.flatMap((p) => p.logs()).map((l) => JSON.stringify(l));
    expect(logged.filter((l) => /max_payload|maximum payload/i.test(l))).toEqual([]);
    expect(logged.filter((l) => l.includes('job state not saved'))).toEqual([]);
    console.info(
      `[measure] ${tree.records} records: plan ${planned - started0} ms (tree, backup, plan), job ${finished - planned} ms with a planner kill, ${job.retries} redelivered results, ${pages} id pages`,
    );
  }, 900_000);
});
