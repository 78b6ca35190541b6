// The client's error family: a failed Salesforce call ends as one class with a stable `code`, so a
// caller (a writer, a backup, the planner) can tell "stop for the day", "try again later" and
// "this call is wrong" apart without matching strings or knowing who made the call.

export type SalesforceCallErrorCode =
  /** The org's daily API allocation is used up (REQUEST_LIMIT_EXCEEDED): stop, do not retry today. */
  | 'API_LIMIT_EXCEEDED'
  /** A transient failure (lock, 503, network reset) kept failing after every retry. */
  | 'TRANSIENT_RETRIES_EXHAUSTED'
  /** The org answered with something restorelab does not understand. */
  | 'UNEXPECTED_RESPONSE'
  /** A call failed for a reason that retrying cannot fix (bad session, bad query). */
  | 'SALESFORCE_CALL_FAILED';

export class SalesforceCallError extends Error {
  override name = 'SalesforceCallError';
  readonly code: SalesforceCallErrorCode;
  /** Salesforce's errorCode (or ERROR_HTTP_nnn / a socket error code) when one was given. */
  readonly salesforceCode: string | undefined;
  /** How many retries were spent before giving up. */
  readonly retries: number;

  constructor(
    code: SalesforceCallErrorCode,
    message: string,
    options: { cause?: unknown; salesforceCode?: string; retries?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.salesforceCode = options.salesforceCode;
    this.retries = options.retries ?? 0;
  }
}

/** True when `err` says the org's daily API allocation is used up. */
export function isApiLimitError(err: unknown): err is SalesforceCallError {
  return err instanceof SalesforceCallError && err.code === 'API_LIMIT_EXCEEDED';
}
