// Entry points: the Hono app that is the mock (composed from the route sub-apps, with the one
// error mapping), and a real HTTP server around it for clients that need a socket.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getPath } from 'hono/utils/url';
import { notFound, toErrorBody } from './errors.ts';
import { MockAdmin } from './org/admin.ts';
import { DEFAULT_PASSWORD, DEFAULT_USERNAME, OrgRegistry } from './org/registry.ts';
import { adminRoutes } from './routes/admin.ts';
import { isLoopbackHost } from './routes/admin-guard.ts';
import { authRoutes } from './routes/auth.ts';
import { DEFAULT_MAX_BODY_BYTES } from './routes/context.ts';
import { restRoutes } from './routes/rest.ts';

export interface MockAppOptions {
  /** The orgs the app serves; share one registry between an app and its admin handle. */
  admin?: MockAdmin;
  /** Largest request body accepted (bytes); larger → 413. */
  maxBodyBytes?: number;
  /** Token the admin API (`/__mock`) demands; absent → it answers this machine only. */
  adminToken?: string;
  /**
   * Composite and Composite Graph answer record subrequests straight from the org model (the
   * default); false sends every subrequest through the whole app, the generic path tests compare with.
   */
  inlineSubrequests?: boolean;
}

/**
 * The mock as a Hono app (no socket). Serve it, or hand it to msw with `createMockHandlers`.
 * @example const admin = new MockAdmin(); const app = createMockApp({ admin }); await admin.createOrg();
 */
export function createMockApp(options: MockAppOptions = {}): Hono {
  const admin = options.admin ?? new MockAdmin();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Salesforce answers `//services/data` like `/services/data`: the CLI joins an instance URL that
  // ends in `/` with paths that start with one.
  const app = new Hono({
    getPath: (request) => {
      const path = getPath(request);
      return path.includes('//') ? path.replace(/\/{2,}/g, '/') : path;
    },
  });
  // The request log (admin API) records what clients send; off, it costs one property read.
  app.use('*', async (c, next) => {
    const log = admin.requestLog;
    if (!log.enabled || c.req.path.startsWith('/__mock')) return next();
    const method = c.req.method;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await requestBodyText(c.req.raw);
    await next();
    const type = c.res.headers.get('content-type') ?? '';
    const text = /json|xml|text/i.test(type) ? await c.res.clone().text() : undefined;
    log.add(c.req.raw, body, c.res, text);
  });
  app.route('/', authRoutes(admin.registry));
  // Composite Batch runs its subrequests through the whole app, error handling included.
  const inline = options.inlineSubrequests ?? true;
  app.route(
    '/services/data',
    restRoutes(admin.registry, {
      maxBodyBytes,
      dispatch: async (r) => app.fetch(r),
      // The request log records subrequests as the app sees them, so it needs them to go through it.
      inlineSubrequests: () => inline && !admin.requestLog.enabled,
    }),
  );
  app.route('/__mock', adminRoutes(admin, { token: options.adminToken }));
  // The one place errors become responses: Salesforce's JSON array, never a stack trace.
  app.onError((error, c) => {
    const { status, body } = toErrorBody(error);
    return c.json(body, status as 400);
  });
  app.notFound((c) => c.json([notFound().toItem()], 404));
  return app;
}

/** The body of a request as text for the log, without consuming it; binary bodies are summarised. */
async function requestBodyText(request: Request): Promise<string> {
  const bytes = Buffer.from(await request.clone().arrayBuffer());
  const type = request.headers.get('content-type') ?? '';
  const textual = /json|xml|text|x-www-form-urlencoded/i.test(type) || type === '';
  return textual ? bytes.toString('utf8') : `<${bytes.length} bytes of ${type}>`;
}

/**
 * How long an idle keep-alive connection stays open. Node closes one after 5 s; clients that pause
 * between calls longer than that (the Salesforce CLI's tree import between two files) then write to a
 * socket the server has just closed and fail with "other side closed". Salesforce documents no figure
 * for its idle timeout; clients observed it resetting connections idle for about a minute, so the mock
 * keeps them that long.
 */
export const IDLE_CONNECTION_MS = 60_000;

/** Applies IDLE_CONNECTION_MS; the header timeout must outlast it or Node cuts a slow request's headers first. */
function keepIdleConnections(server: ReturnType<typeof serve>): void {
  // `serve` may also type its server as HTTP/2, which has no keep-alive timeout; ours is HTTP/1.
  if (!('keepAliveTimeout' in server)) return;
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  server.headersTimeout = IDLE_CONNECTION_MS + 5_000;
}

export interface StartMockServerOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** SFDX project folder; absent → the built-in demo org. */
  metadataDir?: string;
  dataPlan?: string;
  username?: string;
  password?: string;
  maxBodyBytes?: number;
  /**
   * Token for the admin API. Absent on a loopback host → none (this machine only); absent on any other
   * host → a random one, read it from the handle.
   */
  adminToken?: string;
}

export interface MockServer {
  url: string;
  /** Same as url: clients log in at the server itself. */
  loginUrl: string;
  username: string;
  password: string;
  orgId: string;
  clientId: string;
  clientSecret: string;
  /** The admin API's token, when it has one (see StartMockServerOptions.adminToken). */
  adminToken: string | undefined;
  admin: MockAdmin;
  app: Hono;
  close(): Promise<void>;
}

/**
 * Starts the mock on a real HTTP port with one org loaded (the demo org by default).
 * @example const mock = await startMockServer(); await new jsforce.Connection({ loginUrl: mock.loginUrl }).login(mock.username, mock.password);
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const admin = new MockAdmin(new OrgRegistry());
  const login = await admin.createOrg({
    ...(options.metadataDir ? { metadataDir: options.metadataDir } : {}),
    ...(options.dataPlan ? { dataPlan: options.dataPlan } : {}),
    username: options.username ?? DEFAULT_USERNAME,
    password: options.password ?? DEFAULT_PASSWORD,
  });
  const host = options.host ?? '127.0.0.1';
  const adminToken = options.adminToken ?? (isLoopbackHost(host) ? undefined : randomBytes(24).toString('base64url'));
  const app = createMockApp({
    admin,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(adminToken ? { adminToken } : {}),
  });
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, (info) =>
        resolve({ server: s, address: info }),
      );
      s.once('error', reject);
    },
  );
  keepIdleConnections(server);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  admin.loginUrl = url;
  return {
    url,
    loginUrl: url,
    username: login.username,
    password: login.password,
    orgId: login.orgId,
    clientId: login.clientId,
    clientSecret: login.clientSecret,
    adminToken,
    admin,
    app,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // `serve` may also type its server as HTTP/2, which has no closeAllConnections; ours is HTTP/1.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
