// The planner's HTTP API (/v1) as typed calls. Each answer is checked against the same schema the
// planner serves it by, so callers get the API's own types; each failure is a PlannerApiError.
// The token travels only in the Authorization header: never in a URL, a message or a log line.
// `fetch` is injectable, so a caller in the planner's process can hand requests straight to the
// planner's app (`PlannerService.fetch`) without a socket.
import { type JobEvent, parseMessage } from '@restorelab/contracts/job-events';
import type { z } from 'zod';
import { fileNameOfDisposition } from './download.ts';
import { ErrorBodySchema, PlannerApiError } from './errors.ts';
import {
  type BackedUpAttachment,
  BackedUpAttachmentSchema,
  type BackedUpFile,
  BackedUpFileSchema,
  ItemLookupSchema,
  type Listing,
  ListingSchema,
  type RecordPreview,
  RecordPreviewSchema,
  type SearchHit,
  type SearchResult,
  SearchResultSchema,
} from './schemas/browse.ts';
import { HealthSchema, type ItemKind } from './schemas/common.ts';
import { type JobIdsPage, JobIdsPageSchema, JobListSchema, type JobState, JobStateSchema } from './schemas/jobs.ts';
import { ITEM_LOOKUP_MAX, type Page } from './schemas/params.ts';
import { type PendingPlan, PendingPlanSchema, type RestoreRequest } from './schemas/restores.ts';
import { type CreatedShare, CreatedShareSchema, type Share, type ShareRequest, ShareSchema } from './schemas/shares.ts';
import {
  type BackupReport,
  BackupReportSchema,
  type BackupRequest,
  type Org,
  OrgListSchema,
  type OrgRecord,
  OrgRecordSchema,
  type SnapshotInfo,
  SnapshotInfoSchema,
  SnapshotListSchema,
} from './schemas/snapshots.ts';
import { readSse } from './sse.ts';

/** What carries a request: `globalThis.fetch`, or a planner's app answering in process. */
export type FetchRequest = (request: Request) => Promise<Response>;

export interface PlannerApiClientOptions {
  /** The planner's address, e.g. `http://127.0.0.1:7420` (a trailing `/v1` is accepted). */
  url: string;
  /** The API token, sent as `Authorization: Bearer <token>`; absent → no header (only open paths answer). */
  token?: string | undefined;
  /** How requests travel (default `globalThis.fetch`). */
  fetch?: FetchRequest;
}

/** A download as the API serves it: the item's name and type, and its content to stream. */
export interface ItemDownload {
  fileName: string | undefined;
  contentType: string;
  size: number | undefined;
  body: ReadableStream<Uint8Array>;
}

interface Call {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal | undefined;
}

const PLURAL: Record<ItemKind, string> = { record: 'records', file: 'files', attachment: 'attachments' };
const seg = encodeURIComponent;

/**
 * ```ts
 * const api = new PlannerApiClient({ url: 'http://127.0.0.1:7420', token });
 * const plan = await api.planRestore({ recordId, method: 'related' });
 * const job = await api.job((await api.confirm(plan.planId)).jobId, { wait: 30 });
 * ```
 */
export class PlannerApiClient {
  /** The planner's address, without a trailing slash or `/v1`. */
  readonly url: string;
  readonly #token: string | undefined;
  readonly #fetch: FetchRequest;

  constructor(options: PlannerApiClientOptions) {
    this.url = options.url.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((request) => globalThis.fetch(request));
  }

  health() {
    return this.#json(HealthSchema, 'GET', '/v1/health');
  }

  // ---- orgs and snapshots ------------------------------------------------------------------

