// What the console's browser tests share: Debian's chromium (headless, never a downloaded build)
// driven by playwright-core, a logged-in page, and numbered screenshots under test-artifacts/.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserSession {
  page: Page;
  /** Saves a full-page screenshot as test-artifacts/<folder>/<NN>-<name>.png. */
  shot(name: string): Promise<void>;
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openBrowser(folder: string): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is missing at ${CHROMIUM}: install Debian's chromium package`);
  const artifacts = fileURLToPath(new URL(`../../../test-artifacts/${folder}/`, import.meta.url));
  await rm(artifacts, { recursive: true, force: true }); // no screenshots left from an earlier run
  await mkdir(artifacts, { recursive: true });
  const userDataDir = await mkdtemp(join(tmpdir(), 'restorelab-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  let step = 0;
  return {
    page,
    pageErrors,
    async shot(name) {
      step++;
      await page.screenshot({ path: join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Logs the page in to the console at `baseUrl` with the planner's API token. */
export async function logIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/console/login`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Orgs and snapshots' }).waitFor();
}
