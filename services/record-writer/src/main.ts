// Runs record-writer alone: NATS from NATS_URL (or an embedded server), Salesforce from SF_*.
//   NATS_URL=nats://127.0.0.1:4222 SF_LOGIN_URL=… SF_USERNAME=… SF_PASSWORD=… node services/record-writer/src/main.ts

import { runWorker } from '@restorelab/worker';
import { startRecordWriter } from './service.ts';

await runWorker({ name: 'record-writer', start: startRecordWriter });
