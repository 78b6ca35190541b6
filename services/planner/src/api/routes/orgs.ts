// Orgs: every org with snapshots in the store and the org the planner is connected to, and a record
// as the connected org holds it now (where a restored item's new id leads, R06).
import { createRoute } from '@hono/zod-openapi';
import { OrgListSchema, OrgRecordParams, OrgRecordSchema } from '@restorelab/planner-api';
import { sameId } from '@restorelab/salesforce';
import { PlannerError } from '../../errors.ts';
import { knownOrgs } from '../../jobs/orgs.ts';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

export function orgRoutes({ manager, store, conn }: ApiDeps) {
  return apiRoutes()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/orgs',
        security: secured,
        summary: 'Orgs with snapshots in the store, and the connected org',
        responses: { 200: json(OrgListSchema, 'The orgs'), 401: errors[401] },
      }),
      (c) => c.json({ orgs: knownOrgs(store, manager.orgId) }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/orgs/{orgId}/records/{type}/{recordId}',
        security: secured,
        summary: 'A record as the connected org holds it now, read through its API (only the connected org)',
        request: { params: OrgRecordParams },
        responses: {
          200: json(OrgRecordSchema, 'The record'),
          400: errors[400],
          401: errors[401],
          404: errors[404],
        },
      }),
      async (c) => {
        const { orgId, type, recordId } = c.req.valid('param');
        const connected = manager.orgId;
        if (!connected || !sameId(connected, orgId))
          throw new PlannerError('NOT_FOUND', `org ${orgId} is not the org this planner is connected to`);
        let record: Record<string, unknown>;
        try {
          record = await conn.sobject(type).retrieve(recordId);
        } catch (err) {
          throw new PlannerError('NOT_FOUND', `the org has no ${type} ${recordId} (${(err as Error).message})`, {
            cause: err,
          });
        }
        const fields = Object.fromEntries(Object.entries(record).filter(([name]) => name !== 'attributes'));
        return c.json({ orgId: connected, type, id: recordId, fields }, 200);
      },
    );
}
