// The planner's HTTP API under /v1 (Hono + zod-openapi): orgs and snapshots (list, back up, browse,
// search, preview, download), restores (summary first, R04, then confirm) and jobs (state, live
// events over SSE, cancel). Every route needs the bearer token except the OpenAPI document and the
// health check. Errors are JSON `{ error: { code, message } }`; bad input is always a 4xx.

import { Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  BackupReportSchema,
  BackupRequestSchema,
  ErrorBodySchema as ErrorSchema,
  FolderPathParam,
  ItemParams,
  JobIdParam,
  JobListSchema,
  JobStateSchema as JobSchema,
  JobWaitQuery,
  ListingSchema,
  OrgListSchema,
  PageQuery,
  PendingPlanSchema,
  PlanIdParam,
  RecordPreviewSchema,
  RestoreRequestSchema,
  SearchQuery,
  SearchResultSchema,
  SnapshotIdParam,
  SnapshotInfoSchema,
  SnapshotListSchema,
  SnapshotsQuery,
} from '@restorelab/planner-api';
import type { Logger } from '@restorelab/runtime';
import { sameId } from '@restorelab/salesforce';
import {
  backupOrg,
  downloadItem,
  listFolder,
  previewRecord,
  type ShareItem,
  SnapshotError,
  type SnapshotStore,
  searchSnapshot,
} from '@restorelab/snapshots';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { streamSSE } from 'hono/streaming';
import type { Connection } from 'jsforce';
import { PlannerError } from '../errors.ts';
import { jobEvents } from '../jobs/events.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import { knownOrgs } from '../jobs/orgs.ts';
import { bearerAuth } from './auth.ts';
import { commonErrors, json } from './schemas.ts';

export interface ApiDeps {
  manager: JobManager;
  store: SnapshotStore;
  conn: Connection;
  nc: NatsConnection;
  token: string;
  logger: Logger;
}

export const OPENAPI_PATH = '/v1/openapi.json';
const HEALTH_PATH = '/v1/health';

const e = commonErrors;
const secured = [{ bearer: [] }];

