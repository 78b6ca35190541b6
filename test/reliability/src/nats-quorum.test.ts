// restorelab on a three-node JetStream cluster that loses its quorum or has a node cut off, mid-job.
//
// Two of three nodes killed (SIGKILL): every stream has 3 replicas, so none has a majority and
// JetStream answers nothing that needs one (no publish to a stream, no KV write). The job must pause
// (not end, neither failed nor succeeded), and when one node comes back it must complete with the
// whole tree once, each record under its parent, one version per file.
//
// A node cut off (SIGSTOP, then SIGCONT): the records stream's leader stops answering while its
// sockets stay open, as across a partition that drops packets; the other two elect a new leader and
// go on, then the old leader comes back still believing it leads. Same checks.
//
// A partition (routes cut through the relays of harness/route-links.ts): the records stream's
// leader keeps running and keeps its clients, but hears nothing from its two peers for 12-20 s
// (longer than JetStream's election timeouts, so the majority elects a new leader), then the
// partition heals and the held traffic arrives late. Same checks.
//
// RELIABILITY_QUORUM_DOWN_MS sets how long the quorum stays lost (default 10000; writers and the
// planner retry a NATS call for about a minute, so a longer outage tests those limits), and
// RELIABILITY_REPEATS / RELIABILITY_SEED repeat and replay runs (harness/repeats.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { STREAMS } from '@restorelab/contracts';
import { isTerminalJobStatus } from '@restorelab/planner-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from './harness/api-client.ts';
import { clusterSettled, expectWholeTree, recordsLeader, reportStuck, streamsNow } from './harness/cluster-checks.ts';
import { type NatsCluster, startNatsCluster } from './harness/nats-cluster.ts';
import { type ProcessStack, startProcessStack } from './harness/process-stack.ts';
import { between, random, seededRuns } from './harness/repeats.ts';
import { planLostTree, slowWrites, written } from './harness/scenario.ts';

const DOWN_MS = Number(process.env.RELIABILITY_QUORUM_DOWN_MS ?? 10_000);
const TREE = { milestones: 600, deliverablesPer: 1, files: 4 };

let root = '';
let cluster: NatsCluster;
let stack: ProcessStack;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'restorelab-quorum-'));
  cluster = await startNatsCluster(root, { partitions: true });
  stack = await startProcessStack({
    natsUrl: cluster.url,
    env: { JETSTREAM_REPLICAS: '3' },
    recordWriters: 2,
    fileWriters: 2,
  });
  await clusterSettled(cluster);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await cluster?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** What the API showed while the fault lasted: states read, requests that failed, the most written. */
interface Watch {
  reads: number;
  failedReads: number;
  ended: string[];
  maxWritten: number;
  /** Every status read, in order (fault and after). */
  statuses: string[];
}

async function watchJob(jobId: string, forMs: number): Promise<Watch> {
  const watch: Watch = { reads: 0, failedReads: 0, ended: [], maxWritten: 0, statuses: [] };
  const until = Date.now() + forMs;
  while (Date.now() < until) {
    try {
      const job = await stack.api.job(jobId);
      watch.reads++;
      watch.maxWritten = Math.max(watch.maxWritten, written(job));
      watch.statuses.push(job.status);
      if (isTerminalJobStatus(job.status)) watch.ended.push(job.status);
    } catch {
      watch.failedReads++;
    }
    await sleep(500);
  }
  return watch;
}

/** `running x12, succeeded x3`: a status sequence, compactly. */
function runs(statuses: string[]): string {
  const out: string[] = [];
  for (const s of statuses) {
    const last = out.at(-1);
    if (last?.startsWith(`${s} x`)) out[out.length - 1] = `${s} x${Number(last.slice(s.length + 2)) + 1}`;
    else out.push(`${s} x1`);
  }
  return out.join(', ');
}

