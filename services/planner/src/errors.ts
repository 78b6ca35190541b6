// The planner service's error family: what a caller of the API or of the job manager may act on.
// Each error carries a stable `code` and the HTTP status the API answers with; planning refusals
// from the pure plan (PlanError) and snapshot lookups (SnapshotError) are mapped onto it at the edge.

export type PlannerErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'SNAPSHOT_NOT_FOUND'
  | 'RECORD_NOT_IN_SNAPSHOT'
  | 'DOWNLOAD_ONLY_TYPE'
  | 'NOT_RESTORABLE'
  | 'CONFLICT'
  | 'ORG_UNAVAILABLE'
  | 'CONFIG_MISSING'
  | 'INTERNAL';

const STATUS: Record<PlannerErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  SNAPSHOT_NOT_FOUND: 404,
  RECORD_NOT_IN_SNAPSHOT: 404,
  DOWNLOAD_ONLY_TYPE: 422,
  NOT_RESTORABLE: 422,
  CONFLICT: 409,
  ORG_UNAVAILABLE: 502,
  CONFIG_MISSING: 500,
  INTERNAL: 500,
};

export class PlannerError extends Error {
  override name = 'PlannerError';
  readonly code: PlannerErrorCode;
  /** The rule behind a refusal (R02 for download-only types), when one is. */
  readonly rule: string | undefined;

  constructor(code: PlannerErrorCode, message: string, options: { rule?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.rule = options.rule;
  }

  get status(): number {
    return STATUS[this.code];
  }
}
