// Retries of Salesforce calls with exponential backoff. Which failures are worth another try is the
// one decision that matters here: lock contention, 5xx and socket resets pass; a used-up daily API
// allocation does not (it lasts until the org's 24-hour window moves on), nor does anything else.

import type { Connection, HttpRequest, HttpRequestOptions } from 'jsforce';
import { SalesforceCallError } from './errors.ts';

/** Salesforce error codes (per call or per item) that mean "try again shortly". */
export const TRANSIENT_SALESFORCE_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_LOCK_ROW',
  'SERVER_UNAVAILABLE',
  'REQUEST_RUNNING_TOO_LONG',
  'ERROR_HTTP_500',
  'ERROR_HTTP_502',
  'ERROR_HTTP_503',
  'ERROR_HTTP_504',
]);

/** Socket-level error codes (undici / node) that mean the call never got a clean answer. */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

export const API_LIMIT_CODE = 'REQUEST_LIMIT_EXCEEDED';

export type FailureKind = 'transient' | 'api-limit' | 'permanent';

/**
 * The error code carried by a jsforce error, by a SalesforceCallError (Salesforce's own code, such as
 * a Composite Batch subrequest's, before the wrapper's), or by the socket error beneath a fetch failure.
 */
export function errorCodeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const e = current as { errorCode?: unknown; salesforceCode?: unknown; code?: unknown; cause?: unknown };
    if (typeof e.errorCode === 'string') return e.errorCode;
    if (typeof e.salesforceCode === 'string') return e.salesforceCode;
    if (typeof e.code === 'string') return e.code;
    current = e.cause;
  }
  return undefined;
}

/**
 * The org's cap on requests running at once (ConcurrentRequests, ConcurrentPerOrgLongTxn) answers
 * with the daily allocation's code, REQUEST_LIMIT_EXCEEDED, and a message naming it. Unlike the
 * daily allocation it clears as soon as other requests end: it is waited out, not obeyed for the day.
 */
export function isConcurrencyLimit(err: unknown): boolean {
  if (errorCodeOf(err) !== API_LIMIT_CODE) return false;
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && /Concurrent/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export function classifyFailure(code: string | undefined): FailureKind {
  if (code === API_LIMIT_CODE) return 'api-limit';
  if (code && (TRANSIENT_SALESFORCE_CODES.has(code) || TRANSIENT_NETWORK_CODES.has(code))) return 'transient';
  return 'permanent';
}

/**
 * Request options that switch jsforce's own retries off (it retries GET, PUT and DELETE on 5xx and
 * socket errors, up to five times, where no counter sees them). With them, every try the org counts
 * is one callWithRetry counts, and the shared policy alone decides how long to keep trying.
 */
export const NO_JSFORCE_RETRY: HttpRequestOptions = { retry: { methods: [] } };

/**
 * One REST request, counted into `counter` and retried by the shared policy only.
 * @example const page = await countedRequest<QueryPage>(conn, '/query?q=…', DEFAULT_RETRY_POLICY, counter);
 */
export function countedRequest<T>(
  conn: Connection,
  request: string | HttpRequest,
  policy: RetryPolicy,
  counter: CallCounter,
): Promise<T> {
  return callWithRetry(() => conn.request<T>(request, NO_JSFORCE_RETRY), policy, counter);
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injected so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 8000 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delay before retry number `retry` (1-based): exponential with full jitter, capped. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * Counts the calls (and the retries among them) that one piece of work made. Each caller passes its
 * own, so two backups or plans running on one connection never count each other's calls.
 */
export interface CallCounter {
  retries: number;
  calls: number;
}

export function newCallCounter(): CallCounter {
  return { calls: 0, retries: 0 };
}

/**
 * Runs one Salesforce call, retrying transient failures. Counts calls and retries into `counter`.
 * A used-up API allocation becomes `SalesforceCallError('API_LIMIT_EXCEEDED')` at once; other
 * permanent failures are rethrown as they are, so callers can read jsforce's errorCode.
 */
export async function callWithRetry<T>(call: () => Promise<T>, policy: RetryPolicy, counter: CallCounter): Promise<T> {
  const sleep = policy.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    counter.calls++;
    try {
      return await call();
    } catch (err) {
      const code = errorCodeOf(err);
      const kind = isConcurrencyLimit(err) ? 'transient' : classifyFailure(code);
      if (kind === 'api-limit') {
        throw new SalesforceCallError('API_LIMIT_EXCEEDED', 'the org has no API requests left for today', {
          cause: err,
          salesforceCode: code,
          retries: counter.retries,
        });
      }
      if (kind === 'permanent') throw err;
      if (attempt >= policy.maxAttempts) {
        throw new SalesforceCallError(
          'TRANSIENT_RETRIES_EXHAUSTED',
          `still failing after ${attempt} tries: ${code ?? 'unknown'}`,
          { cause: err, salesforceCode: code, retries: counter.retries },
        );
      }
      counter.retries++;
      await sleep(backoffDelay(policy, attempt));
    }
  }
}
