// Measures the store at scale on synthetic data: write throughput of a large snapshot, size per
// record, an unchanged second snapshot, search latency (median of varied queries) and descendants.
// Run: node packages/snapshots/test/store-bench.ts [records=1000000]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeId } from '@restorelab/salesforce';
import { searchSnapshot } from '../src/search.ts';
import type { RecordInput } from '../src/snapshot-writer.ts';
import { openSnapshotStore } from '../src/store.ts';

export interface StoreBenchResult {
  records: number;
  writeRecordsPerSecond: number;
  bytesPerRecord: number;
  secondSnapshotSeconds: number;
  secondSnapshotNewVersions: number;
  searchMedianMs: number;
  recordLookupMedianMs: number;
  descendantsMs: number;
  descendantsCount: number;
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];

function* orgRecords(n: number): Generator<RecordInput> {
  const accounts = Math.max(1, Math.floor(n / 10));
  const owner = makeId('005', 1);
  for (let i = 0; i < n; i++) {
    if (i < accounts) {
      yield {
        type: 'Account',
        fields: {
          Id: makeId('001', i),
          Name: `Account ${i} ${WORDS[i % 10]}`,
          Description: `${WORDS[(i * 7) % 10]} ${WORDS[(i * 3) % 10]} customer number ${i}`,
          OwnerId: owner,
          LastModifiedDate: '2026-01-01T00:00:00.000+0000',
        },
      };
    } else {
      yield {
        type: 'Contact',
        fields: {
          Id: makeId('003', i),
          LastName: `Person${i}`,
          FirstName: WORDS[i % 10],
          AccountId: makeId('001', i % accounts),
          OwnerId: owner,
          LastModifiedDate: '2026-01-01T00:00:00.000+0000',
        },
      };
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

export function runStoreBench(n: number): StoreBenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'snapshots-bench-'));
  const store = openSnapshotStore(dir);
  try {
    const write = (takenAt: string) => {
      const w = store.beginSnapshot({ orgId: '00D000000000001AAA', takenAt });
      let batch: RecordInput[] = [];
      for (const r of orgRecords(n)) {
        batch.push(r);
        if (batch.length === 5000) {
          w.addRecords(batch);
          batch = [];
        }
      }
      w.addRecords(batch);
      return { info: w.commit(), stats: w.stats };
    };
    let t = performance.now();
    const first = write('2026-01-01T00:00:00Z');
    const writeSeconds = (performance.now() - t) / 1000;
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const bytes = statSync(join(dir, 'store.sqlite')).size;
    t = performance.now();
    const second = write('2026-01-02T00:00:00Z');
    const secondSeconds = (performance.now() - t) / 1000;

    const searches: number[] = [];
    for (let i = 0; i < 41; i++) {
      const q = i % 3 === 0 ? `Person${(i * 7919) % n}` : i % 3 === 1 ? `account ${i}` : `${WORDS[i % 10]} customer`;
      const s = performance.now();
      searchSnapshot(store, first.info.id, q, { limit: 50 });
      searches.push(performance.now() - s);
    }
    const lookups: number[] = [];
    for (let i = 0; i < 101; i++) {
      const s = performance.now();
      store.record(first.info.id, makeId('003', Math.floor(n / 10) + ((i * 104729) % Math.floor(n * 0.9))));
      lookups.push(performance.now() - s);
    }
    t = performance.now();
    const descendants = store.descendants(first.info.id, makeId('001', 0));
    const descendantsMs = performance.now() - t;
    return {
      records: n,
      writeRecordsPerSecond: Math.round(n / writeSeconds),
      bytesPerRecord: Math.round(bytes / n),
      secondSnapshotSeconds: Number(secondSeconds.toFixed(2)),
      secondSnapshotNewVersions: second.stats.newRecordVersions,
      searchMedianMs: Number(median(searches).toFixed(2)),
      recordLookupMedianMs: Number(median(lookups).toFixed(3)),
      descendantsMs: Number(descendantsMs.toFixed(2)),
      descendantsCount: descendants.length,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const n = Number(process.argv[2] ?? 1_000_000);
  console.log(JSON.stringify(runStoreBench(n), null, 2));
}
