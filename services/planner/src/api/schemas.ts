// The planner API's request and response shapes as zod schemas: one source for validation, types
// and the OpenAPI document served at /v1/openapi.json. Responses are described loosely (known
// fields listed, others allowed) so the document stays honest as the plan grows.
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'BAD_REQUEST' }),
      message: z.string(),
      rule: z.string().optional().openapi({ description: 'The restore rule behind a refusal (R02 …)' }),
    }),
  })
  .openapi('Error');

const errors = {
  400: { description: 'Bad input', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Missing or wrong bearer token', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Unknown id', content: { 'application/json': { schema: ErrorSchema } } },
} as const;
export const commonErrors = errors;
export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const id = (example: string) => z.string().min(1).max(100).openapi({ example });
export const SnapshotIdParam = z.object({ id: id('snap-1').openapi({ param: { name: 'id', in: 'path' } }) });
export const JobIdParam = z.object({ id: id('job-abc').openapi({ param: { name: 'id', in: 'path' } }) });
/** `?wait=S`: answer once the job has stopped, or after S seconds with the job as it is then. */
export const JobWaitQuery = z.object({
  wait: z.coerce
    .number()
    .min(0)
    .max(60)
    .optional()
    .openapi({ description: 'Seconds to wait for the job to stop before answering (long poll, at most 60)' }),
});
export const PlanIdParam = z.object({ id: id('plan-abc').openapi({ param: { name: 'id', in: 'path' } }) });
export const PageQuery = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const SnapshotInfoSchema = z
  .looseObject({
    id: z.string(),
    orgId: z.string(),
    takenAt: z.string(),
    complete: z.boolean(),
    counts: z.object({ records: z.number(), files: z.number(), attachments: z.number() }),
  })
  .openapi('Snapshot');

export const OrgSchema = z
  .object({ orgId: z.string(), snapshots: z.number(), latest: SnapshotInfoSchema.optional(), connected: z.boolean() })
  .openapi('Org');

export const BackupRequestSchema = z
  .object({
    objects: z.array(z.string().min(1)).optional().openapi({ description: 'Back up only these objects' }),
    files: z.boolean().optional(),
    attachments: z.boolean().optional(),
  })
  .strict()
  .openapi('BackupRequest');

export const BackupReportSchema = z
  .looseObject({ snapshot: SnapshotInfoSchema, apiCalls: z.number(), objects: z.record(z.string(), z.number()) })
  .openapi('BackupReport');

export const ListingSchema = z
  .looseObject({
    path: z.string(),
    entries: z.array(z.looseObject({ kind: z.string(), name: z.string() })),
    total: z.number(),
  })
  .openapi('Listing');

export const SearchQuery = PageQuery.extend({ q: z.string().min(1).max(500) });
export const SearchResultSchema = z
  .object({
    items: z.array(
      z.looseObject({ kind: z.string(), id: z.string(), type: z.string(), name: z.string(), path: z.string() }),
    ),
    hasMore: z.boolean(),
  })
  .openapi('SearchResult');

export const RecordPreviewSchema = z
  .looseObject({ name: z.string(), path: z.string(), downloadOnly: z.boolean(), fields: z.array(z.unknown()) })
  .openapi('RecordPreview');

export const RestoreRequestSchema = z
  .object({
    snapshotId: z.string().min(1).optional().openapi({ description: 'Default: the latest snapshot (R03)' }),
    recordId: z
      .string()
      .regex(/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/, 'a 15- or 18-character Salesforce id')
      .openapi({ example: '001000000000001AAA' }),
    method: z
      .enum(['record', 'related'])
      .openapi({ description: 'record: the record alone; related: with every record beneath it (R01)' }),
  })
  .strict()
  .openapi('RestoreRequest');

const ActionCounts = z.object({ create: z.number(), overwrite: z.number(), skip: z.number(), willFail: z.number() });
export const RestoreSummarySchema = z
  .looseObject({
    snapshotId: z.string(),
    rootId: z.string(),
    method: z.enum(['record', 'related']),
    selected: z.number(),
    records: z.object({ total: ActionCounts, byObject: z.record(z.string(), ActionCounts) }),
    files: z.record(z.string(), z.number()),
    attachments: z.record(z.string(), z.number()),
    metafiles: z.object({ total: z.number(), fileLinks: z.number(), ownerLinks: z.number() }),
    itemsToWrite: z.number(),
    willFail: z.array(
      z.looseObject({ itemId: z.string(), objectType: z.string(), code: z.string(), message: z.string() }),
    ),
  })
  .openapi('RestoreSummary');

export const PendingPlanSchema = z
  .object({
    planId: z.string(),
    orgId: z.string(),
    createdAt: z.string(),
    request: z.object({ snapshotId: z.string(), rootId: z.string(), method: z.enum(['record', 'related']) }),
    summary: RestoreSummarySchema,
    jobId: z.string().optional(),
  })
  .openapi('RestorePlan');

const Outcome = z.object({ created: z.number(), updated: z.number(), skipped: z.number(), failed: z.number() });
export const JobSchema = z
  .looseObject({
    jobId: z.string(),
    planId: z.string(),
    status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
    reason: z.string().optional(),
    step: z.number(),
    steps: z.number(),
    counts: z.object({
      selected: z.number(),
      records: z.object({ total: Outcome, byObject: z.record(z.string(), Outcome) }),
      files: Outcome,
      attachments: Outcome,
      metafiles: z.number(),
      restored: z.number(),
    }),
    failures: z.array(
      z.looseObject({ itemId: z.string(), objectType: z.string(), code: z.string(), message: z.string() }),
    ),
    idMap: z.record(z.string(), z.string()).openapi({ description: 'Old id → new id (R06)' }),
    retries: z.number().openapi({ description: 'Results that arrived more than once (redeliveries)' }),
    writerRetries: z
      .number()
      .optional()
      .openapi({ description: 'Retries the writers spent on transient failures (503, row locks, expired sessions)' }),
    attempt: z.number().optional().openapi({ description: 'Run of the job: 2 and up after a resume' }),
  })
  .openapi('Job');
