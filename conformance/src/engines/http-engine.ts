// Any engine that speaks the planner's HTTP API (/v1): POST /v1/snapshots, POST /v1/restores,
// POST /v1/restores/{id}/confirm, GET /v1/jobs/{id}. `--engine <url>` uses this.
import type { EngineJob, EngineSummary, RestoreEngine, SummaryRequest } from '../engine.ts';
import { EngineError } from '../engine.ts';

export function httpEngine(plannerUrl: string, token?: string): RestoreEngine {
  const base = plannerUrl.replace(/\/+$/, '');
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
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
        {},
      );
      const id = answer.snapshotId ?? answer.snapshot?.id ?? answer.id;
      if (!id) throw new EngineError('UNEXPECTED_RESPONSE', 'POST /v1/snapshots gave no snapshot id');
      return id;
    },
    async summary(request: SummaryRequest) {
      const answer = await call<EngineSummary & { id?: string; summary?: EngineSummary }>(
        'POST',
        '/v1/restores',
        request,
      );
      const summary = answer.summary ?? answer;
      return { ...summary, summaryId: answer.summaryId ?? answer.id ?? summary.summaryId };
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
      const deadline = Date.now() + (options.timeoutMs ?? 60_000);
      for (;;) {
        const job = await call<EngineJob>('GET', `/v1/jobs/${encodeURIComponent(jobId)}`);
        if (job.status !== 'queued' && job.status !== 'running') return { ...job, jobId };
        if (Date.now() > deadline) throw new EngineError('JOB_TIMEOUT', `job ${jobId} still ${job.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {},
  };
}
