// What a 10,000-record plan costs to keep and a job to start, for `pnpm bench plan-store`: the plan
// serialised and put (a KV entry, or the object store past INLINE_PLAN_CHARS), kept in the plan
// cache, and the job's first head created. Over an embedded nats-server (memory storage): the times
// include the machine's load. Three runs, each reported.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ensureJetStream } from '@restorelab/contracts';
import { createLogger, useNats } from '@restorelab/runtime';
import type { BenchMeasure, BenchSuite } from '../../../scripts/bench-types.ts';
import { headOf } from '../src/jobs/job-journal.ts';
import { initialState } from '../src/jobs/job-state.ts';
import { openJobStore } from '../src/jobs/job-store.ts';
import { PlanCache } from '../src/jobs/plan-cache.ts';
import { makeStoredPlan, pendingPlanOf, type RecordSpec, sfId, T0 } from '../src/jobs/plan-fixtures.ts';

const RECORDS = 10_000;
const RUNS = 3;

/** A project, 20% milestones under it, 80% deliverables under those: the shape of issue #17. */
function treeSpec(records: number): RecordSpec[] {
  const milestones = Math.floor(records * 0.2);
  const specs: RecordSpec[] = [{ sourceId: sfId('a00', 0), objectType: 'Project__c', action: 'create' }];
  for (let m = 1; m <= milestones; m++) {
    specs.push({ sourceId: sfId('a01', m), objectType: 'Milestone__c', action: 'create', wave: 1 });
  }
  for (let d = 0; specs.length < records; d++) {
    specs.push({ sourceId: sfId('a02', d), objectType: 'Deliverable__c', action: 'create', wave: 2 });
  }
  return specs;
}

const suite: BenchSuite = {
  name: 'plan-store',
  async run(log) {
    const logger = createLogger({ name: 'plan-store-bench', level: 'silent' });
    const nats = await useNats({ name: 'plan-store-bench', logger, env: {}, registerShutdown: false });
    try {
      await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
      const jobs = await openJobStore(jetstream(nats.nc));
      const measures: BenchMeasure[] = [];
      for (let run = 1; run <= RUNS; run++) {
        const stored = makeStoredPlan({ records: treeSpec(RECORDS) }, `plan-bench-${run}`);
        const pending = pendingPlanOf(stored);
        let t = performance.now();
        const json = await jobs.putPlan(pending, stored);
        const put = performance.now() - t;
        t = performance.now();
        new PlanCache().remember(pending, stored, json);
        const cache = performance.now() - t;
        const state = { ...initialState(`job-bench-${run}`, pending, stored, T0), batches: 0, runFrom: 0 };
        const head = headOf(state);
        t = performance.now();
        if (!(await jobs.createJob(head))) throw new Error('job exists already');
        const create = performance.now() - t;
        const headBytes = JSON.stringify(head).length;
        log(
          `run ${run}: plan put ${put.toFixed(0)} ms (${JSON.stringify(stored).length} chars), cache ${cache.toFixed(0)} ms, first head ${create.toFixed(0)} ms (${headBytes} chars)`,
        );
        measures.push(
          { name: `put a ${RECORDS}-record plan, run ${run}`, value: Math.round(put), unit: 'ms' },
          { name: `keep it in the plan cache, run ${run}`, value: Math.round(cache), unit: 'ms' },
          { name: `create the first job head, run ${run}`, value: Math.round(create), unit: 'ms' },
        );
      }
      return measures;
    } finally {
      await nats.close();
    }
  },
};

export default suite;
