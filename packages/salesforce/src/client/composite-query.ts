// Queries through Composite (`POST /composite`): up to 5 query subrequests (Query, QueryAll or the
// next page of one) in one request, and the whole request is one call on the org's API allocation
// (unlike Composite Batch, where each subrequest counts). The query travels in the body, so the
// request line stays short whatever the query's length. Each query's rows are read to the last page.
import type { Connection } from 'jsforce';
import { inParallel } from './in-parallel.ts';
import { type CallCounter, callWithRetry, NO_JSFORCE_RETRY, type RetryPolicy } from './retry.ts';

/** Query subrequests one Composite request may hold (of its 25 subrequests). */
export const COMPOSITE_QUERIES = 5;

/** A query's rows, or why the org refused it (a Salesforce error code and message). */
export type QueryOutcome<R> = { rows: R[] } | { error: CompositeQueryError };

/** A query one subrequest of a Composite request was refused with. */
export class CompositeQueryError extends Error {
  override name = 'CompositeQueryError';
  readonly errorCode: string;
  constructor(errorCode: string, message: string) {
    super(`${errorCode}: ${message}`);
    this.errorCode = errorCode;
  }
}

/**
 * A GET sent along with the first Composite call of a read (a conditional describe, say): it rides
 * in a call the read makes anyway instead of costing one of its own. Its answer goes to `answered`,
 * whatever the status (a 304, an error): the caller decides. A read that makes no call never sends it.
 */
export interface AlongsideRequest {
  /** Relative to the versioned REST root: `/sobjects` is the global describe. */
  url: string;
  httpHeaders?: Record<string, string>;
  answered(status: number, body: unknown): void;
}

const ALONGSIDE_REF = 'alongside';

interface SubAnswer {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

interface Page {
  records?: unknown[];
  done?: boolean;
  nextRecordsUrl?: string;
}

/** Why a subrequest was refused; a busy one without a code is named by its status (ERROR_HTTP_503). */
function refusal(body: unknown, busyStatus?: number): CompositeQueryError {
  const first = Array.isArray(body) ? (body[0] as { errorCode?: string; message?: string } | undefined) : undefined;
  const fallback = busyStatus === undefined ? 'UNKNOWN_ERROR' : `ERROR_HTTP_${busyStatus}`;
  return new CompositeQueryError(first?.errorCode ?? fallback, first?.message ?? JSON.stringify(body));
}

/** A GET subrequest of a Composite call; its url is a full `/services/data/vXX.X/...` path. */
export interface CompositeGet {
  url: string;
  referenceId: string;
  httpHeaders?: Record<string, string>;
}

/**
 * GET subrequests in one Composite call, which the org counts as one call, under the retry policy.
 * A subrequest the org could not serve just now (5xx, 429) sends the whole call again, unless
 * `retryFor` says its caller asks it again on its own. Answers by reference id.
 */
export async function compositeGets(
  conn: Connection,
  subrequests: readonly CompositeGet[],
  policy: RetryPolicy,
  counter: CallCounter,
  retryFor: (referenceId: string) => boolean = () => true,
): Promise<Map<string, { status: number; body: unknown }>> {
  const answer = await callWithRetry(
    async () => {
      const body = await conn.request<{ compositeResponse?: SubAnswer[] }>(
        {
          method: 'POST',
          url: '/composite',
          body: JSON.stringify({
            allOrNone: false,
            compositeRequest: subrequests.map((sub) => ({ method: 'GET', ...sub })),
          }),
          headers: { 'content-type': 'application/json' },
        },
        NO_JSFORCE_RETRY,
      );
      const busy = body.compositeResponse?.find(
        (s) => retryFor(s.referenceId) && (s.httpStatusCode >= 500 || s.httpStatusCode === 429),
      );
      if (busy) throw refusal(busy.body, busy.httpStatusCode);
      return body;
    },
    policy,
    counter,
  );
  return new Map(
    (answer.compositeResponse ?? []).map((s) => [s.referenceId, { status: s.httpStatusCode, body: s.body }]),
  );
}

/**
 * Every row of each SOQL query (queryAll: recycle-bin rows too), five queries a call, `concurrency`
 * calls at once. A query the org refuses answers its error; a failed call (after the retry policy)
 * throws.
 * @example const [a, b] = await queryAllComposite(conn, ['SELECT Id FROM Account', 'SELECT Id FROM Contact'], policy, counter);
 */
export async function queryAllComposite<R>(
  conn: Connection,
  soqls: readonly string[],
  policy: RetryPolicy,
  counter: CallCounter,
  concurrency = 4,
  alongside?: AlongsideRequest,
): Promise<Array<QueryOutcome<R>>> {
  const out: Array<QueryOutcome<R>> = soqls.map(() => ({ rows: [] }));
  const base = `/services/data/v${conn.version}`;
  // With the first group of the first round only.
  let along = soqls.length > 0 ? alongside : undefined;
  let pending = soqls.map((soql, index) => ({ index, url: `${base}/queryAll?q=${encodeURIComponent(soql)}` }));
  // In rounds: the first pages of all queries, then the next pages of those not done, and so on.
  while (pending.length > 0) {
    const groups: Array<typeof pending> = [];
    for (let i = 0; i < pending.length; i += COMPOSITE_QUERIES) groups.push(pending.slice(i, i + COMPOSITE_QUERIES));
    const next: typeof pending = [];
    await inParallel(groups, concurrency, async (group) => {
      const extra = along;
      along = undefined;
      const subrequests: CompositeGet[] = group.map((p, k) => ({ url: p.url, referenceId: `q${k}` }));
      if (extra) {
        subrequests.push({
          url: `${base}${extra.url}`,
          referenceId: ALONGSIDE_REF,
          ...(extra.httpHeaders ? { httpHeaders: extra.httpHeaders } : {}),
        });
      }
      // A busy request alongside is not asked again here: its caller can ask it on its own.
      const answers = await compositeGets(conn, subrequests, policy, counter, (ref) => ref !== ALONGSIDE_REF);
      if (extra) {
        const sub = answers.get(ALONGSIDE_REF);
        extra.answered(sub?.status ?? 0, sub?.body);
      }
      for (const [k, p] of group.entries()) {
        const sub = answers.get(`q${k}`);
        const outcome = out[p.index] as QueryOutcome<R>;
        if ('error' in outcome) continue;
        if (!sub || sub.status >= 400) {
          out[p.index] = { error: sub ? refusal(sub.body) : new CompositeQueryError('UNKNOWN_ERROR', 'no answer') };
          continue;
        }
        const page = sub.body as Page;
        outcome.rows.push(...((page.records ?? []) as R[]));
        if (!page.done && page.nextRecordsUrl) next.push({ index: p.index, url: page.nextRecordsUrl });
      }
    });
    pending = next.sort((a, b) => a.index - b.index);
  }
  return out;
}
