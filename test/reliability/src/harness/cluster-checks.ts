// What the cluster fault tests ask a NATS cluster and the org: every stream with its replicas and
// leader, a wait until the cluster has healed, one ContentVersion per restored file, and a report of
// the services' warnings and the consumers' state when a job gets stuck.
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { STREAMS } from '@restorelab/contracts';
import type { Connection } from 'jsforce';
import { expect } from 'vitest';
import type { Job } from './api-client.ts';
import type { NatsCluster } from './nats-cluster.ts';
import { checkTree, fileTitle, type ProjectTree, type TreeSpec } from './org-data.ts';
import type { ProcessStack } from './process-stack.ts';

export interface StreamNow {
  name: string;
  replicas: number;
  leader?: string;
  current: boolean;
}

async function withJsm<T>(
  cluster: NatsCluster,
  run: (jsm: Awaited<ReturnType<typeof jetstreamManager>>) => Promise<T>,
): Promise<T> {
  const nc = await connect({ servers: cluster.nodes.filter((n) => n.alive).map((n) => n.url), timeout: 2000 });
  try {
    return await run(await jetstreamManager(nc, { timeout: 5000 }));
  } finally {
    await nc.close();
  }
}

/** Every stream (work, results, events, dead letters, KV and object buckets) with its replicas and leader. */
export async function streamsNow(cluster: NatsCluster): Promise<StreamNow[]> {
  return withJsm(cluster, async (jsm) => {
    const out: StreamNow[] = [];
    for await (const info of jsm.streams.list()) {
      const peers = info.cluster?.replicas ?? [];
      out.push({
        name: info.config.name,
        replicas: info.config.num_replicas,
        ...(info.cluster?.leader ? { leader: info.cluster.leader } : {}),
        current: peers.length === info.config.num_replicas - 1 && peers.every((p) => p.current && !p.offline),
      });
    }
    return out;
  });
}

/** The node leading the record work stream now, and every stream it leads. */
export async function recordsLeader(cluster: NatsCluster): Promise<{ victim: string; led: string[] }> {
  const streams = await streamsNow(cluster);
  const victim = streams.find((s) => s.name === STREAMS.records)?.leader;
  if (!victim) throw new Error(`no leader of ${STREAMS.records}: ${JSON.stringify(streams)}`);
  return { victim, led: streams.filter((s) => s.leader === victim).map((s) => s.name) };
}

/** Waits until every stream has its leader and all its replicas caught up (after a node came back). */
export async function clusterSettled(cluster: NatsCluster, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const streams = await streamsNow(cluster).catch(() => []);
    if (streams.length > 0 && streams.every((s) => s.leader && s.current)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`cluster not settled: ${JSON.stringify(streams)}`);
    await sleep(500);
  }
}

/** One ContentVersion per restored file: no second version (a file written twice into one document). */
export async function versionsPerFile(conn: Connection, tree: ProjectTree): Promise<Map<string, number>> {
  const titles = Array.from({ length: tree.spec.files }, (_, i) => fileTitle(tree.tag, i));
  const rows = await conn.query<{ Title: string }>(
    `SELECT Title FROM ContentVersion WHERE Title IN (${titles.map((t) => `'${t}'`).join(',')})`,
  );
  const counts = new Map(titles.map((t) => [t, 0]));
  for (const r of rows.records) counts.set(r.Title, (counts.get(r.Title) ?? 0) + 1);
  return counts;
}

/**
 * The job succeeded and the org holds the whole tree as `spec` asked for it: nothing lost, nothing
 * twice, nothing under the wrong parent, one version per file.
 */
export async function expectWholeTree(conn: Connection, job: Job, tree: ProjectTree, spec: Required<TreeSpec>) {
  expect(job.status, `${job.reason} ${JSON.stringify(job.failures.slice(0, 3))}`).toBe('succeeded');
  expect(job.counts.records.total.created).toBe(tree.records);
  expect(job.counts.files.created).toBe(tree.spec.files);
  const check = await checkTree(conn, tree);
  expect(check).toMatchObject({ lost: [], duplicates: [], misparented: [] });
  expect(check.counts).toEqual({
    projects: 1,
    milestones: spec.milestones,
    deliverables: spec.milestones * spec.deliverablesPer,
    files: spec.files,
  });
  const versions = await versionsPerFile(conn, tree);
  expect(
    [...versions.values()].every((n) => n === 1),
    JSON.stringify([...versions]),
  ).toBe(true);
}

/** On a stuck job: what each service warned about and where the work consumers stand. */
export async function reportStuck(cluster: NatsCluster, stack: ProcessStack, tag: string): Promise<void> {
  for (const proc of stack.processes) {
    const lines = proc.logs().filter((l) => Number(l.level ?? 0) >= 40);
    console.info(`[cluster] ${tag} ${proc.name} ${proc.pid}: ${lines.length} warn+ lines`);
    for (const l of lines.slice(-15)) console.info(`  ${JSON.stringify(l).slice(0, 400)}`);
  }
  await withJsm(cluster, async (jsm) => {
    for await (const stream of jsm.streams.list()) {
      for await (const c of jsm.consumers.list(stream.config.name)) {
        console.info(
          `[cluster] ${stream.config.name}/${c.name}: leader ${c.cluster?.leader} pending ${c.num_pending} ack-pending ${c.num_ack_pending} waiting ${c.num_waiting} redelivered ${c.num_redelivered}`,
        );
      }
      console.info(`[cluster] ${stream.config.name}: leader ${stream.cluster?.leader} msgs ${stream.state.messages}`);
    }
  }).catch((err) => console.info(`[cluster] no stream report: ${String(err)}`));
}
