// The one small interface the suite reaches a restore engine through: take a backup, ask for a
// summary, confirm it, follow the job. Any engine that can do these four things can be gated on
// the rules; restorelab's own engine is only the default.
import type { RestoreMethod } from '@restorelab/restore-plan';

export interface SummaryRequest {
  /** Absent → the engine uses the latest snapshot (R03). */
  snapshotId?: string;
  recordId: string;
  method: RestoreMethod;
}

export interface ActionCounts {
  create: number;
  overwrite: number;
  skip: number;
  willFail: number;
}

/** What the suite reads of a restore summary (R04): the planner's summary fits it. */
export interface EngineSummary {
  /** The handle `confirm` takes. */
  summaryId: string;
  snapshotId: string;
  rootId: string;
  method: RestoreMethod;
  selected: number;
  records: { total: ActionCounts; byObject: Record<string, ActionCounts> };
  files: Record<string, number>;
  attachments: Record<string, number>;
  /** Metafiles per action too, when the engine tells (the planner's summary does): R05, R17. */
  metafiles: { total: number; fileLinks?: number; ownerLinks?: number } & Partial<ActionCounts>;
  itemsToWrite?: number;
  willFail: Array<{ itemId: string; objectType: string; code: string; message: string }>;
  /** What the summary says each listed item will change, when the engine tells (R04). */
  changes?: SummaryChanges;
}

/** The items a summary lists in full (the first `items`, of `total`), with the fields each changes. */
export interface SummaryChanges {
  items: Array<{
    itemId: string;
    objectType: string;
    action: string;
    /** Fields whose value in the org differs from the one written (overwrites). */
    changed?: Array<{ field: string; from: unknown; to: unknown }>;
  }>;
  total: number;
}

export interface JobFailure {
  itemId?: string;
  /** Backed-up id of the record or file the failure is about. */
  sourceId?: string;
  objectType?: string;
  code: string;
  message: string;
  /** `plan`: announced in the summary as will-fail; `write`: refused when written (when the engine says). */
  phase?: 'plan' | 'write';
}

/** What the job did with the items of one kind (or of one object's records). */
export interface OutcomeCounts {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'partial';

/** The job as the monitor shows it once it stopped (R05 counts, R06 id map). */
export interface EngineJob {
  jobId: string;
  status: JobStatus;
  items: {
    /** Records, files and attachments the user's request selected and that were written. */
    restored: number;
    /** Supporting items written (file links, owner links): R05. */
    metafiles: number;
    skipped: number;
    failed: number;
  };
  /** Backed-up id → id in the org after the restore (re-created records, R06). */
  idMap: Record<string, string>;
  failures: JobFailure[];
  /**
   * What the job did per kind and per object, when the engine tells (the planner's job does): the
   * summary's counts are checked against it (R04).
   */
  counts?: {
    records: { total: OutcomeCounts; byObject: Record<string, OutcomeCounts> };
    files: OutcomeCounts;
    attachments: OutcomeCounts;
    metafiles: number;
    /** Metafiles per outcome, when the engine tells: checked against the summary's actions. */
    metafileOutcomes?: OutcomeCounts;
  };
}

/** A restore engine as the suite sees it. */
export interface RestoreEngine {
  readonly name: string;
  /** Backs the org up; returns the snapshot id. */
  backup(): Promise<string>;
  summary(request: SummaryRequest): Promise<EngineSummary>;
  /** Confirms a summary; nothing may be written before this (R04). Returns the job id. */
  confirm(summaryId: string): Promise<string>;
  /** Follows a job until it stops and returns it. */
  waitForJob(jobId: string, options?: { timeoutMs?: number }): Promise<EngineJob>;
  close(): Promise<void>;
}

/** A refusal from the engine (R02 and the like): the stable code lets properties tell refusals apart. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly code: string;
  readonly status: number | undefined;
  constructor(code: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
  }
}
