// Runs record-writer alone: NATS from NATS_URL (or an embedded server), Salesforce from SF_*, and
// RECORD_WRITER_CONCURRENCY batches written at once (default 2).
//   NATS_URL=nats://127.0.0.1:4222 SF_LOGIN_URL=… SF_USERNAME=… SF_PASSWORD=… node services/record-writer/src/main.ts

import { exitOnConfigError, loadConfig, recordWriterEnv } from '@restorelab/runtime';
import { runWorker } from '@restorelab/worker';
import { startRecordWriter } from './service.ts';

const { RECORD_WRITER_CONCURRENCY: concurrency } = exitOnConfigError(() => loadConfig(recordWriterEnv));
await runWorker({
  name: 'record-writer',
  start: (parts) => startRecordWriter({ ...parts, ...(concurrency ? { concurrency } : {}) }),
});
