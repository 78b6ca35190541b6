// The web console under /console: login, orgs and snapshots, folders and search, a record with its
// children and files, restore (choice → summary → confirm) and the job monitor, one sub-app per
// concern in routes/. Every operation goes through the planner's API with planner-api's client
// (in process when the console is composed with the planner), so the console and the API cannot
// disagree; the console adds sessions, CSRF checks and HTML. This file puts the sub-apps together:
// the security headers on every answer, the error page, the assets, and the session every page but
// the login ones needs.
import { PlannerApiClient } from '@restorelab/planner-api';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CONSOLE_CSS, CONSOLE_ICON, CONSOLE_JOB_JS } from './assets.ts';
import type { ConsoleContext, ConsoleOptions } from './context.ts';
import { ConsoleError, errorPage, failureOf } from './errors.ts';
import { CONSOLE_BASE, type ConsoleEnv, requireSession, securityHeaders } from './guard.ts';
import { downloadRoutes } from './routes/downloads.ts';
import { itemRoutes } from './routes/items.ts';
import { jobRoutes } from './routes/jobs.ts';
import { loginRoutes, logoutRoutes } from './routes/login.ts';
import { orgRoutes } from './routes/orgs.ts';
import { restoreRoutes } from './routes/restores.ts';
import { shareRoutes } from './routes/shares.ts';
import { snapshotRoutes } from './routes/snapshots.ts';
import { ConsoleSessions } from './session.ts';

export type { ConsoleOptions } from './context.ts';

const OPEN_PATHS = new Set([`${CONSOLE_BASE}/login`, `${CONSOLE_BASE}/login/link`]);

/**
 * ```ts
 * // beside the planner, in one process: the API answered in process, no socket
 * const site = createConsole({ token, planner: { fetch: api.fetch }, logger });
 * // or apart from it
 * const site = createConsole({ token, planner: { url: 'http://127.0.0.1:7420' }, logger });
 * ```
 */
export function createConsole(options: ConsoleOptions): Hono<ConsoleEnv> {
  const { url, fetch } = options.planner;
  if (!url && !fetch) throw new Error('createConsole needs the planner: its url, its fetch, or both');
  const ctx: ConsoleContext = {
    // Without a URL the requests never leave the process: the host only has to be a valid one.
    api: new PlannerApiClient({
      url: url ?? 'http://planner.invalid',
      token: options.token,
      ...(fetch ? { fetch } : {}),
    }),
    token: options.token,
    sessions: options.sessions ?? new ConsoleSessions(),
    log: options.logger.child({ component: 'console' }),
    publicOrigin: options.publicOrigin,
  };
  const app = new Hono<ConsoleEnv>();
  app.use(`${CONSOLE_BASE}/*`, securityHeaders()); // also matches /console itself
  app.onError((err, c) => {
    const { status, message } = failureOf(err);
    if (status >= 500) ctx.log.error({ err, path: c.req.path }, 'console request failed');
    return c.html(errorPage(status, message, c.get('session')?.csrf), status as ContentfulStatusCode);
  });
  app.get('/', (c) => c.redirect(CONSOLE_BASE, 302));

  // Assets and login need no session; everything else does.
  app.get(`${CONSOLE_BASE}/assets/console.css`, (c) => asset(c, CONSOLE_CSS, 'text/css'));
  app.get(`${CONSOLE_BASE}/assets/job-monitor.js`, (c) => asset(c, CONSOLE_JOB_JS, 'text/javascript'));
  app.get(`${CONSOLE_BASE}/assets/icon.svg`, (c) => asset(c, CONSOLE_ICON, 'image/svg+xml'));
  app.route('/', loginRoutes(ctx));
  const guard = requireSession(ctx.sessions);
  app.use(`${CONSOLE_BASE}/*`, async (c, next) => {
    const p = c.req.path;
    if (p.startsWith(`${CONSOLE_BASE}/assets/`) || OPEN_PATHS.has(p)) return next();
    return guard(c, next);
  });

  for (const routes of [
    logoutRoutes,
    orgRoutes,
    snapshotRoutes,
    itemRoutes,
    downloadRoutes,
    restoreRoutes,
    shareRoutes,
    jobRoutes,
  ])
    app.route('/', routes(ctx));
  app.all(`${CONSOLE_BASE}/*`, (c) => {
    throw new ConsoleError('NOT_FOUND', `no console page ${c.req.path}`);
  });
  return app;
}

function asset(c: Context, body: string, type: string): Response {
  c.header('cache-control', 'public, max-age=300');
  return c.body(body, 200, { 'content-type': `${type}; charset=utf-8` });
}
