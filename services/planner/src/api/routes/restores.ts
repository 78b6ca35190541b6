// Restores: plan one and answer its summary (nothing is written, R04), read a plan back, confirm it.
import { createRoute } from '@hono/zod-openapi';
import { JobStateSchema, PendingPlanSchema, PlanIdParam, RestoreRequestSchema } from '@restorelab/planner-api';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

export function restoreRoutes({ manager, writeMode }: ApiDeps) {
  return apiRoutes()
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/restores',
        security: secured,
        summary: 'Plan a restore and get its summary; nothing is written until it is confirmed (R04)',
        request: { body: { content: { 'application/json': { schema: RestoreRequestSchema } }, required: true } },
        responses: {
          201: json(PendingPlanSchema, 'The restore summary, waiting for confirmation'),
          400: errors[400],
          401: errors[401],
          404: errors[404],
          422: errors[422]('The record cannot be restored (download-only type R02, a file on its own R12 …)'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const pending = await manager.createRestoreSummary({
          recordId: body.recordId,
          method: body.method,
          ...(body.snapshotId ? { snapshotId: body.snapshotId } : {}),
          ...(writeMode ? { writeMode } : {}),
          ...(body.allChanges ? { allChanges: true } : {}),
        });
        return c.json(pending, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/restores/{id}',
        security: secured,
        summary: 'A planned restore and its summary',
        request: { params: PlanIdParam },
        responses: { 200: json(PendingPlanSchema, 'The plan'), 401: errors[401], 404: errors[404] },
      }),
      async (c) => c.json(await manager.plan(c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/restores/{id}/confirm',
        security: secured,
        summary: 'Confirm a planned restore: starts the job (again: the same job)',
        request: { params: PlanIdParam },
        responses: { 202: json(JobStateSchema, 'The job'), 401: errors[401], 404: errors[404] },
      }),
      async (c) => c.json(await manager.confirm(c.req.valid('param').id), 202),
    );
}
