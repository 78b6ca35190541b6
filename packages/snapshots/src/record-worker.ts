// The background record writer: a worker thread with its own connection to store.sqlite that writes
// the pages a backup hands it, already serialised and hashed (record-pages.ts), so SQLite's inserts
// run beside the backup's reads instead of between them. Messages: see background-records.ts.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotError } from './errors.ts';
import { type PreparedPage, RecordPages } from './record-pages.ts';

interface Setup {
  path: string;
  seq: number;
  checkpointPages: number;
}

const setup = workerData as Setup;
const db = new DatabaseSync(setup.path);
// The same settings as the store's own connection (store.ts, snapshot-writer.ts); checkpoints are
// per connection, so this one defers them too.
db.exec(
  `PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = ${setup.checkpointPages};`,
);
const pages = new RecordPages(db, setup.seq, (sql) => db.prepare(sql));
/** After a failed page nothing more is written: the backup is failing and will discard the snapshot. */
let failed = false;

parentPort?.on('message', (message: { id: number; page: PreparedPage } | 'close') => {
  if (message === 'close') {
    db.close();
    parentPort?.close();
    return;
  }
  if (failed) {
    parentPort?.postMessage({ id: message.id, error: { code: 'WRITER_CLOSED', message: 'an earlier page failed' } });
    return;
  }
  try {
    parentPort?.postMessage({ id: message.id, result: pages.write(message.page, true) });
  } catch (err) {
    failed = true;
    const code = err instanceof SnapshotError ? err.code : undefined;
    const item = err instanceof SnapshotError ? err.item : undefined;
    parentPort?.postMessage({ id: message.id, error: { code, item, message: (err as Error).message ?? String(err) } });
  }
});
