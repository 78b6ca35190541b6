// startPlanner: the planner service in one call — JetStream set up, the job manager (which resumes
// running jobs) and the HTTP API on a port. Refuses to start without a token: the API is never open.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureJetStream } from '@restorelab/contracts';
import type { FetchRequest } from '@restorelab/planner-api';
import { type Logger, retryWhileNatsStarts } from '@restorelab/runtime';
import type { SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import { hostAllowList } from './allowed-hosts.ts';
import { createApi } from './api/app.ts';
import { SHARED_PATH, sharedLinks } from './api/shared-link.ts';
import { PlannerError } from './errors.ts';
import { JobManager } from './jobs/job-manager.ts';
import type { WriteMode } from './jobs/types.ts';
import type { PlannerSeams } from './seams.ts';

/** What a planner's port serves besides /v1 (apps/stack puts the web console there). */
export interface PlannerSite {
  fetch(request: Request): Response | Promise<Response>;
}

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
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /**
   * The address people reach this planner at, for the share links it hands out (behind a proxy, the
   * proxy's); default the address it listens on.
   */
  publicUrl?: string;
  /**
   * Host names the port answers to besides loopback names, IP addresses and `host` itself
   * (PLANNER_ALLOWED_HOSTS): the names clients use when the planner binds 0.0.0.0. Any other Host
   * header is refused with 421 (DNS rebinding). `*` turns the check off.
   */
  allowedHosts?: readonly string[];
  /** Storage of the JetStream items created when missing (default file). */
  jetstreamStorage?: 'file' | 'memory';
  /** Copies of each JetStream item on a cluster (JETSTREAM_REPLICAS); unset: see ensureJetStream. */
  jetstreamReplicas?: number;
  /**
   * Serves every path outside /v1 on the planner's port, given the API answered in process (so it can
   * call the API without a socket). The planner itself knows no console: the composition that wants
   * one beside the API passes it here. Without it, other paths answer the API's JSON 404.
   */
  site?: (api: FetchRequest) => PlannerSite;
  /**
   * How new records are written (RESTORE_WRITE_MODE): `graph`, a hierarchy through Composite Graph
   * in payloads of up to 500 linked records (an org without it falls back to Collections), or
   * `collections`, sObject Collections wave by wave. Default `graph`.
   */
  writeMode?: WriteMode;
  /**
   * Suite power only: faults bent into the planner on purpose (see seams.ts). Code only: never read
   * from the environment or the API.
   */
  seams?: PlannerSeams;
}

export interface PlannerService {
  url: string;
  port: number;
  manager: JobManager;
  /**
   * Everything the port serves (the API, and the site beside it) answered in this process, without the
   * socket: for a caller in the same process that would only pay for HTTP twice (the conformance
   * suite's in-process target). Every route, check and answer is the served one.
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
  const managerOptions = {
    nc: options.nc,
    store: options.store,
    conn: options.conn,
    logger,
    ...(options.seams ? { seams: options.seams } : {}),
  };
  const manager = await retryWhileNatsStarts(
    'planner',
    async () => {
      await ensureJetStream(await jetstreamManager(options.nc), {
        storage: options.jetstreamStorage ?? 'file',
        ...(options.jetstreamReplicas === undefined ? {} : { replicas: options.jetstreamReplicas }),
      });
      return JobManager.start(managerOptions);
    },
    logger,
  );
  let url = '';
  // Bound to every interface (0.0.0.0, ::), the listening address is no address to hand out: links
  // then name loopback, where docker-compose publishes the port. Behind a proxy, set publicUrl.
  const reachableUrl = () => url.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://127.0.0.1');
  const api = createApi({
    manager,
    store: options.store,
    conn: options.conn,
    nc: options.nc,
    token: options.token,
    logger,
    writeMode: options.writeMode ?? 'graph',
    shareUrl: (token) => `${(options.publicUrl ?? reachableUrl()).replace(/\/+$/, '')}${SHARED_PATH}${token}`,
  });
  const shared = sharedLinks(options.store, logger);
  const answerApi = async (request: Request) => api.fetch(request);
  const site = options.site?.(answerApi);
  const fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    // Share links open without the token: served here, outside /v1 and before any site.
    if (path.startsWith(SHARED_PATH)) return shared.fetch(request);
    return site && !isApiPath(path) ? site.fetch(request) : answerApi(request);
  };
  const host = options.host ?? '127.0.0.1';
  const hosts = hostAllowList(host, options.allowedHosts);
  // Only what arrives over the socket is checked: the in-process fetch has no Host to be misled by.
  const served = async (request: Request): Promise<Response> => {
    const presented = request.headers.get('host');
    if (hosts.allows(presented)) return fetch(request);
    logger.warn({ host: presented?.slice(0, 100) }, 'request refused: host name not allowed');
    return misdirected(site !== undefined && !isApiPath(new URL(request.url).pathname));
  };
  let server: ServerType;
  let address: AddressInfo;
  try {
    ({ server, address } = await new Promise<{ server: ServerType; address: AddressInfo }>((resolve, reject) => {
      const s = serve({ fetch: served, port: options.port, hostname: host }, (info) =>
        resolve({ server: s, address: info }),
      );
      s.once('error', reject);
    }));
  } catch (err) {
    await manager.stop();
    throw err;
  }
  url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  logger.info({ url }, 'planner API listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    manager,
    fetch,
    close: () => {
      closing ??= (async () => {
        // Open keep-alive and event-stream connections would hold close() until they end.
        if ('closeAllConnections' in server) server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await manager.stop();
      })();
      return closing;
    },
  };
}

const MISDIRECTED =
  'this server does not answer to that host name (see PLANNER_ALLOWED_HOSTS in packages/runtime/src/env.ts)';

/** 421: the API's JSON error, or a plain page for the site beside it. */
function misdirected(page: boolean): Response {
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  if (page) {
    return new Response(`Misdirected request: ${MISDIRECTED}.\n`, {
      status: 421,
      headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  return Response.json({ error: { code: 'HOST_NOT_ALLOWED', message: MISDIRECTED } }, { status: 421, headers });
}

function isApiPath(pathname: string): boolean {
  return pathname === '/v1' || pathname.startsWith('/v1/');
}
