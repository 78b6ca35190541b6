// Restore: the choice (only this record, or with related records) → the summary → confirm.
import { Hono } from 'hono';
import { PlannerError } from '../../errors.ts';
import { type ConsoleContext, checkedForm, checkedId, checkedKey, nameOf } from '../context.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { summaryPage } from '../views/restore.ts';

export function restoreRoutes(ctx: ConsoleContext) {
  const { manager, store, log } = ctx;
  const app = new Hono<ConsoleEnv>();

  app.post(`${CONSOLE_BASE}/snapshots/:snap/restore`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const snapshot = store.getSnapshot(c.req.param('snap'));
    const recordId = checkedId(checked.form.recordId ?? '');
    const method = checked.form.method;
    if (method !== 'record' && method !== 'related') {
      throw new PlannerError('BAD_REQUEST', 'choose “only this record” or “also related records”');
    }
    const pending = await manager.createRestoreSummary({ snapshotId: snapshot.id, recordId, method });
    return c.redirect(`${CONSOLE_BASE}/restores/${encodeURIComponent(pending.planId)}`, 303);
  });

  app.get(`${CONSOLE_BASE}/restores/:plan`, async (c) => {
    const plan = await manager.plan(checkedKey(c.req.param('plan')));
    const root =
      store.findSnapshot(plan.request.snapshotId) !== undefined
        ? store.record(plan.request.snapshotId, plan.request.rootId)
        : undefined;
    const rootName = root
      ? nameOf(root.fields)
      : (store.attachment(plan.request.snapshotId, plan.request.rootId)?.name ?? '');
    return c.html(summaryPage(c.var.session.csrf, plan, rootName));
  });

  app.post(`${CONSOLE_BASE}/restores/:plan/confirm`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const job = await manager.confirm(checkedKey(c.req.param('plan')));
    log.info({ jobId: job.jobId, planId: job.planId }, 'restore confirmed from the console');
    return c.redirect(`${CONSOLE_BASE}/jobs/${encodeURIComponent(job.jobId)}`, 303);
  });
  return app;
}
