// The planner API as the fault tests call it: planner-api's typed client for what the tests do
// (back up, plan, confirm, read and wait for jobs), and a raw `call` for what a typed client cannot
// send (malformed bodies, unknown fields, no token or a wrong one). Waiting tolerates a planner that
// is down for a moment, since the fault tests kill and restart it (on a new port: `setBaseUrl`).
import { isTerminalJobStatus, type JobState, type PendingPlan, PlannerApiClient } from '@restorelab/planner-api';

export interface ApiResponse {
  status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: any;
  text: string;
}

export type Job = JobState;

export interface ApiClient {
  readonly baseUrl: string;
  setBaseUrl(url: string): void;
  /** A raw request. `token: null` sends no Authorization header; a string overrides the stack's token. */
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<ApiResponse>;
  backup(): Promise<string>;
  plan(recordId: string, method: 'record' | 'related', snapshotId?: string): Promise<PendingPlan>;
  confirm(planId: string): Promise<Job>;
  job(jobId: string): Promise<Job>;
  /** Polls until the job is no longer running; `onPoll` sees every state read. */
  waitJob(jobId: string, options?: { timeoutMs?: number; onPoll?: (job: Job) => void }): Promise<Job>;
  /** Polls until `until(job)` holds (or the job ends); answers that state. */
  waitFor(jobId: string, until: (job: Job) => boolean, timeoutMs?: number): Promise<Job>;
}

const REQUEST_TIMEOUT_MS = 30_000;
const timed = (request: Request) => fetch(request, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

export function apiClient(initialUrl: string, token: string): ApiClient {
  let baseUrl = initialUrl;
  let api = new PlannerApiClient({ url: baseUrl, token, fetch: timed });
  const call: ApiClient['call'] = async (method, path, body, override) => {
    const headers: Record<string, string> = {};
    const presented = override === undefined ? token : override;
    if (presented !== null) headers.authorization = `Bearer ${presented}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await timed(
      new Request(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      }),
    );
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed, text };
  };
  const poll = async (jobId: string, until: (job: Job) => boolean, timeoutMs: number, onPoll?: (job: Job) => void) => {
    const deadline = Date.now() + timeoutMs;
    let last: Job | undefined;
    while (Date.now() < deadline) {
      try {
        last = await api.job(jobId);
        onPoll?.(last);
        if (isTerminalJobStatus(last.status) || until(last)) return last;
      } catch {
        // The planner is restarting: ask again.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${jobId} still ${last?.status ?? 'unknown'} after ${timeoutMs} ms: ${JSON.stringify(last)}`);
  };
  return {
    get baseUrl() {
      return baseUrl;
    },
    setBaseUrl(url) {
      baseUrl = url;
      api = new PlannerApiClient({ url, token, fetch: timed });
    },
    call,
    backup: async () => (await api.backup()).snapshot.id,
    plan: (recordId, method, snapshotId) =>
      api.planRestore({ recordId, method, ...(snapshotId ? { snapshotId } : {}) }),
    confirm: (planId) => api.confirm(planId),
    job: (jobId) => api.job(jobId),
    waitJob: (jobId, options = {}) => poll(jobId, () => false, options.timeoutMs ?? 90_000, options.onPoll),
    waitFor: (jobId, until, timeoutMs = 60_000) => poll(jobId, until, timeoutMs),
  };
}
