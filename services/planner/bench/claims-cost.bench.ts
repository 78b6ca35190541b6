// What a job pays for its claims on the critical path, for `pnpm bench claims-cost`: registering a
// job of 10,000 and of 1,000,000 items in its org's registry before it writes, and giving it back
// after it ends; then the same beside another job, running, whose sketch meets it (its plan is
// loaded and intersected) and beside one whose sketch does not. Until 2026-12-07 this was a KV
// create per item to take and a put and a purge per item to give back (10,000 items: 1.0-1.8 s to
// take, 1.3-1.7 s to give back, at load about 9). Over an embedded nats-server (memory storage): the
// times include the machine's load.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ensureJetStream } from '@restorelab/contracts';
import { createLogger, useNats } from '@restorelab/runtime';
import type { BenchMeasure, BenchSuite } from '../../../scripts/bench-types.ts';
import { ClaimGate } from '../src/jobs/claim-gate.ts';
import { openClaims } from '../src/jobs/claims.ts';
import { headOf } from '../src/jobs/job-journal.ts';
import { initialState } from '../src/jobs/job-state.ts';
import { type JobStore, openJobStore } from '../src/jobs/job-store.ts';
import { sketchesMeet, sketchOf } from '../src/jobs/overlap-registry.ts';
import { makeStoredPlan, pendingPlanOf, SPEC } from '../src/jobs/plan-fixtures.ts';
import type { StoredPlan } from '../src/jobs/types.ts';

const SIZES = [10_000, 1_000_000];

async function jobOf(jobs: JobStore, org: string, name: string, items: string[]) {
  const stored: StoredPlan = { ...makeStoredPlan(SPEC, `plan-${name}`), items, plannedAt: new Date().toISOString() };
  const pending = { ...pendingPlanOf(stored), orgId: org };
  await jobs.putPlan(pending, stored);
  const state = initialState(`job-${name}`, pending, stored, new Date().toISOString());
  await jobs.putJob(headOf({ ...state, batches: 0, runFrom: 0 }));
  return { state, stored };
}

const suite: BenchSuite = {
  name: 'claims-cost',
  async run(log) {
    const logger = createLogger({ name: 'claims-cost-bench', level: 'silent' });
    const nats = await useNats({ name: 'claims-cost-bench', logger, env: {}, registerShutdown: false });
    try {
      await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
      const js = jetstream(nats.nc);
      const jobs = await openJobStore(js);
      const gate = new ClaimGate(await openClaims(js), jobs, logger);
      const measures: BenchMeasure[] = [];
      const ids = (n: number, tag: string) =>
        Array.from({ length: n }, (_, i) => `a0${tag}${String(i).padStart(15, '0')}`);
      for (const size of SIZES) {
        for (const [k, beside] of (
          ['alone', 'beside a job whose sketch meets it', 'beside a job whose sketch does not'] as const
        ).entries()) {
          const org = `00DCOST${size}x${k}`;
          if (beside !== 'alone') {
            // 3,000 items set nearly every bit of a sketch; one item sets one.
            const other = await jobOf(jobs, org, `other-${size}-${k}`, ids(beside.includes('not') ? 1 : 3_000, 'o'));
            if (await gate.take(other.state, other.stored)) throw new Error('the other job was not registered');
          }
          const lone = sketchOf(ids(1, 'o'));
          const mine = beside.includes('not')
            ? ids(size, 'm').filter((id) => !sketchesMeet(sketchOf([id]), lone))
            : ids(size, 'm');
          const job = await jobOf(jobs, org, `mine-${size}-${k}`, mine);
          let t = performance.now();
          if (await gate.take(job.state, job.stored)) throw new Error('claims not taken');
          const take = performance.now() - t;
          Object.assign(job.state, { status: 'succeeded', finishedAt: new Date().toISOString() });
          t = performance.now();
          await gate.release(job.state);
          const release = performance.now() - t;
          log(`${mine.length} items, ${beside}: take ${take.toFixed(1)} ms, release ${release.toFixed(1)} ms`);
          measures.push(
            { name: `take ${size} items, ${beside}`, value: Math.round(take * 10) / 10, unit: 'ms' },
            { name: `release ${size} items, ${beside}`, value: Math.round(release * 10) / 10, unit: 'ms' },
          );
        }
      }
      return measures;
    } finally {
      await nats.close();
    }
  },
};

export default suite;
