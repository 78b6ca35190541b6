// What the planner keeps about restores: a pending plan (the summary waiting for confirmation, R04)
// and a job (the confirmed plan being written, with its progress, R05). Both live in JetStream KV
// (a large plan itself in the object store), so any planner instance can read them and a restarted
// one resumes running jobs.
import type { JobStatus } from '@restorelab/contracts';
import type { RestorePlan, RestoreRequest, RestoreSummary } from '@restorelab/restore-plan';

// The job code checks for a final status through these (one definition, in the contracts).
export { isTerminalJobStatus, TERMINAL_JOB_STATUSES } from '@restorelab/contracts';
export type { JobStatus };

/** A plan waiting for confirmation: the summary plus what the executor needs besides the plan. */
export interface PendingPlan {
  planId: string;
  orgId: string;
  createdAt: string;
  request: RestoreRequest;
  summary: RestoreSummary;
  /**
   * The job writing it, once confirmed. Named after the plan (`plan-X` → `job-X`) and filled in when
   * the plan is read; older entries hold it themselves.
   */
  jobId?: string;
}

/** The plan as stored for the executor: the plan and the mandatory links of its objects. */
export interface StoredPlan {
  planId: string;
  plan: RestorePlan;
  /** `Object.Field` of every mandatory link (master-detail or required lookup) among the plan's objects. */
  mandatoryLinks: string[];
}

export interface OutcomeCounts {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

export interface JobFailure {
  itemId: string;
  objectType: string;
  code: string;
  message: string;
  /** `plan`: known before writing (will-fail in the summary); `write`: refused by the org or the writer. */
  phase: 'plan' | 'write';
  rule?: string;
  fields?: string[];
}

export interface JobCounts {
  /** Records the request selected (R05: what the user picked). */
  selected: number;
  records: { total: OutcomeCounts; byObject: Record<string, OutcomeCounts> };
  files: OutcomeCounts;
  attachments: OutcomeCounts;
  /** Supporting items written (R05): file sharing links and the owner links of created files. */
  metafiles: number;
  /** Everything written: records, files, attachments and metafiles (more than `selected`, R05). */
  restored: number;
}

export interface JobState {
  jobId: string;
  planId: string;
  orgId: string;
  request: RestoreRequest;
  status: JobStatus;
  reason?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** Step of the job: 0..waves-1 = record waves, then optional-link patches, then files and attachments. */
  step: number;
  steps: number;
  /** Work published in the current step whose result has not come back (batch / task keys). */
  pending: string[];
  cancelRequested: boolean;
  counts: JobCounts;
  failures: JobFailure[];
  /** Snapshot id → id the org gave the re-created record, file or attachment (R06). */
  idMap: Record<string, string>;
  /** Results that came back more than once (redeliveries the ledger absorbed). */
  retries: number;
  /** Retries the writers spent on transient failures (503, row locks, expired sessions), summed from results. */
  writerRetries?: number;
  /** Run of the job: absent or 1 for the first, raised by each resume (message ids carry it). */
  attempt?: number;
  /** When each resume started, oldest first. */
  resumedAt?: string[];
}

export function emptyCounts(): OutcomeCounts {
  return { created: 0, updated: 0, skipped: 0, failed: 0 };
}
