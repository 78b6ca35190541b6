// What a starting planner pays for claims, for `pnpm bench claims-start`. Its sweep reads each org's
// registry and looks at the active jobs only, so it costs the same after one restore as after many.
// The first start after planners of the per-item design (a claim and a mark per item, until
// 2026-12-07) moves what they left into the registry once: it lists their keys (no values but the
// live claims'), and purges them. Measured after a 30,000-item restore of that design with 200 items
// still claimed by a running job. Over an embedded nats-server (memory storage): the times include
// the machine's load.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ensureJetStream, KV_BUCKETS } from '@restorelab/contracts';
import { createLogger, useNats } from '@restorelab/runtime';
import type { BenchMeasure, BenchSuite } from '../../../scripts/bench-types.ts';
import { ClaimGate } from '../src/jobs/claim-gate.ts';
import { openClaims } from '../src/jobs/claims.ts';
import { headOf } from '../src/jobs/job-journal.ts';
import { initialState } from '../src/jobs/job-state.ts';
import { openJobStore } from '../src/jobs/job-store.ts';
import { makeStoredPlan, pendingPlanOf, SPEC } from '../src/jobs/plan-fixtures.ts';

const ITEMS = 30_000;
const LIVE = 200;
const IN_FLIGHT = 256;
const ORG = '00DSTART';

const suite: BenchSuite = {
  name: 'claims-start',
  async run(log) {
    const logger = createLogger({ name: 'claims-bench', level: 'silent' });
    const nats = await useNats({ name: 'claims-bench', logger, env: {}, registerShutdown: false });
    try {
      await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
      const js = jetstream(nats.nc);
      const kv = await new Kvm(js).open(KV_BUCKETS.jobs);
      const jobs = await openJobStore(js);
      const ids = Array.from({ length: ITEMS }, (_, i) => `a01${String(i).padStart(15, '0')}`);
      // The running job the live claims belong to.
      const stored = { ...makeStoredPlan(SPEC, 'plan-live'), items: ids.slice(0, LIVE) };
      const pending = { ...pendingPlanOf(stored), orgId: ORG };
      await jobs.putPlan(pending, stored);
      const state = initialState('job-live', pending, stored, new Date().toISOString());
      await jobs.putJob(headOf({ ...state, batches: 0, runFrom: 0 }));
      // What a planner of the per-item design left: a mark per item written, a claim per item held.
      await kv.put(`marked.${ORG}`, new Date().toISOString());
      for (let i = 0; i < ITEMS; i += IN_FLIGHT) {
        await Promise.all(ids.slice(i, i + IN_FLIGHT).map((id) => kv.put(`mark.${ORG}.${id}`, 'job-big')));
      }
      for (let i = 0; i < LIVE; i += IN_FLIGHT) {
        await Promise.all(
          ids.slice(i, Math.min(i + IN_FLIGHT, LIVE)).map((id) => kv.put(`claim.${ORG}.${id}`, 'job-live')),
        );
      }
      const measures: BenchMeasure[] = [];
      const timed = async (name: string) => {
        const gate = new ClaimGate(await openClaims(js), jobs, logger);
        const t = performance.now();
        await gate.sweep();
        const ms = performance.now() - t;
        log(`${name}: ${ms.toFixed(1)} ms`);
        measures.push({ name, value: Math.round(ms * 10) / 10, unit: 'ms' });
      };
      await timed(`first start after the per-item design (${ITEMS} marks, ${LIVE} live claims moved)`);
      await timed('the start after that (one registry, one active job)');
      return measures;
    } finally {
      await nats.close();
    }
  },
};

export default suite;
