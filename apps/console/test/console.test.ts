// The web console over real HTTP against the real stack (nats-server, the mock demo org, the
// writers, the planner): sessions, the CSRF and Origin checks, escaping of backed-up values,
// downloads that never render in the console's origin, and the restore flow's pages.
import { PlannerApiClient } from '@restorelab/planner-api';
import { type Stack, startStack } from '@restorelab/stack';
import { destroy, idOf, queryOne, silent } from '@restorelab/stack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSessions } from '../src/index.ts';
import { loginLinkCode } from '../src/session.ts';
import { safeNext } from '../src/views/login.ts';

const XSS_NAME = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;

let stack: Stack;
let api: PlannerApiClient;
let base: string;
let snap: string;
let xssId: string;
beforeAll(async () => {
  stack = await startStack({ logger: silent });
  base = stack.plannerUrl;
  const created = await stack.conn.sobject('Account').create({ Name: XSS_NAME });
  xssId = (created as { id: string }).id;
  api = new PlannerApiClient({ url: stack.plannerUrl, token: stack.token });
  snap = (await api.backup()).snapshot.id;
});
afterAll(async () => {
  await stack?.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = 'application/x-www-form-urlencoded';

async function login(): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base, 'content-type': FORM },
    body: form({ token: stack.token, next: '/console' }),
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const home = await get('/console', cookie);
  const csrf = home.text.match(/name="_csrf" value="([^"]+)"/)?.[1];
  expect(csrf).toBeDefined();
  return { cookie, csrf: csrf! };
}

