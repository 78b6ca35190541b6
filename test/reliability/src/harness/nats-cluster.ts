// A three-node JetStream cluster on loopback for the reliability tests: three nats-server processes,
// each with its own client port, route port and store folder, routed to each other. A node can be
// killed with SIGKILL (the way a lost host goes) and started again on the same ports and store.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { findNatsServer } from '@restorelab/runtime';
import { startRouteLinks } from './route-links.ts';

export interface ClusterNode {
  name: string;
  url: string;
  port: number;
  routePort: number;
  storeDir: string;
  pid: number | undefined;
  alive: boolean;
}

export interface NatsCluster {
  nodes: ClusterNode[];
  /** Every client URL, comma-separated: what NATS_URL gets. */
  url: string;
  /** SIGKILL one node; resolves when its process has gone. */
  kill9(name: string): Promise<void>;
  /** Starts a killed node again on its ports and store. */
  restart(name: string): Promise<void>;
  /**
   * SIGSTOP one node: its process and sockets stay, but it answers nobody (peers and clients see
   * silence, not a closed connection, as across a partition that drops packets). `resume` is SIGCONT.
   */
  freeze(name: string): void;
  resume(name: string): void;
  /**
   * Cuts a node's routes to its peers (both ways) while it keeps running and serving its clients;
   * only with `partitions: true` (routes then go through relays, see route-links.ts).
   */
  partition(name: string): void;
  /** Heals every partition. */
  heal(): void;
  /** The server name leading a stream (its RAFT group), asked through any live node. */
  streamLeader(stream: string): Promise<string | undefined>;
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface NatsClusterOptions {
  /** Nodes (default 3). */
  size?: number;
  /** Route every node pair through a relay the test can cut (`partition`, `heal`). */
  partitions?: boolean;
}

/**
 * Starts `size` nodes (default 3) under `root` and waits until JetStream has a meta leader.
 * @example const cluster = await startNatsCluster(root); // NATS_URL: cluster.url
 */
export async function startNatsCluster(root: string, options: NatsClusterOptions = {}): Promise<NatsCluster> {
  const size = options.size ?? 3;
  const nodes: ClusterNode[] = [];
  for (let i = 0; i < size; i++) {
    const port = await freePort();
    const routePort = await freePort();
    const storeDir = join(root, `nats-${i}`);
    mkdirSync(storeDir, { recursive: true });
    nodes.push({
      name: `n${i}`,
      url: `nats://127.0.0.1:${port}`,
      port,
      routePort,
      storeDir,
      pid: undefined,
      alive: false,
    });
  }
  const children = new Map<string, { child: ChildProcess; exited: Promise<void> }>();
  const links = options.partitions ? await startRouteLinks(nodes) : undefined;
  // Through relays, each node dials its own relay to each peer, and advertises a route address
  // nobody listens on: peers that learn of it by gossip cannot open a direct route around the relay.
  const routesOf = (node: ClusterNode) =>
    links
      ? nodes
          .filter((n) => n !== node)
          .map((n) => `nats://127.0.0.1:${links.port(node.name, n.name)}`)
          .join(',')
      : nodes.map((n) => `nats://127.0.0.1:${n.routePort}`).join(',');
  const nowhere = links ? await freePort() : 0;
  const binary = findNatsServer(); // NATS_SERVER_BIN, PATH, then /usr/sbin and friends

  const launch = (node: ClusterNode) => {
    const logFd = openSync(join(root, `${node.name}.log`), 'a');
    let child: ChildProcess;
    try {
      child = spawn(
        binary,
        [
          '-js',
          '-n',
          node.name,
          '-a',
          '127.0.0.1',
          '-p',
          String(node.port),
          '-sd',
          node.storeDir,
          '--cluster_name',
          'restorelab-test',
          '--cluster',
          `nats://127.0.0.1:${node.routePort}`,
          '--routes',
          routesOf(node),
          ...(links ? ['--cluster_advertise', `127.0.0.1:${nowhere}`] : []),
        ],
        // One core each: three Go runtimes spinning on a shared 2-core machine starve the services.
        { stdio: ['ignore', logFd, logFd], env: { ...process.env, GOMAXPROCS: '1' } },
      );
    } finally {
      closeSync(logFd);
    }
    live.add(child);
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        live.delete(child);
        node.alive = false;
        resolve();
      }),
    );
    node.pid = child.pid;
    node.alive = true;
    children.set(node.name, { child, exited });
  };

  const byName = (name: string) => {
    const node = nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  };

  /** Through one of the live nodes: a JetStream request answered (needs a meta leader). */
  const ready = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const nc = await connect({ servers: nodes.filter((n) => n.alive).map((n) => n.url), timeout: 2000 });
        try {
          await (await jetstreamManager(nc, { timeout: 2000 })).getAccountInfo();
          return;
        } finally {
          await nc.close();
        }
      } catch (err) {
        last = err;
        await sleep(250);
      }
    }
    throw new Error(`the NATS cluster did not become ready: ${String(last)}`);
  };

  for (const node of nodes) launch(node);
  const cluster: NatsCluster = {
    nodes,
    url: nodes.map((n) => n.url).join(','),
    async kill9(name) {
      const entry = children.get(name);
      if (!entry || !byName(name).alive) return;
      entry.child.kill('SIGKILL');
      await entry.exited;
    },
    async restart(name) {
      const node = byName(name);
      if (node.alive) return;
      launch(node);
      await ready(30_000);
    },
    freeze(name) {
      const entry = children.get(name);
      if (entry && byName(name).alive) entry.child.kill('SIGSTOP');
    },
    resume(name) {
      const entry = children.get(name);
      if (entry && byName(name).alive) entry.child.kill('SIGCONT');
    },
    partition(name) {
      if (!links) throw new Error('start the cluster with partitions: true to cut its routes');
      byName(name);
      links.cut(name);
    },
    heal() {
      links?.heal();
    },
    async streamLeader(stream) {
      const nc = await connect({ servers: nodes.filter((n) => n.alive).map((n) => n.url), timeout: 2000 });
      try {
        const info = await (await jetstreamManager(nc, { timeout: 5000 })).streams.info(stream);
        return info.cluster?.leader;
      } finally {
        await nc.close();
      }
    },
    async close() {
      await Promise.all(
        [...children.values()].map(async ({ child, exited }) => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGCONT'); // a frozen node would not act on SIGTERM
            child.kill('SIGTERM');
          }
          await Promise.race([exited, sleep(5000)]);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }),
      );
      await links?.close();
    },
  };
  try {
    await ready(30_000);
  } catch (err) {
    await cluster.close();
    throw err;
  }
  return cluster;
}
