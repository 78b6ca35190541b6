// Which requests an org answered were writes to its data (R04: nothing is written between the
// summary and its confirmation). Reads that travel as POST (Composite Batch of GETs, sObject
// Collections retrieve, a Bulk query job) are not writes; a composite container is one when any of
// its subrequests is.

export interface SeenRequest {
  method: string;
  path: string;
  body?: string;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

export function isDataWrite(request: SeenRequest): boolean {
  const method = request.method.toUpperCase();
  const path = request.path.split('?')[0] ?? '';
  if (!WRITE_METHODS.has(method) || !path.includes('/services/data/')) return false;
  if (/\/jobs\/query(\/|$)/.test(path)) return false;
  const body = parse(request.body);
  // Composite, Composite Graph and Composite Batch: a write when a subrequest writes.
  if (/\/composite(\/batch|\/graph)?\/?$/.test(path)) {
    const subrequests = [
      ...(asArray(body?.batchRequests) ?? []),
      ...(asArray(body?.compositeRequest) ?? []),
      ...(asArray(body?.graphs) ?? []).flatMap((g) => asArray((g as Record<string, unknown>).compositeRequest) ?? []),
    ] as Array<{ method?: string; url?: string }>;
    // A body the log could not keep whole is taken as a write: better a false alarm than a miss.
    if (!body) return true;
    return subrequests.some((r) => WRITE_METHODS.has(String(r.method ?? 'GET').toUpperCase()));
  }
  // sObject Collections retrieve: POST /composite/sobjects/{type} with ids and fields.
  if (method === 'POST' && /\/composite\/sobjects\/[^/]+$/.test(path) && body?.ids && body.fields) return false;
  return true;
}

function parse(body: string | undefined): Record<string, unknown> | undefined {
  if (!body) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}
