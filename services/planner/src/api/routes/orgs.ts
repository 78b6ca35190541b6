// GET /v1/orgs: every org with snapshots in the store, and the org the planner is connected to.
import { createRoute } from '@hono/zod-openapi';
import { OrgListSchema } from '@restorelab/planner-api';
import { knownOrgs } from '../../jobs/orgs.ts';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

export function orgRoutes({ manager, store }: ApiDeps) {
  return apiRoutes().openapi(
    createRoute({
      method: 'get',
      path: '/v1/orgs',
      security: secured,
      summary: 'Orgs with snapshots in the store, and the connected org',
      responses: { 200: json(OrgListSchema, 'The orgs'), 401: errors[401] },
    }),
    (c) => c.json({ orgs: knownOrgs(store, manager.orgId) }, 200),
  );
}
