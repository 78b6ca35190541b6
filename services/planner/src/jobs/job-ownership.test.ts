// Ownership of running jobs over a real nats-server: one holder per lease, a takeover the moment the
// holder's connection is gone or after its lease runs out unrenewed, and a paused holder that finds
// out before it saves again.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ensureJetStream } from '@restorelab/contracts';
import { createLogger, type NatsHandle, useNats } from '@restorelab/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Leases, openLeases, serveAlive } from './job-leases.ts';
import { JobOwnership } from './job-ownership.ts';

const logger = createLogger({ name: 'ownership-test', level: 'silent' });
const handles: NatsHandle[] = [];
let leases: Leases;

async function connect(): Promise<NatsHandle> {
  // The first handle starts the nats-server; every planner after it connects to that one.
  const natsUrl = handles[0]?.url;
  const h = await useNats({
    name: 'ownership-test',
    logger,
    env: {},
    registerShutdown: false,
    ...(natsUrl ? { natsUrl } : {}),
  });
  handles.push(h);
  return h;
}

beforeAll(async () => {
  const nats = await connect();
  await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
  leases = await openLeases(jetstream(nats.nc));
}, 30_000);

afterAll(async () => {
  await Promise.allSettled(handles.slice(1).map((h) => h.close()));
  await handles[0]?.close();
});

async function planner(leaseMs: number, events: string[] = []) {
  const nats = await connect();
  const ownership: JobOwnership = new JobOwnership({
    nc: nats.nc,
    leases: await openLeases(jetstream(nats.nc)),
    logger,
    leaseMs,
    adopt: async (jobId) => void events.push(`adopt ${jobId}`),
    lost: (jobId) => void events.push(`lost ${jobId}`),
  });
  ownership.start();
  return { nats, ownership, events };
}

const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
};

describe('job ownership', () => {
  it('two planners taking over the same job at once: exactly one wins', async () => {
    const a = await planner(60_000);
    expect(await a.ownership.hold('job-race')).toBe(true);
    await a.nats.close(); // gone: nobody answers for it any more
    const takers = await Promise.all([planner(60_000), planner(60_000), planner(60_000)]);
    const won = await Promise.all(takers.map((t) => t.ownership.tryTake('job-race')));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect((await leases.read('job-race'))?.value.owner).toBe(takers[won.indexOf(true)]!.ownership.id);
    for (const t of takers) await t.ownership.stop();
  });

  it('a live holder keeps its job; once its connection is gone another planner adopts it within a tick', async () => {
    const a = await planner(2_000);
    const b = await planner(2_000);
    expect(await a.ownership.hold('job-gone')).toBe(true);
    expect(await b.ownership.tryTake('job-gone')).toBe(false);
    // Renewed while alive: still not taken after two lease periods.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(b.events).not.toContain('adopt job-gone');
    const killedAt = Date.now();
    await a.nats.close();
    expect(await until(() => b.events.includes('adopt job-gone'), 5_000)).toBe(true);
    console.info(`[measure] ownership: adopted ${Date.now() - killedAt} ms after the holder's connection closed`);
    await b.ownership.stop();
  });

  it('a holder that answers but stops renewing (paused) loses the job after one lease period', async () => {
    const nats = await connect();
    const a = new JobOwnership({
      nc: nats.nc,
      leases,
      logger,
      leaseMs: 1_000,
      adopt: async () => {},
      lost: () => {},
    });
    // Not started: it never renews. Its subject still answers, so it does not look gone.
    serveAlive(nats.nc, a.id);
    expect(await a.hold('job-paused')).toBe(true);
    const b = await planner(1_000);
    const start = Date.now();
    expect(await until(() => b.events.includes('adopt job-paused'), 5_000)).toBe(true);
    const waited = Date.now() - start;
    expect(waited).toBeGreaterThanOrEqual(1_000);
    console.info(`[measure] ownership: an unrenewed lease (1000 ms) taken over after ${waited} ms`);
    expect((await leases.read('job-paused'))?.value.owner).toBe(b.ownership.id);
    await b.ownership.stop();
  });

  it('a paused holder finds the lease taken when it next saves, and drops the job', async () => {
    const events: string[] = [];
    const a = await planner(2_000, events);
    serveAlive(a.nats.nc, 'someone-else'); // the new holder, alive
    expect(await a.ownership.hold('job-stale')).toBe(true);
    expect(await a.ownership.stillHeld('job-stale')).toBe(true);
    // Another planner takes it over behind its back (its lease ran out while it was paused).
    const seen = (await leases.read('job-stale'))!;
    expect(await leases.write('job-stale', { owner: 'someone-else' }, seen.revision)).toBeDefined();
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await a.ownership.stillHeld('job-stale')).toBe(false);
    expect(events.filter((e) => e.endsWith('job-stale'))).toEqual(['lost job-stale']);
    await a.ownership.stop();
  });
});
