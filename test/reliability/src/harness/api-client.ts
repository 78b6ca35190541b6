// A small client for the planner API as an outside caller sees it (fetch over HTTP). Polling
// tolerates a planner that is down for a moment, since the fault tests kill and restart it.

export interface ApiResponse {
  status: number;
  body: any;
  text: string;
}

/** The job fields the tests read (the API answers the full JobState). */
export interface Job {
  jobId: string;
  planId: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  reason?: string;
  retries: number;
  idMap: Record<string, string>;
  failures: Array<{ itemId: string; objectType: string; code: string; message: string; phase: string }>;
  counts: {
    records: { total: { created: number; updated: number; skipped: number; failed: number } };
    files: { created: number; updated: number; skipped: number; failed: number };
    restored: number;
  };
  [key: string]: unknown;
}

export interface ApiClient {
  readonly baseUrl: string;
  setBaseUrl(url: string): void;
  /** `token: null` sends no Authorization header; a string overrides the stack's token. */
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<ApiResponse>;
  backup(): Promise<string>;
  plan(recordId: string, method: 'record' | 'related', snapshotId?: string): Promise<any>;
  confirm(planId: string): Promise<Job>;
  job(jobId: string): Promise<Job>;
  /** Polls until the job is no longer running; `onPoll` sees every state read. */
  waitJob(jobId: string, options?: { timeoutMs?: number; onPoll?: (job: Job) => void }): Promise<Job>;
  /** Polls until `until(job)` holds (or the job ends); answers that state. */
  waitFor(jobId: string, until: (job: Job) => boolean, timeoutMs?: number): Promise<Job>;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export function apiClient(initialUrl: string, token: string): ApiClient {
  let baseUrl = initialUrl;
  const call: ApiClient['call'] = async (method, path, body, override) => {
    const headers: Record<string, string> = {};
    const presented = override === undefined ? token : override;
    if (presented !== null) headers.authorization = `Bearer ${presented}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed, text };
  };
  const expect = (res: ApiResponse, status: number, what: string) => {
    if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${res.text}`);
    return res.body;
  };
  const poll = async (jobId: string, until: (job: Job) => boolean, timeoutMs: number, onPoll?: (job: Job) => void) => {
    const deadline = Date.now() + timeoutMs;
    let last: Job | undefined;
    while (Date.now() < deadline) {
      try {
        const res = await call('GET', `/v1/jobs/${jobId}`);
        if (res.status === 200) {
          last = res.body as Job;
          onPoll?.(last);
          if (TERMINAL.has(last.status) || until(last)) return last;
        }
      } catch {
        // The planner is restarting: ask again.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${jobId} still ${last?.status ?? 'unknown'} after ${timeoutMs} ms: ${JSON.stringify(last)}`);
  };
  const client: ApiClient = {
    get baseUrl() {
      return baseUrl;
    },
    setBaseUrl(url) {
      baseUrl = url;
    },
    call,
    backup: async () => expect(await call('POST', '/v1/snapshots', {}), 201, 'backup').snapshot.id,
    plan: async (recordId, method, snapshotId) =>
      expect(
        await call('POST', '/v1/restores', { recordId, method, ...(snapshotId ? { snapshotId } : {}) }),
        201,
        'plan',
      ),
    confirm: async (planId) => expect(await call('POST', `/v1/restores/${planId}/confirm`), 202, 'confirm'),
    job: async (jobId) => expect(await call('GET', `/v1/jobs/${jobId}`), 200, 'job'),
    waitJob: (jobId, options = {}) => poll(jobId, () => false, options.timeoutMs ?? 90_000, options.onPoll),
    waitFor: (jobId, until, timeoutMs = 60_000) => poll(jobId, until, timeoutMs),
  };
  return client;
}
