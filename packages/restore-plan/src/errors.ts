// The planner's error family: requests that cannot be planned at all. Items that merely cannot be
// written are not errors; they are will-fail items in the plan (R08, R09).

export type PlanErrorCode =
  | 'DOWNLOAD_ONLY_TYPE'
  | 'RECORD_NOT_IN_SNAPSHOT'
  | 'INVALID_RECORD_ID'
  | 'NOT_RESTORABLE_ALONE'
  | 'OBJECT_NOT_IN_SCHEMA';

export class PlanError extends Error {
  override readonly name = 'PlanError';
  readonly code: PlanErrorCode;
  /** The rule behind the refusal, when one is (R02 for download-only types). */
  readonly rule: string | undefined;
  /** Offending object types and record ids, for the message a person reads. */
  readonly objectTypes: readonly string[];
  readonly recordIds: readonly string[];

  constructor(
    code: PlanErrorCode,
    message: string,
    details: { rule?: string; objectTypes?: readonly string[]; recordIds?: readonly string[]; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.rule = details.rule;
    this.objectTypes = details.objectTypes ?? [];
    this.recordIds = details.recordIds ?? [];
  }
}
