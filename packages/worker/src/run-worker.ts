// The process around a writer: settings from the environment, a redacting logger, NATS (NATS_URL or
// an embedded server), the JetStream streams (made here only on an embedded server), a Salesforce connection from SF_*, and a clean stop on
// SIGINT/SIGTERM. A writer's main.ts only names itself and says how to start its consumer.

import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { awaitJetStream, ensureJetStream } from '@restorelab/contracts';
import {
  commonEnv,
  createLogger,
  exitOnConfigError,
  installShutdownHandlers,
  type Logger,
  loadConfig,
  onShutdown,
  retryWhileNatsStarts,
  salesforceEnv,
  useNats,
} from '@restorelab/runtime';
import { connectSalesforce } from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';
import { z } from 'zod';

/** What a worker's start function is given. */
export interface WorkerParts {
  nc: NatsConnection;
  conn: Connection;
  logger: Logger;
}

export interface RunWorkerOptions {
  /** The service name, used in logs and as the NATS connection name. */
  name: string;
  /** Starts the service's consumers; `stop()` is called once on shutdown. */
  start: (parts: WorkerParts) => Promise<{ stop(): Promise<void> }>;
}

/**
 * Runs a writer as a process until it is told to stop.
 * @example await runWorker({ name: 'record-writer', start: startRecordWriter });
 */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(z.object(commonEnv)));
  const salesforce = exitOnConfigError(() => loadConfig(salesforceEnv));
  const logger = createLogger({ name: options.name, level: config.LOG_LEVEL });
  installShutdownHandlers(logger);

  const nats = await useNats({ name: options.name, logger, ...(config.NATS_URL ? { natsUrl: config.NATS_URL } : {}) });
  const jsm = await jetstreamManager(nats.nc);
  // On its own embedded server a writer sets JetStream up itself. On a shared server the planner does:
  // a writer only waits for it, so its NATS user needs no right to create or change streams (which
  // would let it route messages into another service's work queue).
  await retryWhileNatsStarts(
    options.name,
    async () => {
      if (config.NATS_URL) {
        await awaitJetStream(jsm, {
          onWait: (missing) => logger.info({ missing }, 'waiting for the planner to set up JetStream'),
        });
      } else {
        await ensureJetStream(jsm);
      }
    },
    logger,
  );
  const conn = await connectSalesforce(salesforce, logger);
  const service = await options.start({ nc: nats.nc, conn, logger });
  onShutdown(() => service.stop(), `${options.name} consumer`);
  logger.info(`${options.name} ready`);
}