  async orgs(): Promise<Org[]> {
    return (await this.#json(OrgListSchema, 'GET', '/v1/orgs')).orgs;
  }
  /** A record as the connected org holds it now. */
  orgRecord(orgId: string, type: string, recordId: string): Promise<OrgRecord> {
    return this.#json(OrgRecordSchema, 'GET', `/v1/orgs/${seg(orgId)}/records/${seg(type)}/${seg(recordId)}`);
  }
  /** Snapshots, newest first: of one org, or of every org. */
  async snapshots(org?: string): Promise<SnapshotInfo[]> {
    return (await this.#json(SnapshotListSchema, 'GET', '/v1/snapshots', { query: { org } })).snapshots;
  }
  snapshot(id: string): Promise<SnapshotInfo> {
    return this.#json(SnapshotInfoSchema, 'GET', `/v1/snapshots/${seg(id)}`);
  }
  /** Backs the connected org up now. */
  backup(request: BackupRequest = {}): Promise<BackupReport> {
    return this.#json(BackupReportSchema, 'POST', '/v1/snapshots', { body: request });
  }

  // ---- inside a snapshot ---------------------------------------------------------------------

  /** A folder: '' (the root), `Objects`, `Objects/<type>`, `Files`, `Attachments`. */
  folder(snapshotId: string, path: string, page: Page = {}): Promise<Listing> {
    const folder = path === '' ? '' : `/${path.split('/').map(seg).join('/')}`;
    return this.#json(ListingSchema, 'GET', `/v1/snapshots/${seg(snapshotId)}/folders${folder}`, { query: page });
  }
  search(snapshotId: string, text: string, page: Page = {}): Promise<SearchResult> {
    return this.#json(SearchResultSchema, 'GET', `/v1/snapshots/${seg(snapshotId)}/search`, {
      query: { q: text, ...page },
    });
  }
  /** The ids among `ids` the snapshot holds, as search hits (asked in slices the API accepts). */
  async items(snapshotId: string, ids: readonly string[]): Promise<SearchHit[]> {
    const hits: SearchHit[] = [];
    for (let i = 0; i < ids.length; i += ITEM_LOOKUP_MAX) {
      const slice = ids.slice(i, i + ITEM_LOOKUP_MAX).join(',');
      const found = await this.#json(ItemLookupSchema, 'GET', `/v1/snapshots/${seg(snapshotId)}/items`, {
        query: { ids: slice },
      });
      hits.push(...found.items);
    }
    return hits;
  }
  /** A backed-up record with labels, children, files and attachments. */
  preview(snapshotId: string, recordId: string): Promise<RecordPreview> {
    return this.#json(RecordPreviewSchema, 'GET', `/v1/snapshots/${seg(snapshotId)}/records/${seg(recordId)}`);
  }
  file(snapshotId: string, contentDocumentId: string): Promise<BackedUpFile> {
    return this.#json(BackedUpFileSchema, 'GET', `/v1/snapshots/${seg(snapshotId)}/files/${seg(contentDocumentId)}`);
  }
  attachment(snapshotId: string, attachmentId: string): Promise<BackedUpAttachment> {
    return this.#json(
      BackedUpAttachmentSchema,
      'GET',
      `/v1/snapshots/${seg(snapshotId)}/attachments/${seg(attachmentId)}`,
    );
  }
  /** A record as JSON, a file's latest version or an attachment's body: cancel `body` if it is not read. */
  async download(
    snapshotId: string,
    kind: ItemKind,
    id: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ItemDownload> {
    const res = await this.#send('GET', `/v1/snapshots/${seg(snapshotId)}/${PLURAL[kind]}/${seg(id)}/download`, {
      signal: options.signal,
    });
    const length = Number(res.headers.get('content-length') ?? Number.NaN);
    return {
      fileName: fileNameOfDisposition(res.headers.get('content-disposition')),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
      size: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
      body: res.body ?? new ReadableStream({ start: (c) => c.close() }),
    };
  }

  /** A read-only link to the item that opens without the token, until it expires or is revoked. */
  share(snapshotId: string, kind: ItemKind, id: string, request: ShareRequest = {}): Promise<CreatedShare> {
    return this.#json(
      CreatedShareSchema,
      'POST',
      `/v1/snapshots/${seg(snapshotId)}/${PLURAL[kind]}/${seg(id)}/shares`,
      {
        body: request,
      },
    );
  }
  /** Revokes a share: its link answers 410 from now on. */
  revokeShare(shareId: string): Promise<Share> {
    return this.#json(ShareSchema, 'DELETE', `/v1/shares/${seg(shareId)}`);
  }

  // ---- restores and jobs ---------------------------------------------------------------------

  /** Plans a restore and answers its summary; nothing is written until `confirm` (R04). */
  planRestore(request: RestoreRequest): Promise<PendingPlan> {
    return this.#json(PendingPlanSchema, 'POST', '/v1/restores', { body: request });
  }
  /** A planned restore, with its job once confirmed. */
  plan(planId: string): Promise<PendingPlan> {
    return this.#json(PendingPlanSchema, 'GET', `/v1/restores/${seg(planId)}`);
  }
  /** Starts the plan's job (confirming again answers the same job). */
  confirm(planId: string): Promise<JobState> {
    return this.#json(JobStateSchema, 'POST', `/v1/restores/${seg(planId)}/confirm`);
  }
  /** Jobs, newest first. */
  async jobs(): Promise<JobState[]> {
    return (await this.#json(JobListSchema, 'GET', '/v1/jobs')).jobs;
  }
  /** A job; with `wait` (seconds, at most 60) the answer comes once the job has stopped, or then. */
  job(jobId: string, options: { wait?: number; signal?: AbortSignal } = {}): Promise<JobState> {
    return this.#json(JobStateSchema, 'GET', `/v1/jobs/${seg(jobId)}`, {
      query: { wait: options.wait },
      signal: options.signal,
    });
  }
  /** One page of the job's old → new ids (the job document shows the first ones only). */
  jobIds(jobId: string, cursor?: string): Promise<JobIdsPage> {
    return this.#json(JobIdsPageSchema, 'GET', `/v1/jobs/${seg(jobId)}/ids`, { query: { cursor } });
  }
  /** Every old → new id of the job, page by page: a job's document holds the first ones only. */
  async allJobIds(jobId: string): Promise<Record<string, string>> {
    const all: Record<string, string> = {};
    let cursor: string | undefined;
    do {
      const page = await this.jobIds(jobId, cursor);
      Object.assign(all, page.idMap);
      cursor = page.next;
    } while (cursor !== undefined);
    return all;
  }
  cancel(jobId: string): Promise<JobState> {
    return this.#json(JobStateSchema, 'POST', `/v1/jobs/${seg(jobId)}/cancel`);
  }
  resume(jobId: string): Promise<JobState> {
    return this.#json(JobStateSchema, 'POST', `/v1/jobs/${seg(jobId)}/resume`);
  }
  /**
   * The job's events from its start, then live, until its final status (the stream ends there).
   * Resolves once the planner has accepted the request (an unknown job rejects here, before any
   * event); leaving the loop early, or `signal`, closes the stream.
   * @example for await (const event of await api.events(jobId)) console.log(event.type);
   */
  async events(jobId: string, options: { signal?: AbortSignal } = {}): Promise<AsyncGenerator<JobEvent>> {
    const res = await this.#send('GET', `/v1/jobs/${seg(jobId)}/events`, {
      signal: options.signal,
      accept: 'text/event-stream',
    });
    const path = `/v1/jobs/${jobId}/events`;
    // Through a pipe that the signal aborts: the answer's body is cancelled even where the request's
    // signal does not reach it (a planner answering in process), so the planner stops following too.
    const body = options.signal ? res.body?.pipeThrough(new TransformStream(), { signal: options.signal }) : res.body;
    return (async function* () {
      if (!body) return;
      for await (const message of readSse(body)) {
        try {
          yield parseMessage('jobEvent', message.data);
        } catch (cause) {
          throw new PlannerApiError({
            status: res.status,
            code: 'BAD_RESPONSE',
            message: `GET ${path} sent an event that is not a job event: ${(cause as Error).message}`,
            cause,
          });
        }
      }
    })();
  }

  // ---- transport -----------------------------------------------------------------------------

  async #json<S extends z.ZodType>(schema: S, method: string, path: string, call: Call = {}): Promise<z.output<S>> {
    const res = await this.#send(method, path, call);
    const text = await res.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw badResponse(method, path, res.status, `no JSON (${text.slice(0, 80)})`, cause);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      throw badResponse(method, path, res.status, issues.join('; '), parsed.error);
    }
    return parsed.data;
  }

  async #send(method: string, path: string, call: Call & { accept?: string } = {}): Promise<Response> {
    const headers = new Headers({ accept: call.accept ?? 'application/json' });
    if (this.#token !== undefined) headers.set('authorization', `Bearer ${this.#token}`);
    if (call.body !== undefined) headers.set('content-type', 'application/json');
    const request = new Request(`${this.url}${path}${queryOf(call.query)}`, {
      method,
      headers,
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
    });
    let res: Response;
    try {
      res = await this.#fetch(request);
    } catch (cause) {
      if (call.signal?.aborted) throw cause;
      throw new PlannerApiError({
        status: 0,
        code: 'UNREACHABLE',
        message: `cannot reach the planner at ${this.url}: ${(cause as Error).message ?? String(cause)}`,
        cause,
      });
    }
    if (!res.ok) throw await failureOf(res);
    return res;
  }
}

function queryOf(query: Call['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The API's error body, or `HTTP_<status>` when the answer carried none (a proxy's page, say). */
async function failureOf(res: Response): Promise<PlannerApiError> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = ErrorBodySchema.safeParse(body);
  if (!parsed.success)
    return new PlannerApiError({ status: res.status, code: `HTTP_${res.status}`, message: `HTTP ${res.status}` });
  const { code, message, rule } = parsed.data.error;
  return new PlannerApiError({ status: res.status, code, message, rule });
}

function badResponse(method: string, path: string, status: number, detail: string, cause: unknown): PlannerApiError {
  return new PlannerApiError({
    status,
    code: 'BAD_RESPONSE',
    message: `${method} ${path} answered something that is not the planner API's: ${detail}`,
    cause,
  });
}
