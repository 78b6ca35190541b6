// The jobs: the list, the monitor (its page, the live fragment it re-renders, the job's events to
// follow) and cancel.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { jobEvents } from '../../jobs/events.ts';
import type { JobState } from '../../jobs/types.ts';
import { type ConsoleContext, checkedForm, checkedKey, nameOf } from '../context.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { jobLive, jobPage, jobsPage, RESTORED_LIST_CAP, type RestoredItem } from '../views/job.ts';

export function jobRoutes(ctx: ConsoleContext) {
  const { manager, store } = ctx;
  const app = new Hono<ConsoleEnv>();

  /** Restored items for the monitor: new ids with the backed-up item's type and name. */
  const restoredItems = (job: JobState): RestoredItem[] => {
    const entries = Object.entries(job.idMap).slice(0, RESTORED_LIST_CAP);
    const snapshotId = job.request.snapshotId;
    if (!store.findSnapshot(snapshotId))
      return entries.map(([oldId, newId]) => ({ oldId, newId, type: undefined, name: undefined }));
    const records = new Map(
      store
        .records(
          snapshotId,
          entries.map(([o]) => o),
        )
        .map((r) => [r.id, r]),
    );
    return entries.map(([oldId, newId]) => {
      const r = records.get(oldId);
      if (r) return { oldId, newId, type: r.type, name: nameOf(r.fields) };
      const a = store.attachment(snapshotId, oldId);
      if (a) return { oldId, newId, type: 'Attachment', name: a.name };
      const f = store.file(snapshotId, oldId);
      if (f) return { oldId, newId, type: 'ContentDocument', name: f.title };
      return { oldId, newId, type: undefined, name: undefined };
    });
  };

  app.get(`${CONSOLE_BASE}/jobs`, async (c) => {
    const jobs = (await manager.jobs()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return c.html(jobsPage(c.var.session.csrf, jobs));
  });

  app.get(`${CONSOLE_BASE}/jobs/:job`, async (c) => {
    const job = await manager.job(checkedKey(c.req.param('job')));
    return c.html(jobPage(c.var.session.csrf, job, restoredItems(job)));
  });

  app.get(`${CONSOLE_BASE}/jobs/:job/live`, async (c) => {
    const job = await manager.job(checkedKey(c.req.param('job')));
    return c.html(jobLive(c.var.session.csrf, job, restoredItems(job), job.request.snapshotId));
  });

  app.get(`${CONSOLE_BASE}/jobs/:job/events`, async (c) => {
    const jobId = (await manager.job(checkedKey(c.req.param('job')))).jobId;
    return streamSSE(c, async (stream) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      let n = 0;
      for await (const event of jobEvents(ctx.nc, jobId, abort.signal)) {
        await stream.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(n++) });
      }
    });
  });

  app.post(`${CONSOLE_BASE}/jobs/:job/cancel`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const job = await manager.cancel(checkedKey(c.req.param('job')));
    return c.redirect(`${CONSOLE_BASE}/jobs/${encodeURIComponent(job.jobId)}`, 303);
  });
  return app;
}
