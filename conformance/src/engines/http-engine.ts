// Any engine that speaks the planner's HTTP API (/v1): POST /v1/snapshots, POST /v1/restores,
// POST /v1/restores/{id}/confirm, GET /v1/jobs/{id}[?wait=S]. The `stack` target and `--engine <url>` use it.
// The planner's own shapes (a pending plan with `planId` and `summary`, a job with `counts`) are
// read into the suite's interface; an engine that answers in the suite's shapes directly works too.
import type {
  EngineJob,
  EngineSummary,
  JobFailure,
  JobStatus,
  OutcomeCounts,
  RestoreEngine,
  SummaryRequest,
} from '../engine.ts';
import { EngineError } from '../engine.ts';

type Outcome = OutcomeCounts;

/**
 * Counts as an engine may give them: the suite's own shape, or the planner's (`overwritten` and
 * `newVersion` for `updated`, metafiles per outcome).
 */
type AnyOutcome = Partial<Outcome> & { overwritten?: number; newVersion?: number };

/** The planner's job (GET /v1/jobs/{id}), as far as the suite reads it. */
interface PlannerJob {
  jobId?: string;
  status: string;
  counts?: {
    records: { total: AnyOutcome; byObject?: Record<string, AnyOutcome> };
    files: AnyOutcome;
    attachments: AnyOutcome;
    metafiles: number | AnyOutcome;
  };
  failures?: Array<{ itemId?: string; objectType?: string; code: string; message: string; phase?: string }>;
  idMap?: Record<string, string>;
  /** Every re-created item: a large job's `idMap` holds the first ones, the rest page from `/ids`. */
  idCount?: number;
  items?: EngineJob['items'];
}

export interface HttpEngineOptions {
  /**
   * Back up only these objects (POST /v1/snapshots `objects`). The suite's properties touch a
   * handful of objects; a backup of everything the org has would cost a describe and a query per
   * object on every run and test nothing more.
   */
  backupObjects?: readonly string[];
  /**
   * The fetch to reach the planner with (default `globalThis.fetch`). The in-process target passes one
   * that hands the request to the planner's app in the same thread (`PlannerService.fetch`), so calls
   * to the planner pay for neither a socket nor msw's interceptor.
   */
  fetch?: typeof globalThis.fetch;
  /** How long `waitForJob` follows a job when the caller names no time (default 60 s). */
  jobTimeoutMs?: number;
}

