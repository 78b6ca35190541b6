// What a starting planner pays for claims after a large restore, for `pnpm bench claims-start`: the
// sweep lists the claims and reads each one to find dead ones. Before 2026-12-07 a released claim
// stayed in its entry as a mark (`~<job id>`), so the read covered every item ever restored; now a
// released claim is purged and its mark kept under `mark.`, so the read covers the live claims.
// Over an embedded nats-server (memory storage): the times include the machine's load.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ensureJetStream, KV_BUCKETS } from '@restorelab/contracts';
import { createLogger, useNats } from '@restorelab/runtime';
import type { BenchMeasure, BenchSuite } from '../../../scripts/bench-types.ts';
import { openClaims } from '../src/jobs/claims.ts';

const ITEMS = 30_000;
const LIVE = 200;
const IN_FLIGHT = 256;

const suite: BenchSuite = {
  name: 'claims-start',
  async run(log) {
    const logger = createLogger({ name: 'claims-bench', level: 'silent' });
    const nats = await useNats({ name: 'claims-bench', logger, env: {}, registerShutdown: false });
    try {
      await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
      const js = jetstream(nats.nc);
      const kv = await new Kvm(js).open(KV_BUCKETS.jobs);
      const claims = await openClaims(js);
      const ids = Array.from({ length: ITEMS }, (_, i) => `a01${String(i).padStart(15, '0')}`);
      const never = async () => false;
      const measures: BenchMeasure[] = [];
      const timed = async (name: string, fn: () => Promise<number>) => {
        const t = performance.now();
        const read = await fn();
        const ms = performance.now() - t;
        log(`${name}: ${ms.toFixed(0)} ms, ${read} claim values read`);
        measures.push(
          { name, value: Math.round(ms), unit: 'ms' },
          { name: `${name}, values read`, value: read, unit: 'reads' },
        );
      };

      // Now: a 30,000-item job taken and released, a 200-item job running.
      const t = performance.now();
      await claims.take('00DNEW', 'job-big', ids, never);
      await claims.release('00DNEW', 'job-big', ids);
      log(`take + release of ${ITEMS} claims: ${(performance.now() - t).toFixed(0)} ms`);
      await claims.take('00DNEW', 'job-live', ids.slice(0, LIVE), never);
      await timed(
        `start-up read, ${ITEMS} released + ${LIVE} live (released claims purged)`,
        async () => (await claims.all()).length,
      );
      await claims.release('00DNEW', 'job-live', ids.slice(0, LIVE));

      // Before: the same claims left as marks in their entries, read as the sweep used to.
      const old = (id: string) => `claim.00DOLD.${id}`;
      for (let i = 0; i < ITEMS; i += IN_FLIGHT) {
        await Promise.all(
          ids.slice(i, i + IN_FLIGHT).map((id, k) => kv.put(old(id), i + k < LIVE ? 'job-live' : '~job-big')),
        );
      }
      await timed(`start-up read, ${ITEMS} released + ${LIVE} live (marks in the claims, as before)`, async () => {
        const keys: string[] = [];
        for await (const key of await kv.keys('claim.00DOLD.>')) keys.push(key);
        for (let i = 0; i < keys.length; i += IN_FLIGHT)
          await Promise.all(keys.slice(i, i + IN_FLIGHT).map((k) => kv.get(k)));
        return keys.length;
      });
      // The first start after the upgrade moves the old marks out; the one after reads the live claims.
      await timed('first start after the upgrade (old marks moved out)', async () => {
        await claims.all();
        return ITEMS;
      });
      await timed('the start after that', async () => (await claims.all()).length);
      return measures;
    } finally {
      await nats.close();
    }
  },
};

export default suite;
