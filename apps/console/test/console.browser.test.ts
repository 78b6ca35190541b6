// The web console in a real browser (Debian's chromium, headless, driven by playwright-core)
// against the real stack: log in, take a backup, find a lost project by search, restore it with its
// related records, watch the job to the end, then check the org through jsforce. Also: a record
// named like markup stays text, and a confirm POST without the CSRF token is refused.
// Screenshots of each step land in test-artifacts/console/ (git-ignored).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlannerApiClient } from '@restorelab/planner-api';
import { sameId } from '@restorelab/salesforce';
import { type Stack, startStack } from '@restorelab/stack';
import { destroy, idOf, queryAll, queryOne, silent } from '@restorelab/stack/testing';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/console/', import.meta.url));
const XSS_NAME = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;

let stack: Stack;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const pageErrors: string[] = [];
const dialogs: string[] = [];
let step = 0;

async function shot(name: string): Promise<void> {
  step++;
  await page.screenshot({ path: join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is missing at ${CHROMIUM}: install Debian's chromium package`);
  await mkdir(ARTIFACTS, { recursive: true });
  stack = await startStack({ logger: silent });
  userDataDir = await mkdtemp(join(tmpdir(), 'restorelab-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await context?.close();
  await stack?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

describe('web console in chromium', () => {
  it('logs in, backs up, finds a lost project by search, restores it with related records and follows the job', async () => {
    const xss = (await stack.conn.sobject('Account').create({ Name: XSS_NAME })) as { id: string };

    // Log in: the console sends a visitor to the login page first.
    await page.goto(`${stack.plannerUrl}/console`);
    await expect.poll(() => page.url()).toContain('/console/login');
    await shot('login');
    await page.getByLabel('API token').fill(stack.token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Orgs and snapshots' }).waitFor();
    await page.keyboard.press('Tab'); // the first stop is the skip link, and it leads to the main landmark
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    await shot('orgs');

    // Take a backup from the console.
    await page.getByRole('button', { name: /Take a backup of .* now/ }).click();
    await page.waitForURL(/\/console\/snapshots\/[^/]+\/browse$/);
    const snapshotId = decodeURIComponent(page.url().match(/snapshots\/([^/]+)\/browse/)![1]!);
    await page.getByRole('link', { name: 'Objects', exact: true }).waitFor();
    await shot('snapshot');

    // The project is lost (with its milestones and deliverables) after the backup.
    const project = await idOf(stack, 'Project__c', "Name = 'Acme plant upgrade'");
    const milestones = await queryAll(stack, `SELECT Id FROM Milestone__c WHERE Project__c = '${project}'`);
    await destroy(stack, 'Project__c', [project]);

    // Find it by search.
    await page.getByLabel('Search this snapshot').fill('Acme plant upgrade');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=/);
    await shot('search');
    await page
      .getByRole('row')
      .filter({ hasText: 'Project__c' })
      .getByRole('link', { name: 'Acme plant upgrade' })
      .click();

    // The record: fields, children, its attachment's image preview.
    await page.getByRole('heading', { level: 1, name: 'Acme plant upgrade' }).waitFor();
    await page.getByRole('heading', { name: /^Children \(\d+\)$/ }).waitFor();
    expect(
      await page
        .getByRole('row')
        .filter({ has: page.getByRole('cell', { name: 'Milestone__c', exact: true }) })
        .count(),
    ).toBe(milestones.length);
    const image = page.getByRole('img', { name: 'Preview of site.png' });
    await expect
      .poll(() =>
        image.evaluate((img) => {
          const loaded = img as unknown as { complete: boolean; naturalWidth: number };
          return loaded.complete && loaded.naturalWidth > 0;
        }),
      )
      .toBe(true);
    await shot('record');

    // Restore with related records → the summary.
    await page.getByLabel('Also related records').check();
    await page.getByRole('button', { name: 'Show the restore summary' }).click();
    await page.getByRole('heading', { level: 1, name: 'Restore summary' }).waitFor();
    const createCount = async (object: string) =>
      (
        await page
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader', { name: object, exact: true }) })
          .getByRole('cell')
          .first()
          .textContent()
      )?.trim();
    expect(await createCount('Project__c')).toBe('1');
    expect(await createCount('Milestone__c')).toBe('2');
    expect(await createCount('Deliverable__c')).toBe('3');
    // One count model (issue 19): in every row the Total is the sum of the five actions, and the
    // All items row the sum of the four kinds.
    const countRows = await page.locator('#summary-counts tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        row: r.getAttribute('data-row'),
        kind: r.className,
        cells: [...r.querySelectorAll('td')].map((td) => Number(td.textContent)),
      })),
    );
    for (const r of countRows) expect(r.cells[5], r.row ?? '').toBe(r.cells.slice(0, 5).reduce((a, b) => a + b, 0));
    const kindRows = countRows.filter((r) => r.kind === 'kind');
    expect(kindRows.map((r) => r.row)).toEqual(['Records', 'Files', 'Attachments', 'Metafiles']);
    expect(countRows.find((r) => r.kind === 'all')!.cells).toEqual(
      kindRows.reduce((sum, r) => sum.map((n, i) => n + r.cells[i]!), [0, 0, 0, 0, 0, 0]),
    );
    await expect.poll(() => page.getByText('Metafiles are the sharing links').count()).toBe(1);
    // What will change (R04): the re-created project loses its record type (R11), said before confirming.
    const dropped = page.locator('#changes-table tr[data-change="dropped"]').filter({ hasText: 'RecordTypeId' });
    expect(await dropped.first().textContent()).toContain('R11');
    await shot('summary');

    // A confirm POST without the CSRF token (same origin, with the session cookie) is refused.
    const confirmAction = await page.locator('form[action$="/confirm"]').getAttribute('action');
    const refused = await page.evaluate(async (action) => {
      const res = await fetch(action, { method: 'POST', body: new URLSearchParams({ keep: 'no token' }) });
      return { status: res.status, text: await res.text() };
    }, confirmAction!);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('security token');
    expect(await new PlannerApiClient({ url: stack.plannerUrl, token: stack.token }).jobs()).toHaveLength(0);

    // Confirm → the job monitor follows the job to the end.
    await page.getByRole('button', { name: 'Confirm and restore' }).click();
    await page.waitForURL(/\/console\/jobs\/job-/);
    await shot('job-started');
    await page.locator('#job-live[data-final="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Job succeeded/);
    expect(await page.locator('[data-count="failed"]').textContent()).toBe('0');
    const count = async (k: string) => Number(await page.locator(`[data-count="${k}"]`).textContent());
    expect(await count('done')).toBe((await count('written')) + (await count('skipped')) + (await count('failed')));
    await shot('job-finished');

    // The restored items link to their new ids; check each in the org through jsforce.
    const links = await page.locator('#restored-table tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const a = row.querySelector('[data-new-id]')!;
        return {
          type: row.querySelector('td')!.textContent!.trim(),
          oldId: a.getAttribute('data-old-id')!,
          newId: a.getAttribute('data-new-id')!,
        };
      }),
    );
    // R06: the project, its 2 milestones, 3 deliverables and the project's attachment are all re-created.
    expect(links.map((l) => l.type).sort()).toEqual([
      'Attachment',
      'Deliverable__c',
      'Deliverable__c',
      'Deliverable__c',
      'Milestone__c',
      'Milestone__c',
      'Project__c',
    ]);
    const newProject = links.find((l) => sameId(l.oldId, project))!.newId;
    expect(sameId(newProject, project)).toBe(false);
    expect((await queryOne(stack, `SELECT Name FROM Project__c WHERE Id = '${newProject}'`))?.Name).toBe(
      'Acme plant upgrade',
    );
    for (const m of milestones) {
      const restored = links.find((l) => sameId(l.oldId, m.Id))!;
      const row = await queryOne(stack, `SELECT Project__c FROM Milestone__c WHERE Id = '${restored.newId}'`);
      expect(sameId(row?.Project__c, newProject)).toBe(true);
    }
    const deliverables = await queryAll(
      stack,
      `SELECT Id FROM Deliverable__c WHERE Milestone__c IN (${milestones.map((m) => `'${links.find((l) => sameId(l.oldId, m.Id))!.newId}'`).join(',')})`,
    );
    expect(deliverables).toHaveLength(3);
    const attachment = links.find((l) => l.type === 'Attachment')!;
    const restoredAttachment = await queryOne(
      stack,
      `SELECT Name, ParentId FROM Attachment WHERE Id = '${attachment.newId}'`,
    );
    expect(restoredAttachment?.Name).toBe('site.png');
    expect(sameId(restoredAttachment?.ParentId, newProject)).toBe(true);
    await page.locator(`a[data-new-id="${newProject}"]`).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Project__c ${newProject}`) }).waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Acme plant upgrade');
    await shot('restored-in-org');

    // A record named like markup renders as text, and runs nothing.
    await page.goto(`${stack.plannerUrl}/console/snapshots/${encodeURIComponent(snapshotId)}/records/${xss.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(XSS_NAME);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await shot('markup-name-as-text');

    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