export function createApi(deps: ApiDeps): OpenAPIHono {
  const { manager, store, logger } = deps;
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const message = result.error.issues
          .map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`)
          .join('; ');
        return c.json({ error: { code: 'BAD_REQUEST', message } }, 400);
      }
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.use('/v1/*', bearerAuth(deps.token, new Set([OPENAPI_PATH, HEALTH_PATH])));

  app.onError((err, c) => {
    const { status, body } = errorBody(err);
    if (status >= 500) logger.error({ err, path: c.req.path }, 'request failed');
    return c.json(body, status as 400);
  });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  app.get(HEALTH_PATH, (c) => c.json({ ok: true }));

  // ---- orgs and snapshots -----------------------------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/orgs',
      security: secured,
      summary: 'Orgs with snapshots in the store',
      responses: { 200: json(OrgListSchema, 'The orgs'), 401: e[401] },
    }),
    (c) => {
      const orgs = knownOrgs(store, manager.orgId);
      return c.json({ orgs }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/snapshots',
      security: secured,
      summary: 'Snapshots of one org (or of every org), newest first',
      request: { query: SnapshotsQuery },
      responses: {
        200: json(SnapshotListSchema, 'The snapshots'),
        400: e[400],
        401: e[401],
      },
    }),
    (c) => {
      const { org } = c.req.valid('query');
      const orgs = org ? store.listOrgs().filter((o) => sameId(o, org)) : store.listOrgs();
      const snapshots = orgs.flatMap((o) => store.listSnapshots(o)).sort((a, b) => b.takenAt.localeCompare(a.takenAt));
      return c.json({ snapshots }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/snapshots',
      security: secured,
      summary: 'Take a backup of the connected org now',
      request: { body: { content: { 'application/json': { schema: BackupRequestSchema } }, required: false } },
      responses: { 201: json(BackupReportSchema, 'The backup report'), 400: e[400], 401: e[401] },
    }),
    async (c) => {
      const body = await optionalJson(c, BackupRequestSchema);
      const report = await backupOrg(deps.conn, store, {
        ...(body.objects ? { objects: body.objects } : {}),
        ...(body.files !== undefined ? { files: body.files } : {}),
        ...(body.attachments !== undefined ? { attachments: body.attachments } : {}),
      });
      logger.info({ snapshotId: report.snapshot.id, apiCalls: report.apiCalls }, 'backup taken');
      return c.json(report, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/snapshots/{id}',
      security: secured,
      summary: 'One snapshot',
      request: { params: SnapshotIdParam },
      responses: { 200: json(SnapshotInfoSchema, 'The snapshot'), 401: e[401], 404: e[404] },
    }),
    (c) => c.json(store.getSnapshot(c.req.valid('param').id), 200),
  );

  // Browse: the folder path may hold slashes (Objects/Account), so the handler is a plain Hono
  // route and the OpenAPI document gets the path registered by hand.
  const browse = (c: Context, path: string) => {
    const page = PageQuery.safeParse(c.req.query());
    if (!page.success)
      throw new PlannerError('BAD_REQUEST', 'offset and limit must be non-negative integers (limit ≤ 1000)');
    return c.json(listFolder(store, c.req.param('id') ?? '', path, page.data), 200);
  };
  app.get('/v1/snapshots/:id/folders', (c) => browse(c, ''));
  app.get('/v1/snapshots/:id/folders/:path{.+}', (c) => browse(c, c.req.param('path') ?? ''));
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/snapshots/{id}/folders/{path}',
    security: secured,
    summary:
      'List a folder: "" (root), Objects, Objects/<type>, Files, Attachments; download-only types are marked (R02)',
    request: { params: SnapshotIdParam.extend({ path: FolderPathParam }), query: PageQuery },
    responses: { 200: json(ListingSchema, 'The folder'), 400: e[400], 401: e[401], 404: e[404] },
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/snapshots/{id}/search',
      security: secured,
      summary: 'Search a snapshot by name, id or text',
      request: { params: SnapshotIdParam, query: SearchQuery },
      responses: { 200: json(SearchResultSchema, 'Hits'), 400: e[400], 401: e[401], 404: e[404] },
    }),
    (c) => {
      const { q, offset, limit } = c.req.valid('query');
      const page = { ...(offset !== undefined ? { offset } : {}), ...(limit !== undefined ? { limit } : {}) };
      return c.json(searchSnapshot(store, c.req.valid('param').id, q, page), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/snapshots/{id}/records/{itemId}',
      security: secured,
      summary: 'Preview a backed-up record (labels, standard status value R10, children, files, attachments)',
      request: { params: ItemParams },
      responses: { 200: json(RecordPreviewSchema, 'The preview'), 400: e[400], 401: e[401], 404: e[404] },
    }),
    (c) => {
      const { id, itemId } = c.req.valid('param');
      return c.json(previewRecord(store, id, itemId), 200);
    },
  );

  for (const kind of ['records', 'files', 'attachments'] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/v1/snapshots/{id}/${kind}/{itemId}/download`,
        security: secured,
        summary: `Download a ${kind.slice(0, -1)} as backed up (${kind === 'records' ? 'JSON' : 'its content'})`,
        request: { params: ItemParams },
        responses: {
          200: {
            description: 'The content',
            content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
          },
          400: e[400],
          401: e[401],
          404: e[404],
        },
      }),
      async (c) => {
        const { id, itemId } = c.req.valid('param');
        const item: ShareItem = {
          snapshotId: id,
          kind: kind === 'records' ? 'record' : kind === 'files' ? 'file' : 'attachment',
          id: itemId,
        };
        const download = downloadItem(store, item);
        const stream = await download.open();
        return new Response(Readable.toWeb(stream) as ReadableStream, {
          status: 200,
          headers: {
            'content-type': download.contentType,
            'content-length': String(download.size),
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
          },
        }) as never;
      },
    );
  }

  // ---- restores ---------------------------------------------------------------------------

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/restores',
      security: secured,
      summary: 'Plan a restore and get its summary; nothing is written until it is confirmed (R04)',
      request: { body: { content: { 'application/json': { schema: RestoreRequestSchema } }, required: true } },
      responses: {
        201: json(PendingPlanSchema, 'The restore summary, waiting for confirmation'),
        400: e[400],
        401: e[401],
        404: e[404],
        422: json(ErrorSchema, 'The record cannot be restored (download-only type R02, a file on its own R12 …)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const pending = await manager.createRestoreSummary({
        recordId: body.recordId,
        method: body.method,
        ...(body.snapshotId ? { snapshotId: body.snapshotId } : {}),
      });
      return c.json(pending, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/restores/{id}',
      security: secured,
      summary: 'A planned restore and its summary',
      request: { params: PlanIdParam },
      responses: { 200: json(PendingPlanSchema, 'The plan'), 401: e[401], 404: e[404] },
    }),
    async (c) => c.json(await manager.plan(c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/restores/{id}/confirm',
      security: secured,
      summary: 'Confirm a planned restore: starts the job (again: the same job)',
      request: { params: PlanIdParam },
      responses: { 202: json(JobSchema, 'The job'), 401: e[401], 404: e[404] },
    }),
    async (c) => c.json(await manager.confirm(c.req.valid('param').id), 202),
  );

  // ---- jobs -------------------------------------------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs',
      security: secured,
      summary: 'Jobs, newest first',
      responses: { 200: json(JobListSchema, 'The jobs'), 401: e[401] },
    }),
    async (c) => c.json({ jobs: await manager.jobs() }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs/{id}',
      security: secured,
      summary: 'A job: status, counts per object and action, selected / restored / metafiles (R05), failures, id map',
      request: { params: JobIdParam, query: JobWaitQuery },
      responses: { 200: json(JobSchema, 'The job'), 400: e[400], 401: e[401], 404: e[404] },
    }),
    async (c) => {
      const jobId = c.req.valid('param').id;
      const { wait } = c.req.valid('query');
      // A follower asking to wait is answered the moment the job stops: no polling interval to guess.
      const job = wait ? await manager.settled(jobId, wait * 1000) : await manager.job(jobId);
      return c.json(job, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/jobs/{id}/cancel',
      security: secured,
      summary: 'Cancel a running job: work in flight finishes, nothing more is sent',
      request: { params: JobIdParam },
      responses: {
        202: json(JobSchema, 'The job, cancelling'),
        401: e[401],
        404: e[404],
        409: json(ErrorSchema, 'The job has already finished'),
      },
    }),
    async (c) => c.json(await manager.cancel(c.req.valid('param').id), 202),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/jobs/{id}/resume',
      security: secured,
      summary:
        'Run a failed job again (e.g. once the org has API requests again): only the items not written are written, none twice',
      request: { params: JobIdParam },
      responses: {
        202: json(JobSchema, 'The job, running again with a new attempt number'),
        401: e[401],
        404: e[404],
        409: json(ErrorSchema, 'The job is not failed (running, succeeded or cancelled)'),
      },
    }),
    async (c) => c.json(await manager.resume(c.req.valid('param').id), 202),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs/{id}/events',
      security: secured,
      summary: 'Server-sent events of a job (status, progress, item), replayed from the start, until it finishes',
      request: { params: JobIdParam },
      responses: {
        200: { description: 'text/event-stream of JobEvent', content: { 'text/event-stream': { schema: z.string() } } },
        401: e[401],
        404: e[404],
      },
    }),
    async (c) => {
      const jobId = c.req.valid('param').id;
      await manager.job(jobId); // 404 before the stream starts
      return streamSSE(c, async (stream) => {
        const abort = new AbortController();
        stream.onAbort(() => abort.abort());
        let n = 0;
        for await (const event of jobEvents(deps.nc, jobId, abort.signal)) {
          await stream.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(n++) });
        }
      }) as never;
    },
  );

  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'restorelab planner API',
      version: '1',
      description:
        'Snapshots, restore summaries and restore jobs. Every path except this document needs `Authorization: Bearer <token>`.',
    },
  });
  return app;
}

