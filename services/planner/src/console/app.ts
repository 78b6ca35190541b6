// The web console's routes under /console: login, orgs and snapshots, folders and search, a
// record with its children and files, restore (choice → summary → confirm) and the job monitor.
// It calls the planner's own parts in-process (snapshot store, browse functions, job manager), so
// it behaves exactly as the API does; it adds sessions, CSRF checks and HTML.

import { Readable } from 'node:stream';
import type { NatsConnection } from '@nats-io/transport-node';
import { downloadHeaders } from '@restorelab/planner-api';
import type { Logger } from '@restorelab/runtime';
import { sameId, toId18 } from '@restorelab/salesforce';
import {
  backupOrg,
  downloadItem,
  listFolder,
  previewRecord,
  type ShareItem,
  SnapshotError,
  type SnapshotStore,
  searchSnapshot,
} from '@restorelab/snapshots';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { Connection } from 'jsforce';
import { errorBody } from '../api/app.ts';
import { tokenMatches } from '../api/auth.ts';
import { PlannerError } from '../errors.ts';
import { jobEvents } from '../jobs/events.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import { knownOrgs } from '../jobs/orgs.ts';
import type { JobState } from '../jobs/types.ts';
import { CONSOLE_CSS, CONSOLE_JOB_JS } from './assets.ts';
import { readPreview } from './content.ts';
import {
  CONSOLE_BASE,
  type ConsoleEnv,
  checkCsrf,
  endSession,
  formOf,
  requireSession,
  SESSION_COOKIE,
  sameOrigin,
  securityHeaders,
  startSession,
} from './guard.ts';
import { ConsoleSessions } from './session.ts';
import { jobLive, jobPage, jobsPage, orgRecordPage, RESTORED_LIST_CAP, type RestoredItem } from './views/job.ts';
import { errorBlock, type Html, h, page, valueText } from './views/layout.ts';
import { loginPage, safeNext } from './views/login.ts';
import { attachmentPage, filePage, recordPage } from './views/record.ts';
import { summaryPage } from './views/restore.ts';
import { FOLDER_PAGE_SIZE, folderPage, orgsPage, searchPage, snapshotsPage } from './views/snapshots.ts';

export interface ConsoleDeps {
  manager: JobManager;
  store: SnapshotStore;
  conn: Connection;
  nc: NatsConnection;
  /** The planner's API token: the login secret. */
  token: string;
  logger: Logger;
  /** Sessions to use (default: a fresh in-memory store). */
  sessions?: ConsoleSessions;
  /** The origin browsers see when the planner sits behind a proxy (default: the request's own). */
  publicOrigin?: string;
}

// Ids, names and folder paths arrive in URLs: a light check before they reach the store.
const ID_RE = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
const NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
type Kind = 'records' | 'files' | 'attachments';

/**
 * ```ts
 * app.route('/', createConsole({ manager, store, conn, nc, token, logger }));
 * ```
 */
