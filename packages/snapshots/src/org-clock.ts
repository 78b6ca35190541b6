// The org's own clock, as the Date header of its answers gives it. A later conditional describe
// (If-Modified-Since) asks about a date on the org's clock, so it needs no margin for the difference
// between this machine's clock and the org's.
import type { Connection, HttpRequestOptions } from 'jsforce';
import type { SnapshotInfo } from './types.ts';

/** How far this machine's clock may run ahead of the org's, when the org's own time is not known. */
export const DESCRIBE_CLOCK_SKEW_MS = 30_000;

type Transport = Connection['_transport'];
type HttpRequest = Parameters<Transport['httpRequest']>[0];

/**
 * A jsforce request that also hands back the answer's headers (names in lower case). jsforce returns
 * bodies only; the connection's own transport is wrapped for this one request, so proxies and the
 * dispatcher the connection uses still apply. `options` are jsforce's request options (its retries, say).
 */
export async function requestWithHeaders<T>(
  conn: Connection,
  request: HttpRequest,
  options: HttpRequestOptions = {},
): Promise<{ body: T; headers: Record<string, unknown> }> {
  const inner = conn._transport;
  let headers: Record<string, unknown> = {};
  const transport = Object.create(inner) as Transport;
  transport.httpRequest = (req, options) => {
    const answer = inner.httpRequest(req, options);
    const read = answer.then((response) => {
      headers = response.headers ?? {};
      return response;
    });
    return Object.assign(read, { stream: () => answer.stream() }) as ReturnType<Transport['httpRequest']>;
  };
  const body = (await conn.request(request, { ...options, transport })) as T;
  return { body, headers };
}

/** A jsforce request that also hands back the answer's Date header (as ISO 8601), or undefined without one. */
export async function requestWithDate<T>(
  conn: Connection,
  request: HttpRequest,
  options: HttpRequestOptions = {},
): Promise<{ body: T; date: string | undefined }> {
  const { body, headers } = await requestWithHeaders<T>(conn, request, options);
  const header = headers.date;
  const at = typeof header === 'string' ? Date.parse(header) : Number.NaN;
  return { body, date: Number.isNaN(at) ? undefined : new Date(at).toISOString() };
}

/**
 * The If-Modified-Since to ask about a snapshot's describes with. HTTP dates carry whole seconds:
 * with the org's own time of the describe, one second earlier, so a change later in that same
 * second still shows; without it, the snapshot's time less `clockSkewMs`. Either can only turn a
 * 304 into a full answer, never hide a change.
 */
export function describedSince(snapshot: SnapshotInfo, clockSkewMs = DESCRIBE_CLOCK_SKEW_MS): string {
  const at = snapshot.describedAt
    ? Date.parse(snapshot.describedAt) - 1000
    : Date.parse(snapshot.takenAt) - clockSkewMs;
  return new Date(at).toUTCString();
}
