// The jobs: the list, the monitor (its page, the live fragment it re-renders, the job's events to
// follow), cancel and resume.
import type { JobState } from '@restorelab/planner-api';
import { toId18 } from '@restorelab/salesforce';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { type ConsoleContext, checkedForm, checkedKey } from '../context.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { jobLive, jobPage, jobsPage, RESTORED_LIST_CAP, type RestoredItem } from '../views/job.ts';
import { failedItemNames, loadJobContext, rootNames } from './job-context.ts';

export function jobRoutes(ctx: ConsoleContext) {
  const { api, log } = ctx;
  const app = new Hono<ConsoleEnv>();

  /** Restored items for the monitor: new ids with the backed-up item's type and name (unnamed once the snapshot is gone). */
  const restoredItems = async (job: JobState): Promise<RestoredItem[]> => {
    const entries = Object.entries(job.idMap).slice(0, RESTORED_LIST_CAP);
    const hits = await api
      .items(
        job.request.snapshotId,
        entries.map(([oldId]) => oldId),
      )
      .catch(() => []);
    const byId = new Map(hits.map((h) => [h.id, h]));
    return entries.map(([oldId, newId]) => {
      const hit = byId.get(toId18(oldId) ?? oldId);
      return { oldId, newId, type: hit?.type, name: hit?.name };
    });
  };

  app.get(`${CONSOLE_BASE}/jobs`, async (c) => {
    const jobs = await api.jobs();
    return c.html(jobsPage(c.var.session.csrf, jobs, await rootNames(api, jobs)));
  });

  app.get(`${CONSOLE_BASE}/jobs/:job`, async (c) => {
    const job = await api.job(checkedKey(c.req.param('job')));
    const [restored, context] = await Promise.all([restoredItems(job), loadJobContext(api, job)]);
    return c.html(jobPage(c.var.session.csrf, job, restored, context));
  });

  app.get(`${CONSOLE_BASE}/jobs/:job/live`, async (c) => {
    const job = await api.job(checkedKey(c.req.param('job')));
    const [restored, names] = await Promise.all([restoredItems(job), failedItemNames(api, job)]);
    return c.html(jobLive(c.var.session.csrf, job, restored, job.request.snapshotId, names));
  });

  // The API's event stream, passed on: an unknown job is the error page before the stream starts,
  // and a browser that goes away closes the API's stream too.
  app.get(`${CONSOLE_BASE}/jobs/:job/events`, async (c) => {
    const abort = new AbortController();
    const events = await api.events(checkedKey(c.req.param('job')), { signal: abort.signal });
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => abort.abort());
      let n = 0;
      try {
        for await (const event of events) {
          await stream.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(n++) });
        }
      } catch (err) {
        if (!abort.signal.aborted) log.warn({ err, path: c.req.path }, 'job events stopped');
      }
    });
  });

  app.post(`${CONSOLE_BASE}/jobs/:job/cancel`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const job = await api.cancel(checkedKey(c.req.param('job')));
    return c.redirect(`${CONSOLE_BASE}/jobs/${encodeURIComponent(job.jobId)}`, 303);
  });

  app.post(`${CONSOLE_BASE}/jobs/:job/resume`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const job = await api.resume(checkedKey(c.req.param('job')));
    log.info({ jobId: job.jobId, attempt: job.attempt }, 'job resumed from the console');
    return c.redirect(`${CONSOLE_BASE}/jobs/${encodeURIComponent(job.jobId)}`, 303);
  });
  return app;
}
