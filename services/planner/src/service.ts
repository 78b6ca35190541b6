// startPlanner: the planner service in one call — JetStream set up, the job manager (which resumes
// running jobs) and the HTTP API on a port. Refuses to start without a token: the API is never open.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureJetStream } from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import type { SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import { createApi } from './api/app.ts';
import { createConsole } from './console/index.ts';
import { PlannerError } from './errors.ts';
import { JobManager } from './jobs/job-manager.ts';

export interface PlannerOptions {
  nc: NatsConnection;
  store: SnapshotStore;
  /** The org restores write to (the admin user running them, R15). */
  conn: Connection;
  logger: Logger;
  /** Bearer token every API call must present. Required. */
  token: string;
  /** 0 = a free port. */
  port: number;
  host?: string;
  /** Storage of the JetStream items created when missing (default file). */
  jetstreamStorage?: 'file' | 'memory';
}

export interface PlannerService {
  url: string;
  port: number;
  manager: JobManager;
  /**
   * The same API and console answered in this process, without the socket: for a caller in the same
   * process that would only pay for HTTP twice (the conformance suite's in-process target). Every
   * route, check and answer is the served one.
   */
  fetch(request: Request): Promise<Response>;
  /** Stops the HTTP server and the job manager (running jobs stay resumable). Idempotent. */
  close(): Promise<void>;
}

export async function startPlanner(options: PlannerOptions): Promise<PlannerService> {
  if (!options.token || options.token.trim() === '') {
    throw new PlannerError(
      'CONFIG_MISSING',
      'the planner needs an API token (PLANNER_TOKEN): it never serves an open API',
    );
  }
  const logger = options.logger.child({ service: 'planner' });
  await ensureJetStream(await jetstreamManager(options.nc), { storage: options.jetstreamStorage ?? 'file' });
  const manager = await JobManager.start({ nc: options.nc, store: options.store, conn: options.conn, logger });
  const app = createApi({
    manager,
    store: options.store,
    conn: options.conn,
    nc: options.nc,
    token: options.token,
    logger,
  });
  // The web console (/console) beside the API, on the same port, calling the API in process.
  const api = (request: Request) => Promise.resolve(app.fetch(request));
  app.route('/', createConsole({ token: options.token, planner: { fetch: api }, logger }));
  const host = options.host ?? '127.0.0.1';
  let server: ReturnType<typeof serve>;
  let address: AddressInfo;
  try {
    ({ server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
      (resolve, reject) => {
        const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info) =>
          resolve({ server: s, address: info }),
        );
        s.once('error', reject);
      },
    ));
  } catch (err) {
    await manager.stop();
    throw err;
  }
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  logger.info({ url }, 'planner API listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    manager,
    fetch: async (request) => app.fetch(request),
    close: () => {
      closing ??= (async () => {
        const s = server as unknown as { closeAllConnections?: () => void; close(cb: (e?: Error) => void): void };
        s.closeAllConnections?.();
        await new Promise<void>((resolve) => s.close(() => resolve()));
        await manager.stop();
      })();
      return closing;
    },
  };
}
