// Restores: the request a person makes (POST /v1/restores), and the plan it becomes, with the
// summary shown before anything is written (R04).
import { z } from 'zod';
import { SummaryChangesSchema } from './changes.ts';
import { count, salesforceId } from './common.ts';
import { PlannedCountsSchema } from './counts.ts';

export const RestoreMethodSchema = z
  .enum(['record', 'related'])
  .meta({ description: 'record: the record alone; related: with every record beneath it (R01)' });
export type RestoreMethod = z.infer<typeof RestoreMethodSchema>;

export const RestoreRequestSchema = z
  .strictObject({
    snapshotId: z.string().min(1).optional().meta({ description: 'Default: the latest snapshot (R03)' }),
    recordId: salesforceId.meta({ example: '001000000000001AAA' }),
    method: RestoreMethodSchema,
    allChanges: z.boolean().optional().meta({
      description:
        'List every item that changes or leaves out values in the summary (default: the first 50, the rest counted); reads the org values of every overwrite',
    }),
  })
  .meta({ id: 'RestoreRequest' });
/** The body of POST /v1/restores. */
export type RestoreRequest = z.infer<typeof RestoreRequestSchema>;

/** A request as planned: the snapshot chosen (R03) and the record it starts from. */
export const PlanRequestSchema = z.object({ snapshotId: z.string(), rootId: z.string(), method: RestoreMethodSchema });
export type PlanRequest = z.infer<typeof PlanRequestSchema>;

export const RestoreSummarySchema = z
  .object({
    snapshotId: z.string(),
    rootId: z.string(),
    method: RestoreMethodSchema,
    /**
     * What the request selected: the root record, plus every record beneath it with `related`
     * (R01). They are among `records` (or `attachments`, for a record of Objects/Attachment).
     */
    selected: count,
    records: z.object({ total: PlannedCountsSchema, byObject: z.record(z.string(), PlannedCountsSchema) }),
    files: PlannedCountsSchema,
    attachments: PlannedCountsSchema,
    /**
     * R05: file sharing links (ContentDocumentLink) written beside the files: `fileLinks` attach a
     * file to records and share it (R17), `ownerLinks` are the links the org makes with each file
     * created (R15). `fileLinks + ownerLinks` is `total`.
     */
    metafiles: PlannedCountsSchema.and(z.object({ fileLinks: count, ownerLinks: count })),
    /** Records + files + attachments + metafiles, per action. */
    all: PlannedCountsSchema,
    /** Items written in all: `all.create + all.overwrite + all.newVersion`. */
    itemsToWrite: count,
    willFail: z.array(z.object({ itemId: z.string(), objectType: z.string(), code: z.string(), message: z.string() })),
    /** What will change, item by item: fields an overwrite changes, values not written and why. */
    changes: SummaryChangesSchema,
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