async function get(path: string, cookie?: string) {
  const res = await fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function post(path: string, body: Record<string, string>, headers: Record<string, string>) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': FORM, ...headers },
    body: form(body),
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describe('console sessions', () => {
  it('sends a visitor without a session to the login page and refuses session POSTs', async () => {
    const page = await get(`/console/snapshots/${snap}/browse`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(
      `/console/login?next=${encodeURIComponent(`/console/snapshots/${snap}/browse`)}`,
    );
    const restore = await post(
      `/console/snapshots/${snap}/restore`,
      { recordId: xssId, method: 'record' },
      { origin: base },
    );
    expect(restore.status).toBe(401);
    const login = await get('/console/login');
    expect(login.status).toBe(200);
    expect(login.text).toMatch(/<label for="token">API token<\/label>/);
    expect(login.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('logs in with the API token only: HttpOnly SameSite=Strict cookie that is not the token', async () => {
    const wrong = await post('/console/login', { token: 'not-the-token', next: '/console' }, { origin: base });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('not the planner’s API token');
    const foreign = await post('/console/login', { token: stack.token }, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);

    const res = await fetch(`${base}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base, 'content-type': FORM },
      body: form({ token: stack.token, next: '//evil.example/x' }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console'); // no open redirect
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^restorelab_console=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toContain(stack.token);
  });

  it('a one-time login link works once; a forged, reused or dressed-up one does not', async () => {
    const link = stack.consoleLoginLink(); // consoleLoginLink(plannerUrl, token), as `restorelab dev` prints it
    expect(link.startsWith(`${base}/console/login/link?code=`)).toBe(true);
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/);
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(401);
    // One code, one session: the same code with something appended is not a new code.
    for (const suffix of ['.', '..', '.x', '%2E', '~']) {
      const variant = await fetch(`${link}${suffix}`, { redirect: 'manual' });
      expect(variant.status, suffix).toBe(401);
      expect(variant.headers.get('set-cookie'), suffix).toBeNull();
    }
    const forged = await fetch(`${base}/console/login/link?code=${encodeURIComponent(loginLinkCode('other-token'))}`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(401);
  });

  it('sessions end when idle and after log-out; codes expire', () => {
    let now = 1_000_000;
    const sessions = new ConsoleSessions({ ttlMs: 1000, now: () => now });
    const s = sessions.create();
    expect(sessions.get(s.id)?.csrf).toBe(s.csrf);
    now += 999;
    expect(sessions.get(s.id)).toBeDefined(); // idle time starts again
    now += 1000;
    expect(sessions.get(s.id)).toBeUndefined();
    const t = sessions.create();
    sessions.end(t.id);
    expect(sessions.get(t.id)).toBeUndefined();
    const code = loginLinkCode('tok', now);
    now += 15 * 60 * 1000 + 1;
    expect(sessions.redeemLoginCode('tok', code)).toBe(false);
  });

  it('follows only console paths after login', () => {
    expect(safeNext('/console/jobs?x=1')).toBe('/console/jobs?x=1');
    for (const bad of ['//evil.example', 'https://evil.example', '/console/../v1/jobs', '/consolex', '/console\\x']) {
      expect(safeNext(bad), bad).toBe('/console');
    }
  });
});

describe('console pages', () => {
  it('renders a record named like markup as text, in listings, search and the record page', async () => {
    const { cookie } = await login();
    const pages = [
      await get(`/console/snapshots/${snap}/records/${xssId}`, cookie),
      await get(`/console/snapshots/${snap}/search?q=${xssId}`, cookie),
      await get(`/console/snapshots/${snap}/browse/Objects/Account?limit=500`, cookie),
    ];
    for (const p of pages) {
      expect(p.status).toBe(200);
      expect(p.text).not.toContain('<script>window.__xss');
      expect(p.text).not.toContain('<img src=x');
    }
    expect(pages[0]!.text).toContain(
      '&lt;script&gt;window.__xss=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;',
    );
    expect(pages[1]!.text).toContain('&lt;script&gt;');
  });

  it('refuses confirm and restore POSTs without the CSRF token, from another origin, or with no origin at all', async () => {
    const { cookie, csrf } = await login();
    const project = await idOf(stack, 'Project__c', "Name = 'Globex rollout'");
    const planned = await post(
      `/console/snapshots/${snap}/restore`,
      { _csrf: csrf, recordId: project, method: 'record' },
      { cookie, origin: base },
    );
    expect(planned.status).toBe(303);
    const planPath = planned.location!;
    const planId = planPath.split('/').pop()!;
    const jobsBefore = (await api.jobs()).length;
    const attempts = [
      post(`${planPath}/confirm`, {}, { cookie, origin: base }),
      post(`${planPath}/confirm`, { _csrf: 'forged' }, { cookie, origin: base }),
      post(`${planPath}/confirm`, { _csrf: csrf }, { cookie, origin: 'http://evil.example' }),
      post(`${planPath}/confirm`, { _csrf: csrf }, { cookie }),
      post(`${planPath}/confirm`, { _csrf: csrf }, { cookie, referer: 'http://evil.example/page' }),
      post(`/console/snapshots/${snap}/restore`, { recordId: project, method: 'related' }, { cookie, origin: base }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.text).toContain('Refused');
    }
    expect((await api.plan(planId)).jobId).toBeUndefined();
    expect((await api.jobs()).length).toBe(jobsBefore);
    // Another session's token is not this session's.
    const other = await login();
    const crossed = await post(`${planPath}/confirm`, { _csrf: other.csrf }, { cookie, origin: base });
    expect(crossed.status).toBe(403);
  });

  it('walks the folders: Objects with download-only types marked, Files and Attachments', async () => {
    const { cookie } = await login();
    const root = await get(`/console/snapshots/${snap}/browse`, cookie);
    for (const name of ['Objects', 'Files', 'Attachments']) expect(root.text).toContain(`>${name}</a>`);
    const objects = await get(`/console/snapshots/${snap}/browse/Objects`, cookie);
    const userRow = objects.text.match(
      /<tr><th scope="row"><a href="[^"]*\/Objects\/User">User<\/a>[\s\S]*?<\/tr>/,
    )?.[0];
    expect(userRow).toContain('download only');
    const accountRow = objects.text.match(/<a href="[^"]*\/Objects\/Account">Account<\/a>[\s\S]*?<\/tr>/)?.[0];
    expect(accountRow).not.toContain('download only');
    const files = await get(`/console/snapshots/${snap}/browse/Files`, cookie);
    expect(files.text).toContain('acme-upgrade-plan.txt');
    const attachments = await get(`/console/snapshots/${snap}/browse/Attachments`, cookie);
    expect(attachments.text).toContain('site.png');
    const user = await idOf(stack, 'User', "LastName = 'Sato'");
    const userPage = await get(`/console/snapshots/${snap}/records/${user}`, cookie);
    expect(userPage.text).toContain('cannot be restored');
    expect(userPage.text).not.toContain('Show the restore summary');
  });

  it('previews text in the page, serves images inline, and downloads without rendering in the console', async () => {
    const { cookie } = await login();
    const account = await idOf(stack, 'Account', "Name = 'Acme Corporation'").catch(() =>
      idOf(stack, 'Account', "Name LIKE 'Acme%'"),
    );
    const page = await get(`/console/snapshots/${snap}/records/${account}`, cookie);
    expect(page.text).toContain('acme-upgrade-plan.txt');
    expect(page.text).toMatch(/<pre class="preview">Acme upgrade plan\n[A-Z]/);
    const download = page.text.match(/href="([^"]*\/files\/[A-Za-z0-9]+\/download)"/)?.[1];
    expect(download).toBeDefined();
    const res = await fetch(`${base}${download}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''acme-upgrade-plan\.txt$/);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(await res.text()).toContain('Acme upgrade plan');
    const inlineText = await fetch(`${base}${download!.replace(/download$/, 'inline')}`, { headers: { cookie } });
    expect(inlineText.status).toBe(400); // text is never served inline

    const project = await idOf(stack, 'Project__c', "Name = 'Acme plant upgrade'");
    const projectPage = await get(`/console/snapshots/${snap}/records/${project}`, cookie);
    const img = projectPage.text.match(/<img class="preview" src="([^"]+)" alt="Preview of site.png">/)?.[1];
    expect(img).toBeDefined();
    const png = await fetch(`${base}${img}`, { headers: { cookie } });
    expect(png.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await png.arrayBuffer()).slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
  });

  it('restores with related records through the pages: summary, confirm, a finished monitor with new ids', async () => {
    const { cookie, csrf } = await login();
    const project = await idOf(stack, 'Project__c', "Name = 'Acme plant upgrade'");
    await destroy(stack, 'Project__c', [project]);
    const planned = await post(
      `/console/snapshots/${snap}/restore`,
      { _csrf: csrf, recordId: project, method: 'related' },
      { cookie, origin: base },
    );
    expect(planned.status).toBe(303);
    const summary = await get(planned.location!, cookie);
    const row = (name: string) =>
      summary.text
        .match(new RegExp(`<tr class="[a-z]+" data-row="${name}">([\\s\\S]*?)</tr>`))?.[1]
        ?.match(/>(\d+)</g)
        ?.map((m) => Number(m.slice(1, -1)));
    // Create, overwrite, new version, skip, will fail, total.
    expect(row('Project__c')).toEqual([1, 0, 0, 0, 0, 1]);
    expect(row('Milestone__c')).toEqual([2, 0, 0, 0, 0, 2]);
    expect(row('Deliverable__c')).toEqual([3, 0, 0, 0, 0, 3]);
    // One count model: every total is the sum beside it, and all items the sum of the kinds.
    const kinds = ['Records', 'Files', 'Attachments', 'Metafiles'].map((k) => row(k)!);
    for (const r of [...kinds, row('All items')!]) expect(r[5]).toBe(r.slice(0, 5).reduce((a, b) => a + b, 0));
    expect(row('All items')).toEqual(kinds.reduce((sum, r) => sum.map((n, i) => n + r[i]!)));
    expect(summary.text).toContain('Metafiles are the sharing links (ContentDocumentLink) written beside the files');
    const confirmed = await post(`${planned.location}/confirm`, { _csrf: csrf }, { cookie, origin: base });
    expect(confirmed.status).toBe(303);
    const jobId = confirmed.location!.split('/').pop()!;
    const job = await api.job(jobId, { wait: 30 });
    expect(job.status).toBe('succeeded');
    // The monitor's event stream: the job's events replayed from its start, ending at its final status.
    const events = await get(`${confirmed.location}/events`, cookie);
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(events.text).toMatch(/^event: status\ndata: \{[^\n]*"status":"running"/);
    expect(events.text).toMatch(/"status":"succeeded"[^\n]*\nid: \d+\n\n$/);
    expect((await get('/console/jobs/job-unknown/events', cookie)).status).toBe(404);
    const monitor = await get(confirmed.location!, cookie);
    expect(monitor.text).toContain('data-final="true"');
    expect(monitor.text).toMatch(/<dt>Written<\/dt><dd data-count="written">\d+<\/dd>/);
    const done = Number(monitor.text.match(/data-count="done">(\d+)</)?.[1]);
    const parts = ['written', 'skipped', 'failed'].map((k) =>
      Number(monitor.text.match(new RegExp(`data-count="${k}">(\\d+)<`))?.[1]),
    );
    expect(done).toBe(parts.reduce((a, b) => a + b, 0));
    expect(done).toBe(job.counts.all.total);
    expect(monitor.text).toMatch(/<dt>Retries<\/dt><dd data-count="retries"[^>]*>\d+<\/dd>/);
    const newProject = job.idMap[project]!;
    expect(monitor.text).toContain(`data-new-id="${newProject}" data-old-id="${project}"`);
    const orgPage = await get(`/console/org/records/Project__c/${newProject}`, cookie);
    expect(orgPage.status).toBe(200);
    expect(orgPage.text).toContain('Acme plant upgrade');
    expect((await queryOne(stack, `SELECT Name FROM Project__c WHERE Id = '${newProject}'`))?.Name).toBe(
      'Acme plant upgrade',
    );
  });
});