/** Plans and confirms the restore, waits for the first write and a seeded moment more. */
async function startJob(tag: string, seed: number) {
  const rnd = random(seed);
  const { tree, planId } = await planLostTree(stack, tag, TREE);
  stack.mock.admin.setFaults(slowWrites(between(rnd, 300, 600), seed));
  const started = await stack.api.confirm(planId);
  const confirmedAt = Date.now();
  await stack.api.waitFor(started.jobId, (j) => written(j) > 0, 120_000);
  const delayMs = between(rnd, 0, 500);
  await sleep(delayMs);
  const before = await stack.api.job(started.jobId);
  expect(before.status, 'the fault must land mid-job').toBe('running');
  return { rnd, tree, jobId: started.jobId, confirmedAt, delayMs, before };
}

/** A job still running this long after the fault ended is reported (consumers, warnings) while it waits. */
const SLOW_MS = 30_000;

/** The statuses read after the job was first read as ended: once ended, a job never runs again. */
function afterEnd(statuses: string[]): string[] {
  const first = statuses.findIndex((s) => isTerminalJobStatus(s as Job['status']));
  return first < 0 ? [] : statuses.slice(first).filter((s) => !isTerminalJobStatus(s as Job['status']));
}

/** Waits for the job's end; `statuses` gets every status read meanwhile. */
async function finish(tag: string, jobId: string, statuses: string[] = []): Promise<Job> {
  const slow = setTimeout(async () => {
    const { idMap: _, ...state } = await stack.api.job(jobId).catch(() => ({ idMap: {} }));
    console.info(`[cluster] ${tag} slow, job: ${JSON.stringify(state).slice(0, 1500)}`);
    await reportStuck(cluster, stack, `${tag} slow`);
  }, SLOW_MS);
  const job = await stack.api
    .waitJob(jobId, { timeoutMs: 240_000, onPoll: (j) => statuses.push(j.status) })
    .catch(async (err: Error) => {
      await reportStuck(cluster, stack, tag);
      throw new Error(err.message.slice(0, 600));
    })
    .finally(() => clearTimeout(slow));
  stack.mock.admin.clearFaults();
  return job;
}

