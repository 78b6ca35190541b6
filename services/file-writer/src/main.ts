// Runs file-writer alone: NATS from NATS_URL (or an embedded server), Salesforce from SF_*.
//   NATS_URL=nats://127.0.0.1:4222 SF_LOGIN_URL=… SF_USERNAME=… SF_PASSWORD=… node services/file-writer/src/main.ts

import { runWorker } from '@restorelab/worker';
import { startFileWriter } from './service.ts';

await runWorker({ name: 'file-writer', start: startFileWriter });
