// How a backup calls the org. Every call goes through `OrgCalls.call`, which counts each try into
// this backup's own CallCounter and retries transient failures (row locks, 5xx, socket resets)
// with the shared policy. The connection is only used, never changed: backups and plans that run
// at the same time on one connection each count their own calls. jsforce's own retries (of GETs
// on 5xx and socket errors) are switched off for these calls, so every try the org counts is one
// this backup counts, and the shared policy alone decides how long to keep trying.

import type { Readable } from 'node:stream';
import {
  type CallCounter,
  COMPOSITE_QUERIES,
  callWithRetry,
  compositeGets,
  DEFAULT_RETRY_POLICY,
  NO_JSFORCE_RETRY,
  newCallCounter,
  type RetryPolicy,
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

/** Subrequests one Composite call may hold (COMPOSITE_QUERIES of them queries). */
const COMPOSITE_SUBREQUESTS = 25;

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
   * GET subrequests in one Composite call (`POST /composite`, at most 25 of them, at most 5 queries),
   * which the org counts as one call. Each answer is its subrequest's status and body. A subrequest
   * the org could not serve just now (5xx, 429) sends the whole call again: they only read.
   */
  async composite(urls: readonly string[]): Promise<Array<{ status: number; body: unknown }>> {
    const subrequests = urls.map((url, k) => ({ url, referenceId: `r${k}` }));
    const answers = await compositeGets(this.#conn, subrequests, this.#policy, this.counter);
    // A subrequest left unanswered reads as status 0: the callers then ask it alone.
    return subrequests.map((sub) => answers.get(sub.referenceId) ?? { status: 0, body: undefined });
  }

  /**
   * Describes of several objects, 25 a Composite call. An object whose subrequest failed is asked
   * alone, so its failure reads exactly as a lone describe's would.
   */
  async describeMany(names: readonly string[]): Promise<ObjectDescribeAnswer[]> {
    const out: ObjectDescribeAnswer[] = [];
    for (let i = 0; i < names.length; i += COMPOSITE_SUBREQUESTS) {
      const part = names.slice(i, i + COMPOSITE_SUBREQUESTS);
      if (part.length === 1) {
        out.push(await this.describe(part[0]!));
        continue;
      }
      const answers = await this.composite(part.map((name) => `${this.#base()}/sobjects/${name}/describe`));
      for (const [k, name] of part.entries()) {
        const a = answers[k]!;
        out.push(
          a.status === 200
            ? parseAnswer(ObjectDescribeSchema, a.body, `the describe of ${name}`)
            : await this.describe(name),
        );
      }
    }
    return out;
  }

  /**
   * The first page of each query (at most 5, the queries a Composite call may hold). A query whose
   * subrequest failed is asked alone, so its failure reads exactly as a lone query's would.
   */
  async firstPages(soqls: readonly string[]): Promise<QueryPage[]> {
    if (soqls.length > COMPOSITE_QUERIES)
      throw new Error(`a Composite call holds at most ${COMPOSITE_QUERIES} queries`);
    if (soqls.length === 1) return [await this.query(soqls[0]!)];
    const answers = await this.composite(soqls.map((soql) => `${this.#base()}/query?q=${encodeURIComponent(soql)}`));
    const pages: QueryPage[] = [];
    for (const [k, soql] of soqls.entries()) {
      const a = answers[k]!;
      pages.push(a.status === 200 ? parseAnswer(QueryPageSchema, a.body, 'a query') : await this.query(soql));
    }
    return pages;
  }

  #base(): string {
    return `/services/data/v${this.#conn.version}`;
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
