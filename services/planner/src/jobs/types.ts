// What the planner keeps about restores: a pending plan (the summary waiting for confirmation, R04)
// and a job (the confirmed plan being written, with its progress, R05). Both live in JetStream KV
// (a large plan itself in the object store), so any planner instance can read them and a restarted
// one resumes running jobs. The shapes the API serves are defined once, by its schemas in
// @restorelab/planner-api; only what never leaves the planner is defined here.
import type { JobState } from '@restorelab/planner-api';
import type { RestoreMethod, RestorePlan } from '@restorelab/restore-plan';

export {
  isTerminalJobStatus,
  type JobCounts,
  type JobFailure,
  type JobState,
  type JobStatus,
  type OutcomeCounts,
  type PendingPlan,
  TERMINAL_JOB_STATUSES,
} from '@restorelab/planner-api';

/** The plan as stored for the executor: the plan and the mandatory links of its objects. */
export interface StoredPlan {
  planId: string;
  plan: RestorePlan;
  /** `Object.Field` of every mandatory link (master-detail or required lookup) among the plan's objects. */
  mandatoryLinks: string[];
  /** The request as made, with the snapshot it resolved to: what a job plans again after waiting. */
  requested?: { recordId: string; method: RestoreMethod; snapshotId: string };
  /** When the plan was made: a job that wrote one of its items after that makes it out of date. */
  plannedAt?: string;
  /** Backed-up ids of every item of the plan: what its job claims (see claims.ts). */
  items?: string[];
  /** Id of a copy an earlier restore made → the backed-up id it stands for (items moved onto copies). */
  copyOf?: Record<string, string>;
  /**
   * How new records are written: `graph` through Composite Graph (a hierarchy in payloads of up to
   * 500 linked records), otherwise through sObject Collections wave by wave. Kept with the plan so
   * a resumed job writes the way it started.
   */
  writeMode?: WriteMode;
}

export type WriteMode = 'graph' | 'collections';

/**
 * A job as the planner that runs it holds it: the whole state (every id learnt, every failure, the
 * work pending) and where its journal stands. Only the head of it is saved as one value; the ids and
 * failures go into the journal, a batch at a time (job-journal.ts).
 */
export interface LiveJob extends JobState {
  /** Journal entries written (or to be written with the next save): the next entry's number. */
  batches: number;
  /** First journal entry of the current run: failures and answered work before it are forgotten. */
  runFrom: number;
}