/** A body that may be absent (POST /v1/snapshots with no body takes a full backup). */
async function optionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  if (text.trim() === '') return schema.parse({});
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlannerError('BAD_REQUEST', 'the body is not valid JSON');
  }
  const result = schema.safeParse(value);
  if (!result.success)
    throw new PlannerError(
      'BAD_REQUEST',
      result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    );
  return result.data;
}

const SNAPSHOT_STATUS: Partial<Record<string, number>> = {
  SNAPSHOT_NOT_FOUND: 404,
  ITEM_NOT_FOUND: 404,
  BAD_PATH: 400,
  BAD_INPUT: 400,
  SNAPSHOT_INCOMPLETE: 409,
  SHARE_TOKEN_INVALID: 400,
  SHARE_TOKEN_EXPIRED: 400,
};

export function errorBody(err: unknown): {
  status: number;
  body: { error: { code: string; message: string; rule?: string } };
} {
  if (err instanceof PlannerError) {
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.message, ...(err.rule ? { rule: err.rule } : {}) } },
    };
  }
  if (err instanceof SnapshotError && SNAPSHOT_STATUS[err.code]) {
    return { status: SNAPSHOT_STATUS[err.code]!, body: { error: { code: err.code, message: err.message } } };
  }
  if (err instanceof HTTPException && err.status < 500) {
    return { status: err.status, body: { error: { code: 'BAD_REQUEST', message: err.message || 'bad request' } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'the planner failed; see its log' } } };
}
