// `/services/data`: the version list, then everything under `/vXX.X/` behind one middleware that
// checks the session (401 INVALID_SESSION_ID), applies injected faults, enforces and counts the
// daily API allocation, and stamps `Sforce-Limit-Info` on every answer.
import { Hono } from 'hono';
import { invalidSession, notFound, requestLimitExceeded } from '../errors.ts';
import type { OrgRegistry } from '../org/registry.ts';
import { bearerToken } from './auth.ts';
import { bulkIngestRoutes } from './bulk-ingest.ts';
import { bulkQueryRoutes } from './bulk-query.ts';
import { compositeRoutes } from './composite.ts';
import { compositeBatchRoutes } from './composite-batch.ts';
import { type CompositeRequestOptions, compositeRequestRoutes } from './composite-request.ts';
import { compositeTreeRoutes } from './composite-tree.ts';
import { type MockEnv, SUBREQUESTS } from './context.ts';
import { queryRoutes } from './query.ts';
import { layoutRoutes, uiApiRoutes } from './record-type-picklists.ts';
import { sobjectRoutes } from './sobjects.ts';

const VERSIONS = Array.from({ length: 66 - 20 + 1 }, (_, i) => `${20 + i}.0`);
const VERSION_PATH = /^v\d{2}\.\d$/;

export function restRoutes(registry: OrgRegistry, options: CompositeRequestOptions): Hono<MockEnv> {
  const app = new Hono<MockEnv>();

  app.get('/', (c) => {
    const origin = '';
    return c.json(
      VERSIONS.map((version) => ({ label: `Version ${version}`, url: `${origin}/services/data/v${version}`, version })),
    );
  });

  app.use('/:version/*', async (c, next) => {
    const version = c.req.param('version');
    if (!VERSION_PATH.test(version)) throw notFound();
    const token = bearerToken(c.req.header('authorization'));
    const found = token ? registry.session(token) : undefined;
    if (!found) throw invalidSession();
    const { mock, session } = found;
    c.set('mock', mock);
    c.set('session', session);
    c.set('version', version);
    const stamp = () => `api-usage=${mock.apiCalls}/${mock.dailyApiLimit}`;
    try {
      // A Composite or Composite Graph subrequest: its parent request was counted and faulted.
      if (SUBREQUESTS.has(c.req.raw)) {
        await next();
        return;
      }
      if (mock.faults.active) {
        const decision = mock.faults.decide(c.req.method, new URL(c.req.url).pathname);
        if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
        if (decision.error) {
          mock.apiCalls++;
          throw decision.error;
        }
      }
      if (mock.apiCalls >= mock.dailyApiLimit) throw requestLimitExceeded();
      mock.apiCalls++;
      await next();
    } finally {
      c.header('Sforce-Limit-Info', stamp());
      // Every Salesforce answer carries a Date, from the org's clock (which tests may hold or move):
      // clients that ask If-Modified-Since later can use it instead of trusting their own clock.
      c.header('Date', new Date(mock.org.clock.now()).toUTCString());
    }
    c.res.headers.set('Sforce-Limit-Info', stamp());
    c.res.headers.set('Date', new Date(mock.org.clock.now()).toUTCString());
  });

  app.get('/:version', (c) => {
    const version = c.req.param('version');
    if (!VERSION_PATH.test(version)) throw notFound();
    const token = bearerToken(c.req.header('authorization'));
    const found = token ? registry.session(token) : undefined;
    if (!found) throw invalidSession();
    found.mock.apiCalls++;
    c.header('Sforce-Limit-Info', `api-usage=${found.mock.apiCalls}/${found.mock.dailyApiLimit}`);
    const base = `/services/data/${version}`;
    return c.json(
      Object.fromEntries(
        ['sobjects', 'query', 'queryAll', 'limits', 'composite', 'search', 'recent', 'jobs'].map((k) => [
          k,
          `${base}/${k}`,
        ]),
      ),
    );
  });

  app.get('/:version/limits', (c) => {
    const mock = c.get('mock');
    const remaining = Math.max(0, mock.dailyApiLimit - mock.apiCalls);
    return c.json({
      DailyApiRequests: { Max: mock.dailyApiLimit, Remaining: remaining },
      ...mock.bulk.limits(),
      DataStorageMB: { Max: 1024, Remaining: 1024 },
      FileStorageMB: { Max: 1024, Remaining: 1024 },
    });
  });

  // Describe layouts first: `/sobjects/T/describe/layouts` would otherwise read as an external id.
  app.route('/:version/sobjects', layoutRoutes());
  app.route('/:version/sobjects', sobjectRoutes(options));
  app.route('/:version/ui-api', uiApiRoutes());
  app.route('/:version/composite/tree', compositeTreeRoutes(options));
  app.route('/:version/composite/batch', compositeBatchRoutes(options));
  app.route('/:version/composite', compositeRequestRoutes(options));
  app.route('/:version/composite', compositeRoutes(options));
  app.route('/:version/jobs/ingest', bulkIngestRoutes(options));
  app.route('/:version/jobs/query', bulkQueryRoutes(options));
  app.route('/:version', queryRoutes());
  return app;
}
