// A job larger than a NATS message: ~30,000 records, whose state as one KV value (the old layout)
// passed the server's 1 MB max_payload at about 24,000. The planner is killed mid-job and a new one
// on the same NATS finishes it from the job's head and journal. Checked through jsforce: every record
// once, under the right parent; the job counts each once; no process logged "max_payload"; the id map
// pages back whole.
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { KV_BUCKETS } from '@restorelab/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from './harness/api-client.ts';
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

    // What is stored, not the planner's memory (a save that fails is retried for about a minute
    // before anything is logged, while the job answers `succeeded` from memory): the planner logs
    // "job finished" once the final save is in, and the job's entry is read from KV itself.
    await stack.planner.waitForLog('job finished', 120_000);
    const stored = await storedJob(stack.nats.url, started.jobId);
    expect(stored.head.status).toBe('succeeded');
    expect(stored.head.counts.records.total.created).toBe(tree.records);
    expect(stored.head.idCount).toBe(tree.records);
    expect(stored.headBytes).toBeLessThan(64 * 1024);
    // One entry (at least) per answered batch: Composite Graph payloads of up to 500 records (the
    // default), sObject Collections of 200 with RESTORE_WRITE_MODE=collections.
    expect(stored.entries).toBeGreaterThanOrEqual(tree.records / 500);
    // And a planner started after it reads the same.
    await stack.restartPlanner();
    expect((await stack.api.job(started.jobId)).status).toBe('succeeded');

    const logged = stack.processes.flatMap((p) => p.logs()).map((l) => JSON.stringify(l));
    expect(logged.filter((l) => /max_payload|maximum payload/i.test(l))).toEqual([]);
    expect(logged.filter((l) => l.includes('job state not saved'))).toEqual([]);
    console.info(
      `[measure] ${tree.records} records: plan ${planned - started0} ms (tree, backup, plan), job ${finished - planned} ms with a planner kill, ${job.retries} redelivered results, ${pages} id pages; stored head ${stored.headBytes} bytes, ${stored.entries} journal entries of ${stored.entryBytes} bytes`,
    );
  }, 900_000);
});

/** The job's entry in KV as stored (its head), with the size of its journal. */
async function storedJob(natsUrl: string, jobId: string) {
  const nc = await connect({ servers: natsUrl });
  try {
    const kv = await new Kvm(jetstream(nc)).open(KV_BUCKETS.jobs);
    const entry = await kv.get(`job.${jobId}`);
    if (!entry) throw new Error(`no KV entry for ${jobId}`);
    let entries = 0;
    let entryBytes = 0;
    for await (const key of await kv.keys(`job.${jobId}.b.*`)) {
      entries++;
      entryBytes += (await kv.get(key))?.length ?? 0;
    }
    return { head: entry.json<Job>(), headBytes: entry.length, entries, entryBytes };
  } finally {
    await nc.close();
  }
}
