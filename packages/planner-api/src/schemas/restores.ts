// Restores: the request a person makes (POST /v1/restores), and the plan it becomes, with the
// summary shown before anything is written (R04).
import { z } from 'zod';
import { count, salesforceId } from './common.ts';

export const RestoreMethodSchema = z
  .enum(['record', 'related'])
  .meta({ description: 'record: the record alone; related: with every record beneath it (R01)' });
export type RestoreMethod = z.infer<typeof RestoreMethodSchema>;

export const RestoreRequestSchema = z
  .strictObject({
    snapshotId: z.string().min(1).optional().meta({ description: 'Default: the latest snapshot (R03)' }),
    recordId: salesforceId.meta({ example: '001000000000001AAA' }),
    method: RestoreMethodSchema,
  })
  .meta({ id: 'RestoreRequest' });
/** The body of POST /v1/restores. */
export type RestoreRequest = z.infer<typeof RestoreRequestSchema>;

/** A request as planned: the snapshot chosen (R03) and the record it starts from. */
export const PlanRequestSchema = z.object({ snapshotId: z.string(), rootId: z.string(), method: RestoreMethodSchema });
export type PlanRequest = z.infer<typeof PlanRequestSchema>;

export const FILE_ACTIONS = ['create', 'newVersion', 'overwrite', 'skip', 'willFail'] as const;
export const ATTACHMENT_ACTIONS = ['create', 'overwrite', 'skip', 'willFail'] as const;

export const ActionCountsSchema = z.object({ create: count, overwrite: count, skip: count, willFail: count });
export type ActionCounts = z.infer<typeof ActionCountsSchema>;

export const RestoreSummarySchema = z
  .object({
    snapshotId: z.string(),
    rootId: z.string(),
    method: RestoreMethodSchema,
    /** Records the request selected (the root, plus its descendants with `related`). */
    selected: count,
    records: z.object({ total: ActionCountsSchema, byObject: z.record(z.string(), ActionCountsSchema) }),
    files: z.record(z.enum(FILE_ACTIONS), count),
    attachments: z.record(z.enum(ATTACHMENT_ACTIONS), count),
    /** R05: supporting items written besides the selection (file sharing links, owner links). */
    metafiles: z.object({ total: count, fileLinks: count, ownerLinks: count }),
    /** Items written in all: records, files, attachments and metafiles. */
    itemsToWrite: count,
    willFail: z.array(z.object({ itemId: z.string(), objectType: z.string(), code: z.string(), message: z.string() })),
  })
  .meta({ id: 'RestoreSummary' });
export type RestoreSummary = z.infer<typeof RestoreSummarySchema>;

/** A plan waiting for confirmation (R04), and the job writing it once confirmed. */
export const PendingPlanSchema = z
  .object({
    planId: z.string(),
    orgId: z.string(),
    createdAt: z.string(),
    request: PlanRequestSchema,
    summary: RestoreSummarySchema,
    /** The job writing the plan, once confirmed (named after it: `plan-X` → `job-X`). */
    jobId: z.string().optional(),
  })
  .meta({ id: 'RestorePlan' });
export type PendingPlan = z.infer<typeof PendingPlanSchema>;
