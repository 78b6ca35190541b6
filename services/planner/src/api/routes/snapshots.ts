// Snapshots: list them (of one org or all, newest first), read one, and back the connected org up.
import { createRoute } from '@hono/zod-openapi';
import {
  BackupReportSchema,
  type BackupRequest,
  BackupRequestSchema,
  SnapshotIdParam,
  SnapshotInfoSchema,
  SnapshotListSchema,
  SnapshotsQuery,
} from '@restorelab/planner-api';
import { sameId } from '@restorelab/salesforce';
import { backupOrg } from '@restorelab/snapshots';
import type { Context } from 'hono';
import { PlannerError } from '../../errors.ts';
import { issuesMessage } from '../errors.ts';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

export function snapshotRoutes({ store, conn, logger }: ApiDeps) {
  return apiRoutes()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/snapshots',
        security: secured,
        summary: 'Snapshots of one org (or of every org), newest first',
        request: { query: SnapshotsQuery },
        responses: { 200: json(SnapshotListSchema, 'The snapshots'), 400: errors[400], 401: errors[401] },
      }),
      (c) => {
        const { org } = c.req.valid('query');
        // In the store's order (newest first): the one ordering of snapshots, not sorted again here.
        if (!org) return c.json({ snapshots: store.listSnapshots() }, 200);
        const known = store.listOrgs().find((o) => sameId(o, org));
        return c.json({ snapshots: known ? store.listSnapshots(known) : [] }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/snapshots',
        security: secured,
        summary: 'Take a backup of the connected org now',
        request: { body: { content: { 'application/json': { schema: BackupRequestSchema } }, required: false } },
        responses: { 201: json(BackupReportSchema, 'The backup report'), 400: errors[400], 401: errors[401] },
      }),
      async (c) => {
        const body = await optionalBackupRequest(c);
        const report = await backupOrg(conn, store, {
          ...(body.objects ? { objects: body.objects } : {}),
          ...(body.files !== undefined ? { files: body.files } : {}),
          ...(body.attachments !== undefined ? { attachments: body.attachments } : {}),
        });
        logger.info({ snapshotId: report.snapshot.id, apiCalls: report.apiCalls }, 'backup taken');
        return c.json(report, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/snapshots/{id}',
        security: secured,
        summary: 'One snapshot',
        request: { params: SnapshotIdParam },
        responses: { 200: json(SnapshotInfoSchema, 'The snapshot'), 401: errors[401], 404: errors[404] },
      }),
      (c) => c.json(store.getSnapshot(c.req.valid('param').id), 200),
    );
}

/** The backup body may be absent: no body takes a full backup. */
async function optionalBackupRequest(c: Context): Promise<BackupRequest> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlannerError('BAD_REQUEST', 'the body is not valid JSON');
  }
  const result = BackupRequestSchema.safeParse(value);
  if (!result.success) throw new PlannerError('BAD_REQUEST', issuesMessage(result.error));
  return result.data;
}
