// How a backup calls the org. Every call goes through `OrgCalls.call`, which counts each try into
// this backup's own CallCounter and retries transient failures (row locks, 5xx, socket resets)
// with the shared policy. The connection is only used, never changed: backups and plans that run
// at the same time on one connection each count their own calls. jsforce's own retries (of GETs
// on 5xx and socket errors) are switched off for these calls, so every try the org counts is one
// this backup counts, and the shared policy alone decides how long to keep trying.

import type { Readable } from 'node:stream';
import {
  type BatchedQuery,
  type CallCounter,
  callWithRetry,
  DEFAULT_RETRY_POLICY,
  NO_JSFORCE_RETRY,
  newCallCounter,
  queryBatch,
  type RetryPolicy,
  SalesforceCallError,
} from '@restorelab/salesforce/client';
import type { Connection, HttpRequest } from 'jsforce';
import {
  CountSchema,
  type ObjectDescribeAnswer,
  ObjectDescribeSchema,
  parseAnswer,
  type QueryPage,
  QueryPageSchema,
} from './backup-answers.ts';
import { requestWithDate, requestWithHeaders } from './org-clock.ts';

export class OrgCalls {
  /** Every try this backup made, retries included: each is a call on the org's allocation. */
  readonly counter: CallCounter = newCallCounter();
  readonly #conn: Connection;
  readonly #policy: RetryPolicy;

  constructor(conn: Connection, policy: RetryPolicy = DEFAULT_RETRY_POLICY) {
    this.#conn = conn;
    this.#policy = policy;
  }

  /** The one way a backup calls the org: counted, and retried while the failure is transient. */
  call<T>(send: (conn: Connection) => Promise<T>): Promise<T> {
    return callWithRetry(() => send(this.#conn), this.#policy, this.counter);
  }

  /**
   * A REST request (a path under the API version, or a full /services/data path). The answer is
   * whatever the org sent: read it with parseAnswer (backup-answers.ts).
   */
  request(request: string | HttpRequest): Promise<unknown> {
    return this.call((conn) => conn.request<unknown>(request, NO_JSFORCE_RETRY));
  }

  /** A REST request that also hands back the answer's Date header (see org-clock.ts). */
  requestWithDate(request: HttpRequest): Promise<{ body: unknown; date: string | undefined }> {
    return this.call((conn) => requestWithDate<unknown>(conn, request, NO_JSFORCE_RETRY));
  }

  /** A REST request that also hands back the answer's headers (a Bulk API 2.0 result set's locator). */
  requestWithHeaders(request: HttpRequest): Promise<{ body: unknown; headers: Record<string, unknown> }> {
    return this.call((conn) => requestWithHeaders<unknown>(conn, request, NO_JSFORCE_RETRY));
  }

  /** An object's describe (what jsforce's `describe` asks, with jsforce's retries off). */
  async describe(name: string): Promise<ObjectDescribeAnswer> {
    const body = await this.request(`/sobjects/${name}/describe`);
    return parseAnswer(ObjectDescribeSchema, body, `the describe of ${name}`);
  }

  /** The first page of a query. */
  async query(soql: string): Promise<QueryPage> {
    return parseAnswer(QueryPageSchema, await this.request(`/query?q=${encodeURIComponent(soql)}`), 'a query');
  }

  /** The page a previous page's nextRecordsUrl points at. */
  async nextPage(nextRecordsUrl: string): Promise<QueryPage> {
    return parseAnswer(QueryPageSchema, await this.request(nextRecordsUrl), 'a query (next page)');
  }

  /** The count a `SELECT COUNT() …` query answers. */
  async count(soql: string): Promise<number> {
    const body = await this.request(`/query?q=${encodeURIComponent(soql)}`);
    return parseAnswer(CountSchema, body, 'a count').totalSize;
  }

  /**
   * The first page of each query (at most 25), by the query's label, from one Composite Batch call.
   * The batch is one call and each subrequest another, as the org counts them; a transient failure
   * of any subrequest sends the whole batch again (queries change nothing, so that is safe).
   */
  async batch(queries: readonly BatchedQuery[]): Promise<Map<string, QueryPage>> {
    const pages = await this.call(async (conn) => {
      try {
        const answers: unknown[] = await queryBatch(conn, queries);
        this.counter.calls += queries.length;
        return answers;
      } catch (err) {
        // queryBatch throws this class only once the batch was answered: its subrequests ran. The
        // retry reads the failed subrequest's own code from it (errorCodeOf), so a locked or
        // unavailable subrequest sends the batch again and a used-up allocation stops.
        if (err instanceof SalesforceCallError) this.counter.calls += queries.length;
        throw err;
      }
    });
    return new Map(
      queries.map((q, k) => [q.label, parseAnswer(QueryPageSchema, pages[k], `query ${q.label} in a batch`)]),
    );
  }

  /**
   * Streams a blob field (`/sobjects/{type}/{id}/{field}`) into `consume`. A failed request
   * destroys the stream, so `consume` can clean up (the store removes its temp file) before the
   * request's error travels on; a transient failure starts the download again from the beginning.
   */
  download<T>(path: string, consume: (stream: Readable) => Promise<T>): Promise<T> {
    return this.call(async (conn) => {
      const request = conn.request({ method: 'GET', url: path }, NO_JSFORCE_RETRY);
      const stream = request.stream();
      const settled = request.then(
        () => undefined,
        (err: unknown) => {
          stream.destroy(err instanceof Error ? err : new Error(String(err)));
          throw err;
        },
      );
      // Wait for both: the consumer must have cleaned up before the error travels on.
      const [consumed, done] = await Promise.allSettled([consume(stream), settled]);
      if (done.status === 'rejected') throw done.reason;
      if (consumed.status === 'rejected') throw consumed.reason;
      return consumed.value;
    });
  }
}
