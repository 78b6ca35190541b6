// Runs the real nats-server binary.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedNats, startEmbeddedNats } from './embedded-nats.ts';
import { NatsServerMissingError, NatsStartError } from './errors.ts';
import { createLogger } from './logger.ts';
import { findNatsServer } from './nats-binary.ts';
import {
  connectNats,
  getJetStream,
  getJetStreamManager,
  getKvm,
  getObjm,
  type NatsConnection,
} from './nats-connect.ts';
import { useNats } from './use-nats.ts';

const logger = createLogger({ name: 'embedded-nats-test', level: 'silent' });

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof startEmbeddedNats>[0] = {}): Promise<EmbeddedNats> {
  const nats = await startEmbeddedNats({ logger, ...options });
  cleanups.push(() => nats.stop());
  return nats;
}

async function connected(url: string): Promise<NatsConnection> {
  const nc = await connectNats({ servers: url, name: 'embedded-nats-test', logger });
  cleanups.push(() => (nc.isClosed() ? Promise.resolve() : nc.close()));
  return nc;
}

describe('startEmbeddedNats', () => {
  it('runs a JetStream server: stream, durable pull consumer with explicit ack, KV and object store', async () => {
    const nats = await started();
    expect(nats.url).toBe(`nats://127.0.0.1:${nats.port}`);
    expect(nats.port).toBeGreaterThan(0);
    expect(isAlive(nats.pid)).toBe(true);

    const nc = await connected(nats.url);
    const jsm = await getJetStreamManager(nc);
    await jsm.streams.add({ name: 'JOBS', subjects: ['jobs.>'] });
    await jsm.consumers.add('JOBS', {
      durable_name: 'worker',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    const js = getJetStream(nc);
    const ack = await js.publish('jobs.restore', JSON.stringify({ job: 42 }));
    expect(ack.stream).toBe('JOBS');
    expect(ack.seq).toBe(1);

    const consumer = await js.consumers.get('JOBS', 'worker');
    const msg = await consumer.next({ expires: 5000 });
    expect(msg?.subject).toBe('jobs.restore');
    expect(msg?.json()).toEqual({ job: 42 });
    expect(await msg!.ackAck()).toBe(true);
    const info = await consumer.info();
    expect(info.num_ack_pending).toBe(0);
    expect(info.delivered.stream_seq).toBe(1);

    const kv = await getKvm(nc).create('job-state');
    await kv.put('job.42', 'planned');
    expect((await kv.get('job.42'))?.string()).toBe('planned');

    const files = await getObjm(nc).create('files');
    await files.putBlob({ name: 'a.txt' }, new TextEncoder().encode('hello'));
    expect(new TextDecoder().decode((await files.getBlob('a.txt')) ?? undefined)).toBe('hello');
  });

  it('stop() ends the process and removes the temporary store; it is idempotent', async () => {
    const nats = await startEmbeddedNats({ logger });
    expect(existsSync(nats.storeDir)).toBe(true);
    await Promise.all([nats.stop(), nats.stop()]);
    expect(isAlive(nats.pid)).toBe(false);
    expect(existsSync(nats.storeDir)).toBe(false);
    await nats.stop();
  });

  it('stop() leaves no timer behind to hold its owner open', async () => {
    const nats = await startEmbeddedNats({ logger, stopGraceMs: 60_000 });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    await nats.stop();
    // The grace timer for a server that ignores SIGTERM: cleared once the server ended in time.
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('keeps a store folder the caller gave, and JetStream data survives a restart on it', async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'runtime-test-store-'));
    cleanups.push(async () => rmSync(storeDir, { recursive: true, force: true }));
    const first = await startEmbeddedNats({ logger, storeDir });
    expect(first.storeDir).toBe(storeDir);
    const nc1 = await connectNats({ servers: first.url, name: 't', logger });
    await (await getKvm(nc1).create('kept')).put('k', 'v1');
    await nc1.drain();
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    expect(existsSync(storeDir)).toBe(true);

    const second = await started({ storeDir });
    const nc2 = await connected(second.url);
    expect((await (await getKvm(nc2).open('kept')).get('k'))?.string()).toBe('v1');
  });

  it('two servers run side by side on different ports', async () => {
    const [a, b] = await Promise.all([started(), started()]);
    expect(a.port).not.toBe(b.port);
    expect(a.pid).not.toBe(b.pid);
  });

  it('runs the server on one core unless told otherwise (GOMAXPROCS)', async () => {
    const goMaxProcs = (pid: number) =>
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .find((entry) => entry.startsWith('GOMAXPROCS='));
    const saved = process.env.GOMAXPROCS;
    delete process.env.GOMAXPROCS;
    try {
      expect(goMaxProcs((await started()).pid)).toBe('GOMAXPROCS=1');
      expect(goMaxProcs((await started({ maxProcs: 2 })).pid)).toBe('GOMAXPROCS=2');
      // The user's own setting is passed through untouched.
      process.env.GOMAXPROCS = '3';
      expect(goMaxProcs((await started()).pid)).toBe('GOMAXPROCS=3');
    } finally {
      if (saved === undefined) delete process.env.GOMAXPROCS;
      else process.env.GOMAXPROCS = saved;
    }
  });

  it('reports a server that exits at start with its stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runtime-test-bin-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const fake = join(dir, 'nats-server');
    writeFileSync(fake, '#!/bin/sh\necho "fatal: cannot open store" >&2\nexit 3\n', { mode: 0o755 });
    const error = await startEmbeddedNats({ logger, binary: fake }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatsStartError);
    expect((error as NatsStartError).code).toBe('NATS_START_FAILED');
    expect((error as NatsStartError).exitCode).toBe(3);
    expect((error as NatsStartError).message).toContain('exited with code 3 before it was ready');
    expect((error as NatsStartError).stderr).toContain('fatal: cannot open store');
  });

  it('times out on a server that never answers, and kills it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runtime-test-bin-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const fake = join(dir, 'nats-server');
    writeFileSync(fake, '#!/bin/sh\necho "starting slowly" >&2\nexec sleep 30\n', { mode: 0o755 });
    const error = await startEmbeddedNats({ logger, binary: fake, readyTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatsStartError);
    expect((error as NatsStartError).message).toMatch(/did not answer within 500 ms[\s\S]*starting slowly/);
  });
});

