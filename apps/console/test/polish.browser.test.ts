// The console reads as a person expects (issue #19, point 7), in headless chromium against the real
// stack: names rather than ids (a record's account and owner, a job's root record), share types in
// words, one status line, breadcrumbs through org and snapshot, a favicon, a progress bar that turns
// red when the job fails, a retries card that says what it counts, and a resume button for a job the
// org's daily API allocation stopped. Screenshots land in test-artifacts/console-polish/.
import { PlannerApiClient } from '@restorelab/planner-api';
import { type Stack, startStack } from '@restorelab/stack';
import { destroy, idOf, silent } from '@restorelab/stack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, logIn, openBrowser } from './browser.ts';

let stack: Stack;
let browser: BrowserSession;
let api: PlannerApiClient;
let snapshotId: string;

beforeAll(async () => {
  stack = await startStack({ logger: silent });
  api = new PlannerApiClient({ url: stack.plannerUrl, token: stack.token });
  snapshotId = (await api.backup()).snapshot.id;
  browser = await openBrowser('console-polish');
  await logIn(browser.page, stack.plannerUrl, stack.token);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

const consoleUrl = (path: string) => `${stack.plannerUrl}/console${path}`;
const crumbs = () =>
  browser.page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('listitem').allTextContents();

describe('console polish in chromium', () => {
  it('has a favicon on every page', async () => {
    const { page } = browser;
    await page.goto(consoleUrl(''));
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBeTruthy();
    const res = await page.request.get(new URL(href!, page.url()).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^image\//);
  });

  it("names a record's account and owner instead of showing their ids", async () => {
    const { page } = browser;
    const contract = await idOf(stack, 'Contract', "Status = 'Draft'");
    const owner = (await stack.conn.query<{ OwnerId: string }>(`SELECT OwnerId FROM Contract WHERE Id = '${contract}'`))
      .records[0]!.OwnerId;
    const user = (await stack.conn.query<{ Name: string }>(`SELECT Name FROM User WHERE Id = '${owner}'`)).records[0]!;
    await page.goto(consoleUrl(`/snapshots/${encodeURIComponent(snapshotId)}/records/${contract}`));
    const fieldValue = (label: string) =>
      page
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
        .getByRole('cell')
        .last();
    await expect.poll(() => fieldValue('Account ID').textContent()).toContain('Acme Corporation');
    expect(await fieldValue('Account ID').textContent()).not.toMatch(/001[A-Za-z0-9]{12}/);
    expect(await fieldValue('Owner ID').textContent()).toContain(user.Name);
    expect(await fieldValue('Owner ID').getByRole('link').getAttribute('title')).toBe(owner);
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    expect(heading).not.toBe(contract);
    await browser.shot('contract-names');
  });

  it('says share types in words', async () => {
    const { page } = browser;
    const files = await api.folder(snapshotId, 'Files');
    let collaborator: string | undefined;
    for (const entry of files.entries) {
      if (entry.kind === 'folder') continue;
      const file = await api.file(snapshotId, entry.id);
      if (file.links.some((l) => l.shareType === 'C')) collaborator = file.contentDocumentId;
    }
    expect(collaborator).toBeDefined();
    await page.goto(consoleUrl(`/snapshots/${encodeURIComponent(snapshotId)}/files/${collaborator}`));
    const shared = await page.getByRole('list', { name: /Shared with/ }).textContent();
    expect(shared).toContain('Collaborator');
    expect(shared).toContain('Viewer');
    expect(shared).not.toMatch(/share type [VCI]\b/);
    expect(shared).toContain('Kenji Sato');
    await browser.shot('file-share-types');
  });

  it("counts the writers' retries on a flaky org in the Retries card", async () => {
    const { page } = browser;
    const account = await idOf(stack, 'Account', "Name = 'Globex'");
    await destroy(stack, 'Account', [account]);
    const plan = await api.planRestore({ recordId: account, method: 'related', snapshotId });
    const mock = stack.mock!;
    // Half the record writes answered UNABLE_TO_LOCK_ROW: the writers try them again.
    mock.admin.setFaults({
      seed: 7,
      rules: [{ path: '*/composite/sobjects', errorRate: 0.5, error: 'UNABLE_TO_LOCK_ROW' }],
    });
    let job = await api.job((await api.confirm(plan.planId)).jobId, { wait: 30 });
    for (let i = 0; i < 30 && job.status === 'running'; i++) job = await api.job(job.jobId, { wait: 5 });
    mock.admin.clearFaults();
    expect(job.status, job.reason).toBe('succeeded');
    expect(job.writerRetries ?? 0).toBeGreaterThan(0);

    await page.goto(consoleUrl(`/jobs/${job.jobId}`));
    const card = page.locator('[data-count="retries"]');
    expect(Number(await card.textContent())).toBe((job.writerRetries ?? 0) + job.retries);
    expect(await page.locator('.count-note').textContent()).toContain(`${job.writerRetries} call`);
    expect(await page.locator('#job-progress').getAttribute('data-outcome')).toBe('succeeded');
    await browser.shot('job-with-retries');
  });

  it('shows a job stopped by the API limit in red, with one status line, names, crumbs and a resume button that completes it', async () => {
    const { page } = browser;
    const project = await idOf(stack, 'Project__c', "Name = 'Acme plant upgrade'");
    await destroy(stack, 'Project__c', [project]);
    const plan = await api.planRestore({ recordId: project, method: 'related', snapshotId });
    // The summary's trail goes through the org and the snapshot to the record.
    await page.goto(consoleUrl(`/restores/${plan.planId}`));
    expect(await crumbs()).toEqual([
      'Orgs',
      plan.orgId,
      expect.stringMatching(/^Snapshot \d{4}-/),
      'Acme plant upgrade',
      'Restore summary',
    ]);
    await browser.shot('summary-crumbs');
    const mock = stack.mock!;
    // Room for the job's first write call, not for the rest (with Composite Graph, the default, the
    // records go in one call; the files need more).
    mock.admin.setDailyApiLimit(mock.admin.apiCalls().apiCalls + 1);
    const started = await api.confirm(plan.planId);
    let job = await api.job(started.jobId, { wait: 30 });
    for (let i = 0; i < 30 && job.status === 'running'; i++) job = await api.job(started.jobId, { wait: 5 });
    mock.admin.setDailyApiLimit(1_000_000);
    expect(job.status).toBe('failed');
    expect(job.failures.some((f) => f.code === 'REQUEST_LIMIT_EXCEEDED')).toBe(true);

    await page.goto(consoleUrl(`/jobs/${job.jobId}`));
    await page.locator('#job-live[data-final="true"]').waitFor();
    // The root record by name, the breadcrumbs through org and snapshot.
    expect(await page.getByRole('main').textContent()).toContain('Acme plant upgrade');
    const trail = await crumbs();
    expect(trail[0]).toBe('Orgs');
    expect(trail).toContain(job.orgId);
    expect(trail.some((c) => c.startsWith('Snapshot '))).toBe(true);
    expect(trail.at(-1)).toBe(job.jobId);
    // The status and its reason are said once.
    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main.split('failed').length - 1, main).toBeLessThanOrEqual(3);
    expect(main.split(job.reason!).length - 1).toBe(1);
    // Failed items by name, linked to their pages (not `record:a00…` keys). The records went in the
    // one call allowed; the file did not.
    const failed = page.locator('#failures + table tbody th');
    expect(await failed.allTextContents()).toEqual(expect.arrayContaining(['site.png']));
    expect(main).not.toMatch(/record:[a-zA-Z0-9]{15}/);
    const href = await failed.first().getByRole('link').getAttribute('href');
    expect((await page.request.get(new URL(href!, page.url()).toString())).status()).toBe(200);
    // The progress bar is red.
    const progress = page.locator('#job-progress');
    expect(await progress.getAttribute('data-outcome')).toBe('failed');
    expect(await progress.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).accentColor)).toBe(
      'rgb(164, 14, 38)',
    );
    // The retries card says what it counts.
    expect(await page.locator('[data-count="retries"]').textContent()).toBe(
      String((job.writerRetries ?? 0) + job.retries),
    );
    await browser.shot('job-stopped-by-api-limit');

    // Resume: the job runs again and completes.
    await page.getByRole('button', { name: 'Resume the job' }).click();
    await page.waitForURL(new RegExp(`/console/jobs/${job.jobId}$`));
    await page.locator('#job-live[data-final="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Job succeeded/);
    expect(await progress.getAttribute('data-outcome')).toBe('succeeded');
    expect(await page.getByRole('main').textContent()).toContain('resumed once');
    expect(await page.getByRole('button', { name: 'Resume the job' }).count()).toBe(0);
    await browser.shot('job-resumed');

    // The jobs list names the root record too.
    await page.goto(consoleUrl('/jobs'));
    expect(await page.getByRole('row').filter({ hasText: job.jobId }).textContent()).toContain('Acme plant upgrade');
    await browser.shot('jobs-list');
    expect(browser.pageErrors).toEqual([]);
  });
});
