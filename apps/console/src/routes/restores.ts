// Restore: the choice (only this record, or with related records) → the summary → confirm.
import { Hono } from 'hono';
import { type ConsoleContext, checkedForm, checkedId, checkedKey } from '../context.ts';
import { ConsoleError } from '../errors.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { summaryPage } from '../views/restore.ts';

export function restoreRoutes(ctx: ConsoleContext) {
  const { api, log } = ctx;
  const app = new Hono<ConsoleEnv>();

  app.post(`${CONSOLE_BASE}/snapshots/:snap/restore`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const recordId = checkedId(checked.form.recordId ?? '');
    const method = checked.form.method;
    if (method !== 'record' && method !== 'related') {
      throw new ConsoleError('BAD_REQUEST', 'choose “only this record” or “also related records”');
    }
    const pending = await api.planRestore({ snapshotId: c.req.param('snap'), recordId, method });
    return c.redirect(`${CONSOLE_BASE}/restores/${encodeURIComponent(pending.planId)}`, 303);
  });

  app.get(`${CONSOLE_BASE}/restores/:plan`, async (c) => {
    const plan = await api.plan(checkedKey(c.req.param('plan')));
    // The root's name, while its snapshot is still there to name it.
    const [[root], snapshot] = await Promise.all([
      api.items(plan.request.snapshotId, [plan.request.rootId]).catch(() => []),
      api.snapshot(plan.request.snapshotId).catch(() => undefined),
    ]);
    return c.html(summaryPage(c.var.session.csrf, plan, root?.name ?? '', snapshot));
  });

  app.post(`${CONSOLE_BASE}/restores/:plan/confirm`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const job = await api.confirm(checkedKey(c.req.param('plan')));
    log.info({ jobId: job.jobId, planId: job.planId }, 'restore confirmed from the console');
    return c.redirect(`${CONSOLE_BASE}/jobs/${encodeURIComponent(job.jobId)}`, 303);
  });
  return app;
}