export function createConsole(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const { manager, store, logger } = deps;
  const sessions = deps.sessions ?? new ConsoleSessions();
  const log = logger.child({ component: 'console' });
  const app = new Hono<ConsoleEnv>();

  app.use(`${CONSOLE_BASE}/*`, securityHeaders()); // also matches /console itself

  app.onError((err, c) => {
    const { status, body } = errorBody(err);
    if (status >= 500) log.error({ err, path: c.req.path }, 'console request failed');
    const csrf = c.get('session')?.csrf;
    return c.html(
      page(
        { title: status === 404 ? 'Not found' : 'Something went wrong', ...(csrf ? { csrf } : {}) },
        h`${errorBlock(body.error.message)}<p><a href="${CONSOLE_BASE}">Back to the console</a></p>`,
      ),
      status as 400,
    );
  });

  app.get('/', (c) => c.redirect(CONSOLE_BASE, 302));

  // ---- assets and login (no session needed) ---------------------------------------------

  app.get(`${CONSOLE_BASE}/assets/console.css`, (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.body(CONSOLE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' });
  });
  app.get(`${CONSOLE_BASE}/assets/job-monitor.js`, (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.body(CONSOLE_JOB_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });

  app.get(`${CONSOLE_BASE}/login`, (c) => c.html(loginPage({ next: safeNext(c.req.query('next')) })));

  app.post(`${CONSOLE_BASE}/login`, async (c) => {
    // Login CSRF: a foreign page must not log a browser into this console either.
    if (!sameOrigin(c, deps.publicOrigin)) return c.html(refusal('the request did not come from this console'), 403);
    const form = await formOf(c);
    const next = safeNext(form.next);
    if (!tokenMatches(deps.token, form.token)) {
      log.warn('console login refused: wrong token');
      return c.html(loginPage({ next, error: 'That is not the planner’s API token.' }), 401);
    }
    sessions.end(getCookie(c, SESSION_COOKIE));
    startSession(c, sessions);
    log.info('console session started');
    return c.redirect(next, 303);
  });

  app.get(`${CONSOLE_BASE}/login/link`, (c) => {
    const code = c.req.query('code') ?? '';
    if (!sessions.redeemLoginCode(deps.token, code)) {
      return c.html(
        loginPage({ next: CONSOLE_BASE, error: 'That login link is used up or expired: enter the token.' }),
        401,
      );
    }
    startSession(c, sessions);
    log.info('console session started from a login link');
    return c.redirect(CONSOLE_BASE, 303);
  });

  // ---- everything else needs a session ------------------------------------------------------

  const guard = requireSession(sessions);
  app.use(`${CONSOLE_BASE}/*`, async (c, next) => {
    const p = c.req.path;
    if (p.startsWith(`${CONSOLE_BASE}/assets/`) || p === `${CONSOLE_BASE}/login` || p === `${CONSOLE_BASE}/login/link`)
      return next();
    return guard(c, next);
  });

  /** A session POST's CSRF check; the refusal page when it fails. */
  const csrfOr403 = async (c: Context<ConsoleEnv>) => {
    const verdict = await checkCsrf(c, deps.publicOrigin);
    if (!verdict.ok) {
      log.warn({ path: c.req.path, reason: verdict.reason }, 'console POST refused');
      return { response: c.html(refusal(verdict.reason, c.var.session.csrf), 403) };
    }
    return { form: verdict.form };
  };

  app.post(`${CONSOLE_BASE}/logout`, async (c) => {
    const checked = await csrfOr403(c);
    if (checked.response) return checked.response;
    endSession(c, sessions);
    return c.redirect(`${CONSOLE_BASE}/login`, 303);
  });

  // ---- orgs and snapshots -----------------------------------------------------------------

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
    const checked = await csrfOr403(c);
    if (checked.response) return checked.response;
    const report = await backupOrg(deps.conn, store);
    log.info({ snapshotId: report.snapshot.id, apiCalls: report.apiCalls }, 'backup taken from the console');
    return c.redirect(`${CONSOLE_BASE}/snapshots/${encodeURIComponent(report.snapshot.id)}/browse`, 303);
  });

  // ---- browse and search ------------------------------------------------------------------

  const browse = (c: Context<ConsoleEnv>, path: string) => {
    const snapshot = store.getSnapshot(c.req.param('snap') ?? '');
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const listing = listFolder(store, snapshot.id, path, { offset, limit: FOLDER_PAGE_SIZE });
    return c.html(folderPage(c.var.session.csrf, snapshot, listing, offset));
  };
  app.get(`${CONSOLE_BASE}/snapshots/:snap`, (c) =>
    c.redirect(`${CONSOLE_BASE}/snapshots/${encodeURIComponent(c.req.param('snap'))}/browse`, 302),
  );
  app.get(`${CONSOLE_BASE}/snapshots/:snap/browse`, (c) => browse(c, ''));
  app.get(`${CONSOLE_BASE}/snapshots/:snap/browse/:path{.+}`, (c) => browse(c, decodePath(c.req.param('path'))));

  app.get(`${CONSOLE_BASE}/snapshots/:snap/search`, (c) => {
    const snapshot = store.getSnapshot(c.req.param('snap'));
    const q = (c.req.query('q') ?? '').trim().slice(0, 500);
    if (q === '') return c.redirect(`${CONSOLE_BASE}/snapshots/${encodeURIComponent(snapshot.id)}/browse`, 303);
    return c.html(searchPage(c.var.session.csrf, snapshot, q, searchSnapshot(store, snapshot.id, q, { limit: 100 })));
  });

  // ---- items ------------------------------------------------------------------------------

  app.get(`${CONSOLE_BASE}/snapshots/:snap/records/:id`, async (c) => {
    const snapshot = store.getSnapshot(c.req.param('snap'));
    const id = checkedId(c.req.param('id'));
    const preview = previewRecord(store, snapshot.id, id);
    const refs = preview.fields
      .filter((f) => f.type === 'reference' && typeof f.value === 'string' && ID_RE.test(f.value))
      .map((f) => f.value as string);
    const linkable = new Set(store.records(snapshot.id, refs).map((r) => r.id));
    for (const ref of refs) if (linkable.has(toId18(ref) ?? '')) linkable.add(ref);
    const filePreviews = new Map();
    for (const f of preview.files) {
      const p = await readPreview(store, { snapshotId: snapshot.id, kind: 'file', id: f.contentDocumentId });
      if (p) filePreviews.set(f.contentDocumentId, p);
    }
    const attachmentPreviews = new Map();
    for (const a of preview.attachments) {
      const p = await readPreview(store, { snapshotId: snapshot.id, kind: 'attachment', id: a.id });
      if (p) attachmentPreviews.set(a.id, p);
    }
    return c.html(recordPage(c.var.session.csrf, { snapshot, preview, linkable, filePreviews, attachmentPreviews }));
  });

  app.get(`${CONSOLE_BASE}/snapshots/:snap/files/:id`, async (c) => {
    const snapshot = store.getSnapshot(c.req.param('snap'));
    const id = checkedId(c.req.param('id'));
    const file = store.file(snapshot.id, id);
    if (!file) throw new SnapshotError('ITEM_NOT_FOUND', `file ${id} is not in snapshot ${snapshot.id}`, { item: id });
    const linked = new Map(
      store
        .records(
          snapshot.id,
          file.links.map((l) => l.linkedEntityId),
        )
        .map((r) => [r.id, nameOf(r.fields) || r.id]),
    );
    const preview = await readPreview(store, { snapshotId: snapshot.id, kind: 'file', id });
    return c.html(filePage(c.var.session.csrf, snapshot, file, preview, linked));
  });

  app.get(`${CONSOLE_BASE}/snapshots/:snap/attachments/:id`, async (c) => {
    const snapshot = store.getSnapshot(c.req.param('snap'));
    const id = checkedId(c.req.param('id'));
    const attachment = store.attachment(snapshot.id, id);
    if (!attachment)
      throw new SnapshotError('ITEM_NOT_FOUND', `attachment ${id} is not in snapshot ${snapshot.id}`, { item: id });
    const parent = store.record(snapshot.id, attachment.parentId);
    const preview = await readPreview(store, { snapshotId: snapshot.id, kind: 'attachment', id });
    return c.html(
      attachmentPage(c.var.session.csrf, snapshot, attachment, preview, parent ? nameOf(parent.fields) : undefined),
    );
  });

  // Downloads always save (never render in the console's origin); images also serve inline for
  // previews, and only the raster types a browser cannot run script from.
  for (const kind of ['records', 'files', 'attachments'] as const) {
    app.get(`${CONSOLE_BASE}/snapshots/:snap/${kind}/:id/download`, (c) => sendItem(c, kind, 'attachment'));
    if (kind !== 'records')
      app.get(`${CONSOLE_BASE}/snapshots/:snap/${kind}/:id/inline`, (c) => sendItem(c, kind, 'inline'));
  }

  async function sendItem(c: Context<ConsoleEnv>, kind: Kind, disposition: 'attachment' | 'inline') {
    const item: ShareItem = {
      snapshotId: store.getSnapshot(c.req.param('snap') ?? '').id,
      kind: kind === 'records' ? 'record' : kind === 'files' ? 'file' : 'attachment',
      id: checkedId(c.req.param('id') ?? ''),
    };
    const download = downloadItem(store, item);
    if (disposition === 'inline' && !INLINE_IMAGE_TYPES.has(download.contentType.toLowerCase())) {
      throw new PlannerError('BAD_REQUEST', 'only images are shown inline; download the item instead');
    }
    const stream = await download.open();
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: downloadHeaders({
        fileName: download.fileName,
        contentType: disposition === 'inline' ? download.contentType : 'application/octet-stream',
        size: download.size,
        disposition,
      }),
    });
  }

  // ---- restore: choice → summary → confirm ------------------------------------------------

  app.post(`${CONSOLE_BASE}/snapshots/:snap/restore`, async (c) => {
    const checked = await csrfOr403(c);
    if (checked.response) return checked.response;
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
    const checked = await csrfOr403(c);
    if (checked.response) return checked.response;
    const job = await manager.confirm(checkedKey(c.req.param('plan')));
    log.info({ jobId: job.jobId, planId: job.planId }, 'restore confirmed from the console');
    return c.redirect(`${CONSOLE_BASE}/jobs/${encodeURIComponent(job.jobId)}`, 303);
  });

  // ---- jobs -------------------------------------------------------------------------------

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
      for await (const event of jobEvents(deps.nc, jobId, abort.signal)) {
        await stream.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(n++) });
      }
    });
  });

  app.post(`${CONSOLE_BASE}/jobs/:job/cancel`, async (c) => {
    const checked = await csrfOr403(c);
    if (checked.response) return checked.response;
    const job = await manager.cancel(checkedKey(c.req.param('job')));
    return c.redirect(`${CONSOLE_BASE}/jobs/${encodeURIComponent(job.jobId)}`, 303);
  });

  // Where the monitor's new ids lead: the record as the org holds it now.
  app.get(`${CONSOLE_BASE}/org/records/:type/:id`, async (c) => {
    const type = c.req.param('type');
    const id = checkedId(c.req.param('id'));
    if (!NAME_RE.test(type)) throw new PlannerError('NOT_FOUND', `no object ${type}`);
    let record: Record<string, unknown>;
    try {
      record = (await deps.conn.sobject(type).retrieve(id)) as unknown as Record<string, unknown>;
    } catch (err) {
      throw new PlannerError('NOT_FOUND', `the org has no ${type} ${id} (${(err as Error).message})`, { cause: err });
    }
    const fields = Object.entries(record)
      .filter(([k]) => k !== 'attributes')
      .map(([k, v]) => [k, valueText(v)] as [string, string | undefined]);
    return c.html(orgRecordPage(c.var.session.csrf, type, id, fields));
  });

  app.all(`${CONSOLE_BASE}/*`, (c) => {
    throw new PlannerError('NOT_FOUND', `no console page ${c.req.path}`);
  });

  /** Restored items for the monitor: new ids with the backed-up item's type and name. */
  function restoredItems(job: JobState): RestoredItem[] {
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
  }

  return app;
}

const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

function checkedId(id: string): string {
  if (!ID_RE.test(id)) throw new PlannerError('NOT_FOUND', `"${id}" is not a Salesforce id`);
  return id;
}

/** Plan and job ids (`plan-…`, `job-…`). */
function checkedKey(key: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(key)) throw new PlannerError('NOT_FOUND', `no item ${key}`);
  return key;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new PlannerError('BAD_REQUEST', 'the folder path is not valid');
  }
}

function nameOf(fields: Record<string, unknown>): string {
  for (const key of ['Name', 'Subject', 'Title', 'CaseNumber', 'LastName']) {
    const v = fields[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return '';
}

function refusal(reason: string, csrf?: string): Html {
  return page(
    { title: 'Request refused', ...(csrf ? { csrf } : {}) },
    h`${errorBlock(`Refused: ${reason}.`)}<p><a href="${CONSOLE_BASE}">Back to the console</a></p>`,
  );
}
