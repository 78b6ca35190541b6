// What a job pays for its claims on the critical path, for `pnpm bench claims-cost`: taking the
// claims of a 10,000-item job before it writes, and giving them back after it ends. Over an embedded
// nats-server (memory storage): the times include the machine's load. Three runs, each reported: the
// first on an org never marked (no mark is read), the others planned right after a release (marks
// read).
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { ensureJetStream } from '@restorelab/contracts';
import { createLogger, useNats } from '@restorelab/runtime';
import type { BenchMeasure, BenchSuite } from '../../../scripts/bench-types.ts';
import { openClaims } from '../src/jobs/claims.ts';

const ITEMS = 10_000;
const RUNS = 3;

const suite: BenchSuite = {
  name: 'claims-cost',
  async run(log) {
    const logger = createLogger({ name: 'claims-cost-bench', level: 'silent' });
    const nats = await useNats({ name: 'claims-cost-bench', logger, env: {}, registerShutdown: false });
    try {
      await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
      const claims = await openClaims(jetstream(nats.nc));
      const never = async () => false;
      const measures: BenchMeasure[] = [];
      for (let run = 0; run < RUNS; run++) {
        const ids = Array.from({ length: ITEMS }, (_, i) => `a0${run}${String(i).padStart(15, '0')}`);
        let t = performance.now();
        const outcome = await claims.take('00DCOST', `job-${run}`, ids, never, new Date().toISOString());
        if (!outcome.taken) throw new Error('claims not taken in an empty bucket');
        const take = performance.now() - t;
        t = performance.now();
        await claims.release('00DCOST', `job-${run}`, ids);
        const release = performance.now() - t;
        log(`run ${run + 1}: take ${take.toFixed(0)} ms, release ${release.toFixed(0)} ms (${ITEMS} claims)`);
        measures.push(
          { name: `take ${ITEMS} claims, run ${run + 1}`, value: Math.round(take), unit: 'ms' },
          { name: `release ${ITEMS} claims, run ${run + 1}`, value: Math.round(release), unit: 'ms' },
        );
      }
      return measures;
    } finally {
      await nats.close();
    }
  },
};

export default suite;
