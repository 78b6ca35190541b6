// Backup over HTTP at scale: fills a mock org in-process (fast), then backs it up twice through
// jsforce over real HTTP. Reports records per second, API calls, store size per record, and the
// second (unchanged) backup as a ratio of the first (the target: at most 0.2).
// Run: node packages/snapshots/test/backup-bench.ts [records=100000] [files=1000]
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockServer } from '@restorelab/mock-salesforce';
import jsforce from 'jsforce';
import { backupOrg } from '../src/backup.ts';
import { openSnapshotStore } from '../src/store.ts';

export interface BackupBenchResult {
  records: number;
  files: number;
  firstSeconds: number;
  recordsPerSecond: number;
  firstApiCalls: number;
  storeBytesPerRecord: number;
  secondSeconds: number;
  secondApiCalls: number;
  secondNewVersions: number;
  secondBlobsAdded: number;
  /** Second unchanged backup time / first backup time. */
  secondToFirstRatio: number;
}

function dirSize(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    total += entry.isDirectory() ? dirSize(full) : statSync(full).size;
  }
  return total;
}

export async function runBackupBench(records = 100_000, files = 1000): Promise<BackupBenchResult> {
  const mock = await startMockServer({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'snapshots-backup-bench-'));
  const store = openSnapshotStore(dir);
  try {
    const hosted = mock.admin.org();
    const ctx = { userId: hosted.identity.adminUserId, system: true };
    const accounts: string[] = [];
    const accountCount = Math.max(1, Math.floor(records / 10));
    for (let i = 0; i < accountCount; i++) {
      accounts.push(hosted.org.create('Account', { Name: `Bench Account ${i}` }, ctx));
    }
    for (let i = accountCount; i < records; i++) {
      hosted.org.create('Contact', { LastName: `Bench${i}`, AccountId: accounts[i % accountCount] }, ctx);
    }
    for (let i = 0; i < files; i++) {
      hosted.org.create(
        'ContentVersion',
        {
          Title: `Bench file ${i}`,
          PathOnClient: `bench-${i}.txt`,
          VersionData: Buffer.from(`bench file ${i} `.repeat(64)),
          FirstPublishLocationId: accounts[i % accountCount],
        },
        ctx,
      );
    }
    const conn = new jsforce.Connection({ loginUrl: mock.loginUrl });
    await conn.login(mock.username, mock.password);

    let t = performance.now();
    const first = await backupOrg(conn, store);
    const firstSeconds = (performance.now() - t) / 1000;
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const bytes = dirSize(dir);
    t = performance.now();
    const second = await backupOrg(conn, store);
    const secondSeconds = (performance.now() - t) / 1000;
    return {
      records: first.snapshot.counts.records,
      files: first.snapshot.counts.files,
      firstSeconds: Number(firstSeconds.toFixed(2)),
      recordsPerSecond: Math.round(first.snapshot.counts.records / firstSeconds),
      firstApiCalls: first.apiCalls,
      storeBytesPerRecord: Math.round(bytes / first.snapshot.counts.records),
      secondSeconds: Number(secondSeconds.toFixed(2)),
      secondApiCalls: second.apiCalls,
      secondNewVersions: second.newRecordVersions,
      secondBlobsAdded: second.blobsAdded,
      secondToFirstRatio: Number((secondSeconds / firstSeconds).toFixed(3)),
    };
  } finally {
    store.close();
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const records = Number(process.argv[2] ?? 100_000);
  const files = Number(process.argv[3] ?? 1000);
  console.log(JSON.stringify(await runBackupBench(records, files), null, 2));
}
