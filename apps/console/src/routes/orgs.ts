// Orgs and their snapshots (going back in time), a backup of the connected org, and a record as the
// org holds it now (where the job monitor's new ids lead).
import { sameId } from '@restorelab/salesforce';
import { Hono } from 'hono';
import { type ConsoleContext, checkedForm, checkedId, ID_RE, NAME_RE } from '../context.ts';
import { ConsoleError } from '../errors.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { orgRecordPage } from '../views/job.ts';
import { valueText } from '../views/layout.ts';
import { orgsPage, snapshotsPage } from '../views/snapshots.ts';

export function orgRoutes(ctx: ConsoleContext) {
  const { api, log } = ctx;
  const app = new Hono<ConsoleEnv>();

  app.get(CONSOLE_BASE, async (c) => {
    const orgs = await api.orgs();
    return c.html(orgsPage(c.var.session.csrf, orgs, orgs.find((o) => o.connected)?.orgId));
  });

  app.get(`${CONSOLE_BASE}/orgs/:org`, async (c) => {
    const org = c.req.param('org');
    if (!ID_RE.test(org)) throw new ConsoleError('NOT_FOUND', `no org ${org}`);
    const known = (await api.orgs()).find((o) => sameId(o.orgId, org));
    const orgId = known?.orgId ?? org;
    const snapshots = known ? await api.snapshots(orgId) : [];
    return c.html(snapshotsPage(c.var.session.csrf, orgId, snapshots, known?.connected ?? false));
  });

  app.post(`${CONSOLE_BASE}/backup`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const report = await api.backup();
    log.info({ snapshotId: report.snapshot.id, apiCalls: report.apiCalls }, 'backup taken from the console');
    return c.redirect(`${CONSOLE_BASE}/snapshots/${encodeURIComponent(report.snapshot.id)}/browse`, 303);
  });

  app.get(`${CONSOLE_BASE}/org/records/:type/:id`, async (c) => {
    const type = c.req.param('type');
    const id = checkedId(c.req.param('id'));
    if (!NAME_RE.test(type)) throw new ConsoleError('NOT_FOUND', `no object ${type}`);
    const connected = (await api.orgs()).find((o) => o.connected);
    if (!connected) throw new ConsoleError('NOT_FOUND', 'the planner is connected to no org');
    const record = await api.orgRecord(connected.orgId, type, id);
    const fields = Object.entries(record.fields).map(([k, v]) => [k, valueText(v)] as [string, string | undefined]);
    return c.html(orgRecordPage(c.var.session.csrf, type, id, fields));
  });
  return app;
}
