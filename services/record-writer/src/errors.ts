// record-writer's error family: one base class with a stable `code`, so the service can decide
// between "stop for the day", "try again later" and "this item is wrong" without string matching.

export type RecordWriterErrorCode =
  /** The org's daily API allocation is used up (REQUEST_LIMIT_EXCEEDED): stop, do not retry today. */
  | 'API_LIMIT_EXCEEDED'
  /** A transient failure (lock, 503, network reset) kept failing after every retry. */
  | 'TRANSIENT_RETRIES_EXHAUSTED'
  /** The org answered with something restorelab does not understand. */
  | 'UNEXPECTED_RESPONSE'
  /** A call failed for a reason that retrying cannot fix (bad session, bad query). */
  | 'SALESFORCE_CALL_FAILED';

export class RecordWriterError extends Error {
  override name = 'RecordWriterError';
  readonly code: RecordWriterErrorCode;
  /** Salesforce's errorCode (or ERROR_HTTP_nnn / a socket error code) when one was given. */
  readonly salesforceCode: string | undefined;
  /** How many retries were spent before giving up. */
  readonly retries: number;

  constructor(
    code: RecordWriterErrorCode,
    message: string,
    options: { cause?: unknown; salesforceCode?: string; retries?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.salesforceCode = options.salesforceCode;
    this.retries = options.retries ?? 0;
  }
}
