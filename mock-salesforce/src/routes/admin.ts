// `/__mock/...`: the test-control API (not a Salesforce path). Bodies are validated with the
// admin module's zod schemas; failures answer the same JSON error array as the REST API.
import { Hono } from 'hono';
import { z } from 'zod';
import { SalesforceApiError } from '../errors.ts';
import type { MockAdmin } from '../org/admin.ts';
import { FaultPlanSchema } from '../org/faults.ts';
import { type AdminGuardOptions, adminGuard } from './admin-guard.ts';
import { parseJson } from './context.ts';

async function body<T>(req: { text(): Promise<string> }, schema: z.ZodType<T>): Promise<T> {
  const text = await req.text();
  const parsed = schema.safeParse(text.trim() === '' ? {} : parseJson(text));
  if (!parsed.success) throw new SalesforceApiError('INVALID_ADMIN_REQUEST', z.prettifyError(parsed.error));
  return parsed.data;
}

export function adminRoutes(admin: MockAdmin, guard: AdminGuardOptions = {}): Hono {
  const app = new Hono();
  app.use('*', adminGuard(guard));
  const withLoginUrl = (url: string) => {
    if (!admin.loginUrl) admin.loginUrl = new URL(url).origin;
  };

  // Credentials only when asked for (`?secrets=true`): a listing is read far more often than it is needed.
  app.get('/orgs', (c) => {
    withLoginUrl(c.req.url);
    const logins = [...admin.registry.orgs()].map((o) => admin.login(o));
    if (c.req.query('secrets') === 'true') return c.json(logins);
    return c.json(logins.map(({ password: _p, clientSecret: _s, ...rest }) => rest));
  });
  app.post('/orgs', async (c) => {
    withLoginUrl(c.req.url);
    const request = await body(c.req, z.record(z.string(), z.unknown()));
    try {
      return c.json(await admin.createOrg(request), 201);
    } catch (error) {
      if (error instanceof SalesforceApiError) throw error;
      throw new SalesforceApiError('INVALID_ADMIN_REQUEST', error instanceof Error ? error.message : String(error));
    }
  });
  app.post('/orgs/:orgId/reset', (c) => c.json(admin.reset(c.req.param('orgId'))));
  app.get('/orgs/:orgId/api-calls', (c) => c.json(admin.apiCalls(c.req.param('orgId'))));
  app.delete('/orgs/:orgId/api-calls', (c) => {
    admin.resetApiCalls(c.req.param('orgId'));
    return c.body(null, 204);
  });
  app.put('/orgs/:orgId/limits', async (c) => {
    const { dailyApiLimit } = await body(c.req, z.object({ dailyApiLimit: z.number().int().min(0) }));
    admin.setDailyApiLimit(dailyApiLimit, c.req.param('orgId'));
    return c.json(admin.apiCalls(c.req.param('orgId')));
  });
  app.put('/orgs/:orgId/permissions', async (c) => {
    const { bulkApiHardDelete } = await body(c.req, z.object({ bulkApiHardDelete: z.boolean() }));
    admin.setBulkApiHardDelete(bulkApiHardDelete, c.req.param('orgId'));
    return c.json({ bulkApiHardDelete });
  });
  app.put('/orgs/:orgId/clock', async (c) => {
    const request = await body(c.req, z.record(z.string(), z.unknown()));
    try {
      return c.json(admin.clock(request, c.req.param('orgId')));
    } catch (error) {
      if (error instanceof SalesforceApiError) throw error;
      throw new SalesforceApiError('INVALID_ADMIN_REQUEST', error instanceof Error ? error.message : String(error));
    }
  });
  app.post('/orgs/:orgId/sessions/expire', (c) => c.json({ expired: admin.expireSessions(c.req.param('orgId')) }));
  app.put('/orgs/:orgId/faults', async (c) => {
    const plan = await body(c.req, FaultPlanSchema);
    admin.setFaults(plan, c.req.param('orgId'));
    return c.body(null, 204);
  });
  app.delete('/orgs/:orgId/faults', (c) => {
    admin.clearFaults(c.req.param('orgId'));
    return c.body(null, 204);
  });
  app.get('/request-log', (c) => c.json({ enabled: admin.requestLog.enabled, entries: admin.requestLog.entries }));
  app.put('/request-log', async (c) => {
    const { enabled, limit } = await body(
      c.req,
      z.object({ enabled: z.boolean(), limit: z.number().int().min(1).max(100_000).optional() }),
    );
    if (enabled) admin.requestLog.start(limit);
    else admin.requestLog.stop();
    return c.json({ enabled: admin.requestLog.enabled });
  });
  app.delete('/request-log', (c) => {
    admin.requestLog.clear();
    return c.body(null, 204);
  });
  app.post('/orgs/:orgId/undelete', async (c) => {
    const { ids } = await body(c.req, z.object({ ids: z.array(z.string()).max(200) }));
    return c.json(admin.undelete(ids, c.req.param('orgId')));
  });
  return app;
}
