// An org's Bulk API 2.0 jobs, found by id (15 or 18 characters), and what they use of the org's
// daily allocations: ingest jobs one batch per 10,000 records, query jobs one job each.

import type { IngestJob } from './bulk-ingest.ts';
import { DAILY_BULK_BATCHES, DAILY_BULK_QUERY_JOBS, jobNotFound } from './bulk-jobs.ts';
import type { QueryJob } from './bulk-query.ts';

export class BulkJobs {
  readonly ingest = new Map<string, IngestJob>();
  readonly query = new Map<string, QueryJob>();
  /** Internal batches used by ingest jobs (DailyBulkApiBatches, shared with Bulk API 1.0 on an org). */
  batchesUsed = 0;
  /** Query jobs created (DailyBulkV2QueryJobs). */
  queryJobsUsed = 0;

  ingestJob(id: string): IngestJob {
    return found(this.ingest, id);
  }

  queryJob(id: string): QueryJob {
    return found(this.query, id);
  }

  /** The allocations as `/limits` reports them. */
  limits(): Record<string, { Max: number; Remaining: number }> {
    return {
      DailyBulkApiBatches: { Max: DAILY_BULK_BATCHES, Remaining: Math.max(0, DAILY_BULK_BATCHES - this.batchesUsed) },
      DailyBulkV2QueryJobs: {
        Max: DAILY_BULK_QUERY_JOBS,
        Remaining: Math.max(0, DAILY_BULK_QUERY_JOBS - this.queryJobsUsed),
      },
    };
  }
}

/** A job by its 18-character id, or by the 15-character form of it. */
function found<T>(jobs: ReadonlyMap<string, T>, id: string): T {
  let job = jobs.get(id);
  if (!job && id.length === 15) {
    for (const [key, value] of jobs) if (key.startsWith(id)) job = value;
  }
  if (!job) throw jobNotFound();
  return job;
}
