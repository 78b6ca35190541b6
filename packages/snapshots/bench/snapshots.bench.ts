// Benchmarks of the snapshot side (issue 4), for `pnpm bench snapshots`: a backup of a 100,000-record org with
// 1,000 files from the mock over HTTP, the second unchanged backup as a ratio of the first, and the store at
// 1,000,000 records (search latency, size per record); backups of 10,000 and 50,000 records against a
// plain jsforce query loop (issue 17), and REST pages against Bulk API 2.0 for one object at several
// sizes. The measuring code lives in ../test/*-bench.ts.
// SNAPSHOTS_BENCH_PARTS=scale,crossover,backup,store (default all) picks parts.
import type { BenchMeasure, BenchSuite } from '../../../scripts/bench-types.ts';
import { runBackupBench } from '../test/backup-bench.ts';
import { runCrossover, runScaleBench } from '../test/backup-scale-bench.ts';
import { runStoreBench } from '../test/store-bench.ts';

const parts = new Set((process.env.SNAPSHOTS_BENCH_PARTS ?? 'scale,crossover,backup,store').split(','));

async function scale(log: (line: string) => void): Promise<BenchMeasure[]> {
  const measures: BenchMeasure[] = [];
  for (const records of [10_000, 50_000]) {
    const r = await runScaleBench(records);
    const label = `backup of ${records.toLocaleString('en-US')} records`;
    log(
      `${label}: ${r.firstSeconds.toFixed(2)} s, ${r.firstCalls} calls; jsforce query loop ${r.loopSeconds.toFixed(2)} s, ${r.loopCalls} calls; second ${r.secondSeconds.toFixed(2)} s, ${r.secondCalls} calls; REST pages only ${r.restOnlySeconds.toFixed(2)} s, ${r.restOnlyCalls} calls`,
    );
    const first = r.firstSeconds / r.loopSeconds;
    const second = r.secondSeconds / r.firstSeconds;
    measures.push(
      {
        name: `${label} ÷ jsforce query loop over the same objects`,
        value: first,
        unit: 'ratio',
        ratio: first,
        baseline: `query loop ${r.loopSeconds.toFixed(2)} s, ${r.loopCalls} calls (backup ${r.firstCalls} calls)`,
        target: '≤ 2',
        met: first <= 2,
      },
      {
        name: `second unchanged ${label} ÷ first`,
        value: second,
        unit: 'ratio',
        ratio: second,
        baseline: `first backup ${r.firstSeconds.toFixed(2)} s`,
        target: '≤ 0.2',
        met: second <= 0.2,
      },
      { name: `${label} with REST pages only (no Bulk)`, value: r.restOnlySeconds, unit: 's' },
    );
  }
  return measures;
}

async function crossover(log: (line: string) => void): Promise<BenchMeasure[]> {
  const points = await runCrossover([5_000, 10_000, 20_000, 40_000]);
  const measures: BenchMeasure[] = [];
  for (const p of points) {
    log(
      `one object of ${p.records.toLocaleString('en-US')} records: REST pages ${Math.round(p.restMs)} ms / ${p.restCalls} calls, Bulk API 2.0 ${Math.round(p.bulkMs)} ms / ${p.bulkCalls} calls`,
    );
    measures.push({
      name: `backup of one ${p.records.toLocaleString('en-US')}-record object: Bulk ÷ REST pages`,
      value: p.bulkMs / p.restMs,
      unit: 'ratio',
      ratio: p.bulkMs / p.restMs,
      baseline: `REST pages ${Math.round(p.restMs)} ms`,
    });
  }
  return measures;
}

const suite: BenchSuite = {
  name: 'snapshots',
  async run(log) {
    const measures: BenchMeasure[] = [];
    if (parts.has('scale')) measures.push(...(await scale(log)));
    if (parts.has('crossover')) measures.push(...(await crossover(log)));
    if (parts.has('backup')) measures.push(...(await fullBackup(log)));
    if (parts.has('store')) measures.push(...storeMeasures(log));
    return measures;
  },
};

async function fullBackup(log: (line: string) => void): Promise<BenchMeasure[]> {
  const backup = await runBackupBench(100_000, 1000);
  log(
    `first backup ${backup.firstSeconds.toFixed(1)} s with ${backup.firstApiCalls} API calls; second ${backup.secondSeconds.toFixed(1)} s with ${backup.secondApiCalls} calls, ${backup.secondNewVersions} new versions, ${backup.secondBlobsAdded} new blobs`,
  );
  return [
    { name: 'backup of 100,000 records + 1,000 files over HTTP', value: backup.recordsPerSecond, unit: 'records/s' },
    { name: 'API calls of that backup', value: backup.firstApiCalls, unit: 'calls' },
    { name: 'store size per record', value: backup.storeBytesPerRecord, unit: 'bytes' },
    {
      name: 'second unchanged backup',
      value: backup.secondSeconds,
      unit: 's',
      ratio: backup.secondToFirstRatio,
      baseline: 'first backup time',
      target: 'ratio ≤ 0.2',
      met: backup.secondToFirstRatio <= 0.2,
    },
  ];
}

function storeMeasures(log: (line: string) => void): BenchMeasure[] {
  const store = runStoreBench(1_000_000);
  log(
    `store: ${store.records.toLocaleString('en-US')} records written at ${Math.round(store.writeRecordsPerSecond)}/s; descendants of one account: ${store.descendantsCount} in ${store.descendantsMs.toFixed(1)} ms`,
  );
  return [
    {
      name: 'search median in a 1,000,000-record snapshot',
      value: store.searchMedianMs,
      unit: 'ms',
      target: '< 50 ms',
      met: store.searchMedianMs < 50,
    },
    { name: 'record by id in that snapshot (median)', value: store.recordLookupMedianMs, unit: 'ms' },
  ];
}

export default suite;