describe('findNatsServer', () => {
  it('finds the installed binary, also when PATH lacks /usr/sbin', () => {
    expect(findNatsServer({ PATH: '/nonexistent' })).toMatch(/\/nats-server$/);
  });

  it('throws NatsServerMissingError saying how to install it or to set NATS_URL', () => {
    const error = (() => {
      try {
        findNatsServer({ NATS_SERVER_BIN: '/nonexistent/nats-server' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NatsServerMissingError);
    expect((error as NatsServerMissingError).message).toMatch(/apt-get install nats-server.*NATS_URL/);
    expect((error as NatsServerMissingError).code).toBe('NATS_SERVER_MISSING');
  });
});

describe('useNats', () => {
  it('starts an embedded server when NATS_URL is unset, and close() drains and stops it', async () => {
    const nats = await useNats({ name: 'use-nats-test', logger, env: {}, registerShutdown: false });
    expect(nats.embedded).toBeDefined();
    expect(nats.url).toBe(nats.embedded!.url);
    await nats.nc.flush();
    await nats.close();
    expect(nats.nc.isClosed()).toBe(true);
    expect(isAlive(nats.embedded!.pid)).toBe(false);
  });

  it('connects to NATS_URL when it is set and starts nothing', async () => {
    const server = await started();
    const nats = await useNats({ name: 'use-nats-test', logger, env: { NATS_URL: server.url } });
    expect(nats.embedded).toBeUndefined();
    expect(nats.url).toBe(server.url);
    expect(nats.nc.getServer()).toContain(String(server.port));
    await nats.close();
    expect(isAlive(server.pid)).toBe(true);
  });
});
