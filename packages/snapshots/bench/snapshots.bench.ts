// Benchmarks of the snapshot side (issue 4), for `pnpm bench snapshots`: a backup of a 100,000-record org with
// 1,000 files from the mock over HTTP, the second unchanged backup as a ratio of the first, and the store at
// 1,000,000 records (search latency, size per record). The measuring code lives in ../test/*-bench.ts.
import type { BenchSuite } from '../../../scripts/bench-types.ts';
import { runBackupBench } from '../test/backup-bench.ts';
import { runStoreBench } from '../test/store-bench.ts';

const suite: BenchSuite = {
  name: 'snapshots',
  async run(log) {
    const backup = await runBackupBench(100_000, 1000);
    log(
      `first backup ${backup.firstSeconds.toFixed(1)} s with ${backup.firstApiCalls} API calls; second ${backup.secondSeconds.toFixed(1)} s with ${backup.secondApiCalls} calls, ${backup.secondNewVersions} new versions, ${backup.secondBlobsAdded} new blobs`,
    );
    const store = runStoreBench(1_000_000);
    log(
      `store: ${store.records.toLocaleString('en-US')} records written at ${Math.round(store.writeRecordsPerSecond)}/s; descendants of one account: ${store.descendantsCount} in ${store.descendantsMs.toFixed(1)} ms`,
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
      {
        name: 'search median in a 1,000,000-record snapshot',
        value: store.searchMedianMs,
        unit: 'ms',
        target: '< 50 ms',
        met: store.searchMedianMs < 50,
      },
      { name: 'record by id in that snapshot (median)', value: store.recordLookupMedianMs, unit: 'ms' },
    ];
  },
};

export default suite;
