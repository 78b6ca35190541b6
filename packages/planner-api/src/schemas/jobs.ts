// Jobs: a confirmed plan being written, with its progress (R05), failures with reasons and the new
// ids the org gave re-created items (R06). The statuses come from the contracts, where job events
// carry them too.
import { JOB_STATUSES } from '@restorelab/contracts/job-events';
import { z } from 'zod';
import { count } from './common.ts';
import { OutcomeCountsSchema } from './counts.ts';
import { PlanRequestSchema } from './restores.ts';

/** Entries of `idMap` and `failures` in a job document: a job of a million records stays a small answer. */
export const JOB_IDS_SHOWN = 1000;
export const JOB_FAILURES_SHOWN = 100;

export const JobStatusSchema = z.enum(JOB_STATUSES).meta({ id: 'JobStatus' });
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobFailureSchema = z.object({
  itemId: z.string(),
  objectType: z.string(),
  code: z.string(),
  message: z.string(),
  /** `plan`: known before writing (will-fail in the summary); `write`: refused by the org or the writer. */
  phase: z.enum(['plan', 'write']),
  rule: z.string().optional(),
  fields: z.array(z.string()).optional(),
});
export type JobFailure = z.infer<typeof JobFailureSchema>;

export const JobCountsSchema = z
  .object({
    /** What the request selected (the root, plus its descendants with `related`), as in the summary. */
    selected: count,
    records: z.object({ total: OutcomeCountsSchema, byObject: z.record(z.string(), OutcomeCountsSchema) }),
    files: OutcomeCountsSchema,
    attachments: OutcomeCountsSchema,
    /** R05: file sharing links written beside the files (see the summary's `metafiles`). */
    metafiles: OutcomeCountsSchema,
    /** Records + files + attachments + metafiles, per outcome. */
    all: OutcomeCountsSchema,
    /**
     * Failures tied to no item of the plan (a refused message of work this planner never sent): in
     * the failure list, in no kind's counts. `failures.length` is `all.failed + unattributed`.
     */
    unattributed: count,
  })
  .meta({ id: 'JobCounts' });
export type JobCounts = z.infer<typeof JobCountsSchema>;

export const JobStateSchema = z
  .object({
    jobId: z.string(),
    planId: z.string(),
    orgId: z.string(),
    request: PlanRequestSchema,
    status: JobStatusSchema,
    reason: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().optional(),
    /** Step of the job: 0..waves-1 = record waves, then optional-link patches, then files and attachments. */
    step: count,
    steps: count,
    /** Work published in the current step whose result has not come back (batch / task keys). */
    pending: z.array(z.string()),
    cancelRequested: z.boolean(),
    counts: JobCountsSchema,
    failures: z.array(JobFailureSchema).meta({
      description: `The first failures (at most ${JOB_FAILURES_SHOWN}); \`failureCount\` counts them all`,
    }),
    failureCount: count.default(0).meta({ description: 'Every failure of the job (of its current run)' }),
    idMap: z.record(z.string(), z.string()).meta({
      description: `Old id → new id (R06) of the first re-created items (at most ${JOB_IDS_SHOWN}); all of them page by page from GET /v1/jobs/{id}/ids`,
    }),
    idCount: count.default(0).meta({ description: 'Every re-created item with its new id' }),
    retries: count.meta({ description: 'Results that arrived more than once (redeliveries)' }),
    writerRetries: count
      .optional()
      .meta({ description: 'Retries the writers spent on transient failures (503, row locks, expired sessions)' }),
    attempt: z.number().int().min(1).optional().meta({ description: 'Run of the job: 2 and up after a resume' }),
    /** When each resume started, oldest first. */
    resumedAt: z.array(z.string()).optional(),
    claims: z.enum(['taking', 'held']).optional().meta({
      description:
        "The job's claims on its backed-up items: `taking` until it holds them all (it writes nothing before), then `held` until it ends",
    }),
    waitingFor: z
      .string()
      .optional()
      .meta({ description: 'A running job holding items of this one: this job waits for it, then plans again' }),
    waitedFor: z
      .array(z.string())
      .optional()
      .meta({ description: 'Jobs this one waited for, oldest first; it was planned again after each' }),
  })
  .meta({ id: 'Job' });
export type JobState = z.infer<typeof JobStateSchema>;

export const JobListSchema = z.object({ jobs: z.array(JobStateSchema) });

/** One page of a job's old → new ids, in the order they were learnt; `next` asks for the page after. */
export const JobIdsPageSchema = z
  .object({ idMap: z.record(z.string(), z.string()), next: z.string().optional() })
  .meta({ id: 'JobIdsPage' });
export type JobIdsPage = z.infer<typeof JobIdsPageSchema>;
