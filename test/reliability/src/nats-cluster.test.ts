// restorelab on a three-node JetStream cluster (three nats-server processes on loopback, routed, each
// with its own store), every stream and bucket with 3 replicas, the planner, two record-writers and
// two file-writers as separate processes given all three URLs. Mid-restore one node is killed with
// SIGKILL: once any node, once the leader of the record work stream. The job must complete with the
// whole tree once, each record under its parent and one version per file.
//
// RELIABILITY_REPEATS=5 repeats each fault (default 1); RELIABILITY_SEED=<n> replays a run's
// choices (harness/repeats.ts). Every run prints its seed, the node killed, the streams it led and the timings
// ([measure] lines). About 40 s with one run of each on two cores, so it runs with the rest of the
// reliability tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { STREAMS } from '@restorelab/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterSettled, expectWholeTree, reportStuck, streamsNow } from './harness/cluster-checks.ts';
import { type NatsCluster, startNatsCluster } from './harness/nats-cluster.ts';
import { type ProcessStack, startProcessStack } from './harness/process-stack.ts';
import { random, seededRuns } from './harness/repeats.ts';
import { planLostTree, slowWrites, written } from './harness/scenario.ts';

const TREE = { milestones: 1500, deliverablesPer: 1, files: 6 };

let root = '';
let cluster: NatsCluster;
let stack: ProcessStack;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'restorelab-cluster-'));
  cluster = await startNatsCluster(root);
  stack = await startProcessStack({
    natsUrl: cluster.url,
    env: { JETSTREAM_REPLICAS: '3' },
    recordWriters: 2,
    fileWriters: 2,
  });
}, 120_000);
afterAll(async () => {
  await stack?.close();
  await cluster?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function faultRun(kind: 'any node' | 'records leader', run: number, seed: number): Promise<void> {
  // The seed picks the node and the delay; the rest of the timing is the machine's.
  const rnd = random(seed);
  const tag = `cl${kind === 'any node' ? 'n' : 'l'}${run}`;
  const t0 = Date.now();
  const { tree, planId } = await planLostTree(stack, tag, TREE);
  const planned = Date.now() - t0;
  stack.mock.admin.setFaults(slowWrites(300));
  const started = await stack.api.confirm(planId);
  const confirmedAt = Date.now();
  await stack.api.waitFor(started.jobId, (j) => written(j) > 0, 120_000);
  // Within the first second of writing: the job's writes (16 record calls held 300 ms each by the
  // org, then the files) take 3.5 s or more, so the kill lands mid-job even on a quiet machine (up
  // to 3 s after the first write finished the job first about one run in four).
  const delay = Math.floor(rnd() * 1000);
  await sleep(delay);
  const streams = await streamsNow(cluster);
  const recordsLeader = streams.find((s) => s.name === STREAMS.records)?.leader;
  const victim =
    kind === 'records leader'
      ? recordsLeader!
      : cluster.nodes.filter((n) => n.alive)[Math.floor(rnd() * cluster.nodes.length)]!.name;
  const led = streams.filter((s) => s.leader === victim).map((s) => s.name);
  const before = await stack.api.waitFor(started.jobId, () => true);
  expect(before.status, 'the kill must land mid-job').toBe('running');
  const killedAt = Date.now();
  await cluster.kill9(victim);
  console.info(`[cluster] ${tag}: seed ${seed}, killing ${victim} (led ${led.join(', ')}), ${written(before)} written`);
  const job = await stack.api.waitJob(started.jobId, { timeoutMs: 150_000 }).catch(async (err: Error) => {
    await reportStuck(cluster, stack, tag);
    throw new Error(err.message.slice(0, 600));
  });
  const doneAt = Date.now();
  const jobMs = doneAt - confirmedAt;
  stack.mock.admin.clearFaults();

  await expectWholeTree(stack.conn, job, tree, TREE);

  await cluster.restart(victim);
  const settleMs = await clusterSettled(cluster);
  console.info(
    `[measure] cluster ${kind} run ${run}: seed ${seed}, killed ${victim} ${delay} ms after the first write ` +
      `(${written(before)}/${tree.records} records written then), it led [${led.join(', ')}]; ` +
      `job ${job.status} in ${jobMs} ms (${doneAt - killedAt} ms after the kill), ` +
      `${tree.records} records + ${tree.spec.files} files, 0 lost, 0 twice, 0 misparented, 1 version per file; ` +
      `plan ${planned} ms, node back and every replica current ${settleMs} ms`,
  );
}

describe('a 3-node JetStream cluster', () => {
  it('the planner sets up every stream and bucket with 3 replicas when JETSTREAM_REPLICAS=3', async () => {
    const streams = await streamsNow(cluster);
    expect(streams.length).toBeGreaterThanOrEqual(Object.keys(STREAMS).length + 2);
    for (const s of streams) expect(s.replicas, s.name).toBe(3);
    await clusterSettled(cluster);
  });

  const leaderRuns = seededRuns('cluster records leader');
  for (const { run, seed, label } of seededRuns('cluster any node')) {
    it(`kill -9 of one NATS node mid-job (${label}): the job completes, nothing lost or twice`, async () => {
      await faultRun('any node', run, seed);
    }, 420_000);
    const leader = leaderRuns[run - 1]!;
    it(`kill -9 of the record stream's leader mid-job (${leader.label}): the job completes, nothing lost or twice`, async () => {
      await faultRun('records leader', run, leader.seed);
    }, 420_000);
  }
});
