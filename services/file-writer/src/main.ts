// Runs file-writer alone: NATS from NATS_URL (or an embedded server), Salesforce from SF_*.
//   NATS_URL=nats://127.0.0.1:4222 SF_LOGIN_URL=… SF_USERNAME=… SF_PASSWORD=… node services/file-writer/src/main.ts

import { jetstreamManager } from '@nats-io/jetstream';
import { ensureJetStream } from '@restorelab/contracts';
import { connectSalesforce } from '@restorelab/record-writer';
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
import { startFileWriter } from './service.ts';

const config = exitOnConfigError(() => loadConfig(z.object(commonEnv)));
const salesforce = exitOnConfigError(() => loadConfig(salesforceEnv));
const logger = createLogger({ name: 'file-writer', level: config.LOG_LEVEL });
installShutdownHandlers(logger);

const nats = await useNats({ name: 'file-writer', logger, ...(config.NATS_URL ? { natsUrl: config.NATS_URL } : {}) });
await ensureJetStream(await jetstreamManager(nats.nc));
const conn = await connectSalesforce(salesforce, logger);
const writer = await startFileWriter({ nc: nats.nc, conn, logger });
onShutdown(() => writer.stop(), 'file-writer consumer');
logger.info('file-writer ready');
