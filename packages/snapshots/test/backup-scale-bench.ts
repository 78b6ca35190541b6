// Backups at scale against a baseline measured in the same run (issue 17): an org of `records`
// records (a tenth accounts, the rest contacts) on the mock over HTTP is read (1) by backupOrg with
// REST pages only (for comparison; it also warms the process), (2) by a plain jsforce query loop
// over the same objects and fields, (3) by backupOrg (Bulk API 2.0 for large objects) into a fresh
// store, (4) by backupOrg again, unchanged.
// Also: one object read through REST pages and through Bulk API 2.0 at several sizes, which is
// where BULK_QUERY_MIN_RECORDS comes from.
// Run: node packages/snapshots/test/backup-scale-bench.ts [records=10000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer } from '@restorelab/mock-salesforce';
import jsforce, { type Connection } from 'jsforce';
import { backupOrg } from '../src/backup.ts';
import { queryableFields } from '../src/backup-records.ts';
import { openSnapshotStore, type SnapshotStore } from '../src/store.ts';

export interface ScaleBenchResult {
  records: number;
  loopSeconds: number;
  loopCalls: number;
  firstSeconds: number;
  firstCalls: number;
  secondSeconds: number;
  secondCalls: number;
  restOnlySeconds: number;
  restOnlyCalls: number;
}

/** The baseline: every object the backup read, `SELECT <its fields>` page by page through jsforce. */
async function queryLoop(conn: Connection, store: SnapshotStore, snapshotId: string): Promise<number> {
  let rows = 0;
  for (const describe of store.schema(snapshotId).objects) {
    let page = await conn.query(`SELECT ${queryableFields(describe).join(', ')} FROM ${describe.name}`);
    rows += page.records.length;
    while (!page.done && page.nextRecordsUrl) {
      page = await conn.queryMore(page.nextRecordsUrl);
      rows += page.records.length;
    }
  }
  return rows;
}

function withStore<T>(body: (store: SnapshotStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'snapshots-scale-bench-'));
  const store = openSnapshotStore(dir);
  return body(store).finally(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

export async function runScaleBench(records: number): Promise<ScaleBenchResult> {
  const mock = await startMockServer({ port: 0 });
  try {
    const hosted = mock.admin.org();
    const ctx = { userId: hosted.identity.adminUserId, system: true };
    const accounts: string[] = [];
    const accountCount = Math.max(1, Math.floor(records / 10));
    // Stamped over the past hour, as records are that a backup finds. Filled within the second the
    // backup starts, every one would share the newest SystemModstamp second, which an incremental
    // read re-reads on purpose (SOQL datetimes have whole seconds): the second backup would read all.
    const step = 3_600_000 / records;
    hosted.org.clock.set(Date.now() - 3_600_000);
    for (let i = 0; i < accountCount; i++) {
      accounts.push(hosted.org.create('Account', { Name: `Scale ${i}` }, ctx));
      hosted.org.clock.advance(step);
    }
    for (let i = accountCount; i < records; i++) {
      hosted.org.create('Contact', { LastName: `Scale${i}`, AccountId: accounts[i % accountCount] }, ctx);
      hosted.org.clock.advance(step);
    }
    hosted.org.clock.useRealTime();
    const conn = new jsforce.Connection({ loginUrl: mock.loginUrl });
    await conn.login(mock.username, mock.password);
    const calls = () => mock.admin.apiCalls().apiCalls;
    const options = { files: false, attachments: false } as const;

    // REST pages only, first: it also warms the process (code loaded, the org's caches) for what follows.
    const { restOnly, loop } = await withStore(async (other) => {
      let c = calls();
      let t = performance.now();
      const report = await backupOrg(conn, other, { ...options, bulk: false });
      const restOnly = { seconds: (performance.now() - t) / 1000, calls: calls() - c };
      c = calls();
      t = performance.now();
      await queryLoop(conn, other, report.snapshot.id);
      return { restOnly, loop: { seconds: (performance.now() - t) / 1000, calls: calls() - c } };
    });
    return await withStore(async (store) => {
      let c = calls();
      let t = performance.now();
      await backupOrg(conn, store, options);
      const firstSeconds = (performance.now() - t) / 1000;
      const firstCalls = calls() - c;
      c = calls();
      t = performance.now();
      await backupOrg(conn, store, options);
      const secondSeconds = (performance.now() - t) / 1000;
      const secondCalls = calls() - c;
      return {
        records,
        loopSeconds: loop.seconds,
        loopCalls: loop.calls,
        firstSeconds,
        firstCalls,
        secondSeconds,
        secondCalls,
        restOnlySeconds: restOnly.seconds,
        restOnlyCalls: restOnly.calls,
      };
    });
  } finally {
    await mock.close();
  }
}

export interface CrossoverPoint {
  records: number;
  restMs: number;
  restCalls: number;
  bulkMs: number;
  bulkCalls: number;
}

/**
 * One object of `size` accounts backed up whole, through REST pages and through Bulk (threshold 1),
 * each into a fresh store: the backups differ only in how that object is read.
 */
export async function runCrossover(sizes: readonly number[]): Promise<CrossoverPoint[]> {
  const points: CrossoverPoint[] = [];
  for (const size of sizes) {
    const mock = await startMockServer({ port: 0 });
    try {
      const hosted = mock.admin.org();
      const ctx = { userId: hosted.identity.adminUserId, system: true };
      for (let i = 0; i < size; i++) hosted.org.create('Account', { Name: `Crossover ${i}` }, ctx);
      const conn = new jsforce.Connection({ loginUrl: mock.loginUrl });
      await conn.login(mock.username, mock.password);
      const read = async (bulk: false | { minRecords: number }) =>
        withStore(async (store) => {
          const before = mock.admin.apiCalls().apiCalls;
          const started = performance.now();
          await backupOrg(conn, store, { objects: ['Account'], files: false, attachments: false, bulk });
          return { ms: performance.now() - started, calls: mock.admin.apiCalls().apiCalls - before };
        });
      await read(false); // warm-up: the first backup of a process pays for loading code
      const rest = await read(false);
      const bulk = await read({ minRecords: 1 });
      points.push({ records: size, restMs: rest.ms, restCalls: rest.calls, bulkMs: bulk.ms, bulkCalls: bulk.calls });
    } finally {
      await mock.close();
    }
  }
  return points;
}

if (import.meta.main) {
  const records = Number(process.argv[2] ?? 10_000);
  console.log(JSON.stringify(await runScaleBench(records), null, 2));
  console.log(JSON.stringify(await runCrossover([5_000, 10_000, 20_000, 40_000]), null, 2));
}
