// Runs the planner alone: NATS from NATS_URL (or an embedded server), Salesforce from SF_*, the
// snapshot store from STORE_DIR, the API on PLANNER_PORT with PLANNER_TOKEN (required: no token,
// no start). For everything in one process use `startStack` (restorelab dev).
//   NATS_URL=nats://127.0.0.1:4222 PLANNER_TOKEN=… STORE_DIR=./store SF_LOGIN_URL=… SF_USERNAME=… SF_PASSWORD=… \
//     node services/planner/src/main.ts

import {
  commonEnv,
  createLogger,
  exitOnConfigError,
  installShutdownHandlers,
  jetstreamReplicas,
  loadConfig,
  onShutdown,
  plannerAllowedHosts,
  plannerHost,
  plannerPort,
  restoreWriteMode,
  salesforceEnv,
  secret,
  storeDir,
  useNats,
} from '@restorelab/runtime';
import { connectSalesforce } from '@restorelab/salesforce/client';
import { openSnapshotStore } from '@restorelab/snapshots';
import { z } from 'zod';
import { startPlanner } from './service.ts';

const config = exitOnConfigError(() =>
  loadConfig(
    z.object({
      ...commonEnv,
      PLANNER_PORT: plannerPort,
      PLANNER_HOST: plannerHost,
      PLANNER_ALLOWED_HOSTS: plannerAllowedHosts,
      JETSTREAM_REPLICAS: jetstreamReplicas,
      // Required here (the runtime's piece is optional): the planner never serves an open API.
      PLANNER_TOKEN: secret,
      STORE_DIR: storeDir.default('./.restorelab/store'),
      RESTORE_WRITE_MODE: restoreWriteMode,
    }),
  ),
);
const salesforce = exitOnConfigError(() => loadConfig(salesforceEnv));
const logger = createLogger({ name: 'planner', level: config.LOG_LEVEL });
installShutdownHandlers(logger);

const nats = await useNats({ name: 'planner', logger, ...(config.NATS_URL ? { natsUrl: config.NATS_URL } : {}) });
const store = openSnapshotStore(config.STORE_DIR);
onShutdown(async () => store.close(), 'snapshot store');
const conn = await connectSalesforce(salesforce, logger);
const planner = await startPlanner({
  nc: nats.nc,
  store,
  conn,
  logger,
  token: config.PLANNER_TOKEN,
  port: config.PLANNER_PORT,
  host: config.PLANNER_HOST,
  ...(config.JETSTREAM_REPLICAS ? { jetstreamReplicas: config.JETSTREAM_REPLICAS } : {}),
  ...(config.PLANNER_ALLOWED_HOSTS ? { allowedHosts: config.PLANNER_ALLOWED_HOSTS } : {}),
  ...(config.RESTORE_WRITE_MODE ? { writeMode: config.RESTORE_WRITE_MODE } : {}),
});
onShutdown(() => planner.close(), 'planner');
logger.info({ url: planner.url }, 'planner ready');
