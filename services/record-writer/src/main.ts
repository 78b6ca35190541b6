// Runs record-writer alone: NATS from NATS_URL (or an embedded server), Salesforce from SF_*.
//   NATS_URL=nats://127.0.0.1:4222 SF_LOGIN_URL=… SF_USERNAME=… SF_PASSWORD=… node services/record-writer/src/main.ts

import { jetstreamManager } from '@nats-io/jetstream';
import { ensureJetStream } from '@restorelab/contracts';
import {
  commonEnv,
  createLogger,
  exitOnConfigError,
  installShutdownHandlers,
  loadConfig,
  onShutdown,
  salesforceEnv,
  useNats,
} from '@restorelab/runtime';
import { z } from 'zod';
import { connectSalesforce } from './salesforce-connection.ts';
import { startRecordWriter } from './service.ts';

const config = exitOnConfigError(() => loadConfig(z.object(commonEnv)));
const salesforce = exitOnConfigError(() => loadConfig(salesforceEnv));
const logger = createLogger({ name: 'record-writer', level: config.LOG_LEVEL });
installShutdownHandlers(logger);

const nats = await useNats({
  name: 'record-writer',
  logger,
  ...(config.NATS_URL ? { natsUrl: config.NATS_URL } : {}),
});
await ensureJetStream(await jetstreamManager(nats.nc));
const conn = await connectSalesforce(salesforce, logger);
const writer = await startRecordWriter({ nc: nats.nc, conn, logger });
onShutdown(() => writer.stop(), 'record-writer consumer');
logger.info('record-writer ready');
