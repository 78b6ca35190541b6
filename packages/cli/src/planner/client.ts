// The planner's HTTP API (/v1) as typed calls for the client commands. Every failure becomes a CliError
// with one line that says what to do: unreachable → start `restorelab dev`; 401 → the token is wrong.
// The token travels only in the Authorization header; it is never part of a message.
import type { JobEvent } from '@restorelab/contracts';
import type { JobState, PendingPlan } from '@restorelab/planner';
import { readSse } from '@restorelab/planner-api';
import type { BackupReport, Listing, RecordPreview, SearchHit, SnapshotInfo } from '@restorelab/snapshots';
import { CliError } from '../errors.ts';
import type { PlannerTarget } from './target.ts';

export interface OrgInfo {
  orgId: string;
  snapshots: number;
  connected: boolean;
  latest?: SnapshotInfo;
}

export type ItemKind = 'record' | 'file' | 'attachment';

export interface BackupRequest {
  objects?: string[];
  files?: boolean;
  attachments?: boolean;
}

export class PlannerClient {
  readonly target: PlannerTarget;
  constructor(target: PlannerTarget) {
    this.target = target;
  }

  async #fetch(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.target.token) headers.authorization = `Bearer ${this.target.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.target.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new CliError('PLANNER_UNREACHABLE', unreachableMessage(this.target), { cause: error });
    }
    if (!res.ok) throw await this.#failure(res);
    return res;
  }

  async #failure(res: Response): Promise<CliError> {
    let code = `HTTP_${res.status}`;
    let message = '';
    let rule: string | undefined;
    try {
      const parsed = (await res.json()) as { error?: { code?: string; message?: string; rule?: string } };
      code = parsed.error?.code ?? code;
      message = parsed.error?.message ?? '';
      rule = parsed.error?.rule;
    } catch {
      // not JSON: keep the status
    }
    if (res.status === 401) {
      const hint = this.target.token
        ? 'the planner refused the API token: it is wrong for this planner'
        : 'the planner needs an API token';
      return new CliError(
        'UNAUTHORIZED',
        `${hint}; pass --token or set PLANNER_TOKEN (restorelab dev prints the token)`,
      );
    }
    if (res.status >= 500)
      return new CliError(code, `the planner failed (HTTP ${res.status}): ${message || 'see its log'}`);
    const suffix = rule ? ` (${rule})` : '';
    return new CliError(code, `${message || `HTTP ${res.status}`}${suffix}`);
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.#fetch(method, path, body);
    return (await res.json()) as T;
  }

  health(): Promise<{ ok: boolean }> {
    return this.#json('GET', '/v1/health');
  }
  async orgs(): Promise<OrgInfo[]> {
    return (await this.#json<{ orgs: OrgInfo[] }>('GET', '/v1/orgs')).orgs;
  }
  async snapshots(org?: string): Promise<SnapshotInfo[]> {
    const query = org ? `?org=${encodeURIComponent(org)}` : '';
    return (await this.#json<{ snapshots: SnapshotInfo[] }>('GET', `/v1/snapshots${query}`)).snapshots;
  }
  snapshot(id: string): Promise<SnapshotInfo> {
    return this.#json('GET', `/v1/snapshots/${encodeURIComponent(id)}`);
  }
  backup(request: BackupRequest = {}): Promise<BackupReport> {
    return this.#json('POST', '/v1/snapshots', request);
  }
  listFolder(snapshotId: string, path: string, page: { offset?: number; limit?: number } = {}): Promise<Listing> {
    const folder = path === '' ? '' : `/${path.split('/').map(encodeURIComponent).join('/')}`;
    return this.#json('GET', `/v1/snapshots/${encodeURIComponent(snapshotId)}/folders${folder}${pageQuery(page)}`);
  }
  search(snapshotId: string, text: string, page: { offset?: number; limit?: number } = {}) {
    const query = `?q=${encodeURIComponent(text)}${pageQuery(page).replace('?', '&')}`;
    return this.#json<{ items: SearchHit[]; hasMore: boolean }>(
      'GET',
      `/v1/snapshots/${encodeURIComponent(snapshotId)}/search${query}`,
    );
  }
  preview(snapshotId: string, recordId: string): Promise<RecordPreview> {
    return this.#json('GET', `/v1/snapshots/${encodeURIComponent(snapshotId)}/records/${encodeURIComponent(recordId)}`);
  }
  /** The raw response of a download: stream its body to a file. */
  download(snapshotId: string, kind: ItemKind, id: string): Promise<Response> {
    return this.#fetch(
      'GET',
      `/v1/snapshots/${encodeURIComponent(snapshotId)}/${kind}s/${encodeURIComponent(id)}/download`,
    );
  }
  planRestore(request: { recordId: string; method: 'record' | 'related'; snapshotId?: string }): Promise<PendingPlan> {
    return this.#json('POST', '/v1/restores', request);
  }
  confirm(planId: string): Promise<JobState> {
    return this.#json('POST', `/v1/restores/${encodeURIComponent(planId)}/confirm`);
  }
  async jobs(): Promise<JobState[]> {
    return (await this.#json<{ jobs: JobState[] }>('GET', '/v1/jobs')).jobs;
  }
  job(id: string): Promise<JobState> {
    return this.#json('GET', `/v1/jobs/${encodeURIComponent(id)}`);
  }
  /** The job's events from its start until its final status (the stream ends there). */
  async *events(jobId: string, signal?: AbortSignal): AsyncGenerator<JobEvent> {
    const res = await this.#fetch('GET', `/v1/jobs/${encodeURIComponent(jobId)}/events`, undefined, signal);
    if (!res.body) return;
    for await (const message of readSse(res.body)) yield JSON.parse(message.data) as JobEvent;
  }
}

function pageQuery(page: { offset?: number; limit?: number }): string {
  const parts: string[] = [];
  if (page.offset !== undefined) parts.push(`offset=${page.offset}`);
  if (page.limit !== undefined) parts.push(`limit=${page.limit}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function unreachableMessage(target: PlannerTarget): string {
  const from =
    target.source === 'flag'
      ? ' (from --planner)'
      : target.source === 'env'
        ? ' (from PLANNER_URL)'
        : target.source === 'dev-file'
          ? ' (from .restorelab/dev.json)'
          : '';
  return `cannot reach the planner at ${target.url}${from}: start one with \`restorelab dev\`, or point --planner / PLANNER_URL at a running one`;
}