export function httpEngine(plannerUrl: string, token?: string, options: HttpEngineOptions = {}): RestoreEngine {
  const base = plannerUrl.replace(/\/+$/, '');
  const fetch: typeof globalThis.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const jobTimeoutMs = options.jobTimeoutMs ?? 60_000;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new EngineError(`HTTP_${response.status}`, `${method} ${path} answered no JSON: ${text.slice(0, 200)}`, {
        status: response.status,
      });
    }
    if (!response.ok) {
      const error = (json.error ?? json) as { code?: string; message?: string };
      throw new EngineError(error.code ?? `HTTP_${response.status}`, error.message ?? text, {
        status: response.status,
      });
    }
    return json as T;
  }
  return {
    name: `http ${base}`,
    async backup() {
      const answer = await call<{ id?: string; snapshotId?: string; snapshot?: { id: string } }>(
        'POST',
        '/v1/snapshots',
        options.backupObjects ? { objects: options.backupObjects } : {},
      );
      const id = answer.snapshotId ?? answer.snapshot?.id ?? answer.id;
      if (!id) throw new EngineError('UNEXPECTED_RESPONSE', 'POST /v1/snapshots gave no snapshot id');
      return id;
    },
    async summary(request: SummaryRequest) {
      const answer = await call<
        Partial<EngineSummary> & {
          id?: string;
          planId?: string;
          summary?: EngineSummary;
          request?: { snapshotId?: string };
        }
      >('POST', '/v1/restores', request);
      const summary = (answer.summary ?? answer) as EngineSummary;
      const summaryId = answer.planId ?? answer.summaryId ?? answer.id ?? summary.summaryId;
      if (!summaryId) throw new EngineError('UNEXPECTED_RESPONSE', 'POST /v1/restores gave no plan id');
      return { ...summary, summaryId };
    },
    async confirm(summaryId: string) {
      const answer = await call<{ jobId?: string; id?: string }>(
        'POST',
        `/v1/restores/${encodeURIComponent(summaryId)}/confirm`,
      );
      const id = answer.jobId ?? answer.id;
      if (!id) throw new EngineError('UNEXPECTED_RESPONSE', 'confirm gave no job id');
      return id;
    },
    async waitForJob(jobId: string, options: { timeoutMs?: number } = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? jobTimeoutMs);
      const path = `/v1/jobs/${encodeURIComponent(jobId)}`;
      // `?wait=` asks the planner to answer when the job stops (a long poll). An engine that ignores
      // it answers at once; then the loop polls, with short first waits since small local jobs end in
      // milliseconds.
      for (let delay = 2; ; delay = Math.min(delay * 2, 200)) {
        const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
        const asked = Date.now();
        const job = await call<PlannerJob>('GET', `${path}?wait=${Math.min(left, 10)}`);
        if (job.status !== 'queued' && job.status !== 'running') {
          if (job.idMap && job.idCount !== undefined && job.idCount > Object.keys(job.idMap).length) {
            job.idMap = await allIds(path);
          }
          return toEngineJob(job, jobId);
        }
        if (Date.now() > deadline) throw new EngineError('JOB_TIMEOUT', `job ${jobId} still ${job.status}`);
        if (Date.now() - asked < 500) await new Promise((r) => setTimeout(r, delay));
      }
    },
    async close() {},
  };

  /** A job's whole id map, page by page (GET /v1/jobs/{id}/ids). */
  async function allIds(jobPath: string): Promise<Record<string, string>> {
    const all: Record<string, string> = {};
    let cursor: string | undefined;
    do {
      const page = await call<{ idMap: Record<string, string>; next?: string }>(
        'GET',
        `${jobPath}/ids${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      Object.assign(all, page.idMap);
      cursor = page.next;
    } while (cursor !== undefined);
    return all;
  }
}

/** `record:<id>` / `file:<id>` / `attachment:<id>` → the backed-up id the item is about. */
function sourceOf(itemId: string | undefined): string | undefined {
  const match = itemId?.match(/^(?:record|file|attachment):(.+)$/);
  return match?.[1];
}

function outcome(o: AnyOutcome): Outcome {
  return {
    created: o.created ?? 0,
    updated: (o.updated ?? 0) + (o.overwritten ?? 0) + (o.newVersion ?? 0),
    skipped: o.skipped ?? 0,
    failed: o.failed ?? 0,
  };
}

function readCounts(c: NonNullable<PlannerJob['counts']>) {
  return {
    records: {
      total: outcome(c.records.total),
      byObject: Object.fromEntries(Object.entries(c.records.byObject ?? {}).map(([k, o]) => [k, outcome(o)])),
    },
    files: outcome(c.files),
    attachments: outcome(c.attachments),
    // Metafiles written: the suite compares them with the ones the summary announced.
    metafiles:
      typeof c.metafiles === 'number' ? c.metafiles : outcome(c.metafiles).created + outcome(c.metafiles).updated,
    ...(typeof c.metafiles === 'number' ? {} : { metafileOutcomes: outcome(c.metafiles) }),
  };
}

/** The planner's job in the suite's terms (an engine answering `items` already is taken as is). */
export function toEngineJob(job: PlannerJob, jobId: string): EngineJob {
  const failures: JobFailure[] = (job.failures ?? []).map((f) => {
    const sourceId = sourceOf(f.itemId);
    return {
      ...(f.itemId ? { itemId: f.itemId } : {}),
      ...(sourceId ? { sourceId } : {}),
      ...(f.objectType ? { objectType: f.objectType } : {}),
      code: f.code,
      message: f.message,
      ...(f.phase === 'plan' || f.phase === 'write' ? { phase: f.phase } : {}),
    };
  });
  const c = job.counts ? readCounts(job.counts) : undefined;
  const written = (o: Outcome) => o.created + o.updated;
  const items = job.items ?? {
    restored: c ? written(c.records.total) + written(c.files) + written(c.attachments) : 0,
    metafiles: c?.metafiles ?? 0,
    skipped: c ? c.records.total.skipped + c.files.skipped + c.attachments.skipped : 0,
    failed: failures.length,
  };
  const status: JobStatus =
    job.status === 'succeeded' || job.status === 'partial'
      ? job.status
      : job.status === 'failed' || job.status === 'cancelled'
        ? items.restored > 0
          ? 'partial'
          : 'failed'
        : (job.status as JobStatus);
  const counts: EngineJob['counts'] = c
    ? {
        records: { total: c.records.total, byObject: c.records.byObject ?? {} },
        files: c.files,
        attachments: c.attachments,
        metafiles: c.metafiles,
        ...(c.metafileOutcomes ? { metafileOutcomes: c.metafileOutcomes } : {}),
      }
    : undefined;
  return {
    jobId: job.jobId ?? jobId,
    status,
    items,
    idMap: job.idMap ?? {},
    failures,
    ...(counts ? { counts } : {}),
  };
}
