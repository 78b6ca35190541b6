// The planner's HTTP API under /v1 (Hono + zod-openapi), one sub-app per resource: orgs, snapshots
// (list, back up, browse, search, preview, download), restores (summary first, R04, then confirm)
// and jobs (state, live events over SSE, cancel, resume). Every route needs the bearer token except
// the OpenAPI document and the health check. Errors are JSON `{ error: { code, message } }`; bad
// input is always a 4xx. The schemas are the contract in @restorelab/planner-api.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { bearerAuth } from './auth.ts';
import { errorBody } from './errors.ts';
import { type ApiDeps, apiRoutes, HEALTH_PATH, OPENAPI_PATH } from './openapi.ts';
import { browseRoutes } from './routes/browse.ts';
import { downloadRoutes } from './routes/download.ts';
import { jobEventRoutes } from './routes/job-events.ts';
import { jobRoutes } from './routes/jobs.ts';
import { describeApi } from './routes/meta.ts';
import { orgRoutes } from './routes/orgs.ts';
import { previewRoutes } from './routes/preview.ts';
import { restoreRoutes } from './routes/restores.ts';
import { searchRoutes } from './routes/search.ts';
import { shareRoutes } from './routes/shares.ts';
import { snapshotRoutes } from './routes/snapshots.ts';

export { errorBody } from './errors.ts';
export { type ApiDeps, OPENAPI_PATH } from './openapi.ts';

/**
 * ```ts
 * const api = createApi({ manager, store, conn, nc, logger, token });
 * serve({ fetch: api.fetch, port: 7420 });
 * ```
 */
export function createApi(deps: ApiDeps & { token: string }): OpenAPIHono {
  const app = apiRoutes();
  app.use('/v1/*', bearerAuth(deps.token, new Set([OPENAPI_PATH, HEALTH_PATH])));
  app.onError((err, c) => {
    const { status, body } = errorBody(err);
    if (status >= 500) deps.logger.error({ err, path: c.req.path }, 'request failed');
    return c.json(body, status as ContentfulStatusCode);
  });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  for (const routes of [
    orgRoutes,
    snapshotRoutes,
    browseRoutes,
    searchRoutes,
    previewRoutes,
    downloadRoutes,
    shareRoutes,
    restoreRoutes,
    jobRoutes,
    jobEventRoutes,
  ]) {
    app.route('/', routes(deps));
  }
  describeApi(app);
  return app;
}
