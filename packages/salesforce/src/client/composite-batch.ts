// Queries through Composite Batch: up to 25 in one call, each answered with its first page. One
// round trip instead of one per query, which is most of the cost of reading many small objects.
import type { Connection } from 'jsforce';
import { SalesforceCallError } from './errors.ts';

/** Composite Batch takes at most this many subrequests. */
export const BATCH_SUBREQUESTS = 25;

/** A query answer as the REST API gives it: one page, and where the next one is. */
export interface QueryPage<T = Record<string, unknown>> {
  records: T[];
  done: boolean;
  nextRecordsUrl?: string;
}

export interface BatchedQuery {
  soql: string;
  /** Names the query in an error (an object name, say). */
  label: string;
}

interface BatchAnswer {
  results?: Array<{ statusCode: number; result: unknown }>;
}

/**
 * The first page of each query, in order, from one Composite Batch call (at most 25 queries).
 * Every subrequest is a call on the org's allocation. A failed query throws, naming its label.
 */
export async function queryBatch<T = Record<string, unknown>>(
  conn: Connection,
  queries: readonly BatchedQuery[],
): Promise<Array<QueryPage<T>>> {
  if (queries.length > BATCH_SUBREQUESTS) {
    throw new Error(`a Composite Batch holds at most ${BATCH_SUBREQUESTS} queries, not ${queries.length}`);
  }
  const answer = (await conn.request({
    method: 'POST',
    url: '/composite/batch',
    body: JSON.stringify({
      batchRequests: queries.map((q) => ({
        method: 'GET',
        url: `v${conn.version}/query?q=${encodeURIComponent(q.soql)}`,
      })),
    }),
    headers: { 'content-type': 'application/json' },
  })) as BatchAnswer;
  return queries.map((q, k) => {
    const result = answer.results?.[k];
    if (!result || result.statusCode >= 400) {
      const error = Array.isArray(result?.result)
        ? (result.result as Array<{ errorCode?: string; message?: string }>)[0]
        : undefined;
      throw new SalesforceCallError(
        'SALESFORCE_CALL_FAILED',
        `query ${q.label} failed in a batch (${result?.statusCode ?? 'no answer'}): ${error?.errorCode ?? ''} ${error?.message ?? ''}`.trim(),
        error?.errorCode ? { salesforceCode: error.errorCode } : {},
      );
    }
    return result.result as QueryPage<T>;
  });
}