describe('a 3-node JetStream cluster without its quorum', () => {
  for (const { run, seed, label } of seededRuns('two nodes lost')) {
    it(`two of three nodes killed mid-job (${label}): the job pauses, then completes once a node is back`, async () => {
      const tag = `q2${run}`;
      const { rnd, tree, jobId, confirmedAt, delayMs, before } = await startJob(tag, seed);
      const names = cluster.nodes.map((n) => n.name);
      const survivor = names[between(rnd, 0, names.length - 1)]!;
      const victims = names.filter((n) => n !== survivor);
      await Promise.all(victims.map((v) => cluster.kill9(v)));
      const killedAt = Date.now();
      const during = await watchJob(jobId, DOWN_MS);
      // No quorum: nothing may end the job, and the org may get at most the writes already in hand.
      expect(during.ended, 'the job ended without a quorum').toEqual([]);
      const back = victims[between(rnd, 0, victims.length - 1)]!;
      await cluster.restart(back);
      const backAt = Date.now();
      const job = await finish(tag, jobId);
      const doneAt = Date.now();
      await expectWholeTree(stack.conn, job, tree, TREE);
      await cluster.restart(victims.find((v) => v !== back)!);
      const settleMs = await clusterSettled(cluster);
      console.info(
        `[measure] quorum lost seed ${seed}: killed ${victims.join('+')} ${delayMs} ms after the first write ` +
          `(${written(before)}/${tree.records} written), down ${DOWN_MS} ms: job still running, ` +
          `${during.maxWritten} written at most, ${during.reads} API reads answered, ${during.failedReads} failed; ` +
          `${back} back: job ${job.status} ${doneAt - backAt} ms later (${doneAt - confirmedAt} ms in all, ` +
          `${doneAt - killedAt} ms after the kill), ${tree.records} records + ${tree.spec.files} files, ` +
          `0 lost, 0 twice, 0 misparented, 1 version per file; all replicas current ${settleMs} ms after the last restart`,
      );
    }, 420_000);
  }

  for (const { run, seed, label } of seededRuns('leader cut off')) {
    it(`the record stream's leader cut off mid-job and back (${label}): the job completes, nothing lost or twice`, async () => {
      const tag = `qp${run}`;
      const { rnd, tree, jobId, confirmedAt, delayMs, before } = await startJob(tag, seed);
      const { victim, led } = await recordsLeader(cluster);
      const cutMs = between(rnd, 5000, 15000);
      cluster.freeze(victim);
      const cutAt = Date.now();
      const during = await watchJob(jobId, cutMs);
      cluster.resume(victim);
      const healedAt = Date.now();
      const job = await finish(tag, jobId, during.statuses);
      const doneAt = Date.now();
      await expectWholeTree(stack.conn, job, tree, TREE);
      // The API must not report a job as ended and then as running again.
      expect(afterEnd(during.statuses), `statuses read: ${runs(during.statuses)}`).toEqual([]);
      const settleMs = await clusterSettled(cluster);
      const newLeader = (await streamsNow(cluster)).find((s) => s.name === STREAMS.records)?.leader;
      console.info(
        `[measure] leader cut off seed ${seed}: froze ${victim} (led ${led.join(', ')}) ${delayMs} ms after the first write ` +
          `(${written(before)}/${tree.records} written) for ${cutMs} ms, ${during.maxWritten} written meanwhile ` +
          `(${during.ended.length ? `job ${during.ended[0]} then` : 'job running then'}); records leader now ${newLeader}; ` +
          `job ${job.status} in ${doneAt - confirmedAt} ms (${doneAt - cutAt} ms after the cut, ${doneAt - healedAt} ms after the heal; read ${runs(during.statuses)}), ${tree.records} records + ` +
          `${tree.spec.files} files, 0 lost, 0 twice, 0 misparented, 1 version per file; all replicas current ${settleMs} ms later`,
      );
    }, 420_000);
  }

  for (const { run, seed, label } of seededRuns('leader partitioned')) {
    it(`the record stream's leader partitioned from its peers mid-job, then healed (${label}): the job completes, nothing lost or twice`, async () => {
      const tag = `qn${run}`;
      const { rnd, tree, jobId, confirmedAt, delayMs, before } = await startJob(tag, seed);
      const { victim, led } = await recordsLeader(cluster);
      const cutMs = between(rnd, 12_000, 20_000);
      cluster.partition(victim);
      const cutAt = Date.now();
      const during = await watchJob(jobId, cutMs);
      cluster.heal();
      const healedAt = Date.now();
      const job = await finish(tag, jobId, during.statuses);
      const doneAt = Date.now();
      await expectWholeTree(stack.conn, job, tree, TREE);
      // The API must not report a job as ended and then as running again.
      expect(afterEnd(during.statuses), `statuses read: ${runs(during.statuses)}`).toEqual([]);
      const settleMs = await clusterSettled(cluster);
      const newLeader = (await streamsNow(cluster)).find((s) => s.name === STREAMS.records)?.leader;
      console.info(
        `[measure] partition seed ${seed}: cut ${victim} (led ${led.join(', ')}) off ${delayMs} ms after the first write ` +
          `(${written(before)}/${tree.records} written) for ${cutMs} ms, ${during.maxWritten} written meanwhile, ` +
          `${during.reads} API reads answered, ${during.failedReads} failed (${during.ended.length ? `job ${during.ended[0]}` : 'job running'}); ` +
          `records leader now ${newLeader}; job ${job.status} in ${doneAt - confirmedAt} ms (${doneAt - cutAt} ms after the cut, ${doneAt - healedAt} ms after the heal; read ${runs(during.statuses)}), ` +
          `${tree.records} records + ${tree.spec.files} files, 0 lost, 0 twice, 0 misparented, 1 version per file; all replicas current ${settleMs} ms later`,
      );
    }, 420_000);
  }
});
