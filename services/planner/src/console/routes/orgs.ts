// Orgs and their snapshots (going back in time), a backup of the connected org, and a record as the
// org holds it now (where the job monitor's new ids lead).
import { sameId } from '@restorelab/salesforce';
import { backupOrg } from '@restorelab/snapshots';
import { Hono } from 'hono';
import { PlannerError } from '../../errors.ts';
import { knownOrgs } from '../../jobs/orgs.ts';
import { type ConsoleContext, checkedForm, checkedId, ID_RE, NAME_RE } from '../context.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { orgRecordPage } from '../views/job.ts';
import { valueText } from '../views/layout.ts';
import { orgsPage, snapshotsPage } from '../views/snapshots.ts';

export function orgRoutes(ctx: ConsoleContext) {
  const { manager, store, log } = ctx;
  const app = new Hono<ConsoleEnv>();

  app.get(CONSOLE_BASE, (c) => {
    const orgs = knownOrgs(store, manager.orgId);
    return c.html(orgsPage(c.var.session.csrf, orgs, manager.orgId));
  });

  app.get(`${CONSOLE_BASE}/orgs/:org`, (c) => {
    const org = c.req.param('org');
    if (!ID_RE.test(org)) throw new PlannerError('NOT_FOUND', `no org ${org}`);
    const orgId = store.listOrgs().find((o) => sameId(o, org)) ?? org;
    const connected = manager.orgId !== undefined && sameId(manager.orgId, orgId);
    return c.html(snapshotsPage(c.var.session.csrf, orgId, store.listSnapshots(orgId), connected));
  });

  app.post(`${CONSOLE_BASE}/backup`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const report = await backupOrg(ctx.conn, store);
    log.info({ snapshotId: report.snapshot.id, apiCalls: report.apiCalls }, 'backup taken from the console');
    return c.redirect(`${CONSOLE_BASE}/snapshots/${encodeURIComponent(report.snapshot.id)}/browse`, 303);
  });

  app.get(`${CONSOLE_BASE}/org/records/:type/:id`, async (c) => {
    const type = c.req.param('type');
    const id = checkedId(c.req.param('id'));
    if (!NAME_RE.test(type)) throw new PlannerError('NOT_FOUND', `no object ${type}`);
    let record: Record<string, unknown>;
    try {
      record = await ctx.conn.sobject(type).retrieve(id);
    } catch (err) {
      throw new PlannerError('NOT_FOUND', `the org has no ${type} ${id} (${(err as Error).message})`, { cause: err });
    }
    const fields = Object.entries(record)
      .filter(([k]) => k !== 'attributes')
      .map(([k, v]) => [k, valueText(v)] as [string, string | undefined]);
    return c.html(orgRecordPage(c.var.session.csrf, type, id, fields));
  });
  return app;
}
