// The second baseline, when RESTORE_BENCH_SF points to a Salesforce CLI binary: `sf data import tree`
// of the same tree, logged in to the mock with an access token. Never run in CI (the CLI is not a
// dependency: `npm i --prefix /tmp/sfcli @salesforce/cli`).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TreeShape } from './loader.ts';
import { runToEnd } from './processes.ts';

/** Writes the tree in the CLI's plan format: one file per object, children resolving their parents' refs. */
async function writePlan(dir: string, shape: TreeShape, reviewers: readonly string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const project = [{ attributes: { type: 'Project__c', referenceId: 'P0' }, Name: 'Bench project', Code__c: 'SF-1' }];
  const milestones = Array.from({ length: shape.milestones }, (_, i) => ({
    attributes: { type: 'Milestone__c', referenceId: `M${i}` },
    Name: `Milestone ${i}`,
    Project__c: '@P0',
    Sequence__c: i,
  }));
  const deliverables = Array.from({ length: shape.deliverables }, (_, i) => ({
    attributes: { type: 'Deliverable__c', referenceId: `D${i}` },
    Title__c: `Deliverable ${i}`,
    Milestone__c: `@M${i % shape.milestones}`,
    Reviewer__c: reviewers[i % reviewers.length],
  }));
  const files: Array<[string, unknown[]]> = [
    ['Project__c', project],
    ['Milestone__c', milestones],
    ['Deliverable__c', deliverables],
  ];
  for (const [type, records] of files) await writeFile(join(dir, `${type}.json`), JSON.stringify({ records }));
  const plan = files.map(([type], i) => ({
    sobject: type,
    saveRefs: i < 2,
    resolveRefs: i > 0,
    files: [`${type}.json`],
  }));
  const planFile = join(dir, 'plan.json');
  await writeFile(planFile, JSON.stringify(plan));
  return planFile;
}

export interface SfImportRun {
  ms: number;
  ok: boolean;
  detail: string;
}

/** Logs the CLI in (not timed), then times `sf data import tree` of the tree. */
export async function sfImportTree(options: {
  sf: string;
  instanceUrl: string;
  accessToken: string;
  shape: TreeShape;
  reviewers: readonly string[];
  workDir: string;
  logDir: string;
  timeoutMs: number;
}): Promise<SfImportRun> {
  const env = {
    HOME: join(options.workDir, 'home'),
    SF_ACCESS_TOKEN: options.accessToken,
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
  };
  await mkdir(env.HOME, { recursive: true });
  const base = { command: options.sf, env, logDir: options.logDir, timeoutMs: options.timeoutMs };
  const login = await runToEnd({
    ...base,
    name: 'sf-login',
    args: ['org', 'login', 'access-token', '--instance-url', options.instanceUrl, '--alias', 'bench', '--no-prompt'],
  });
  if (login.code !== 0) return { ms: 0, ok: false, detail: `sf login exited ${login.code}` };
  const plan = await writePlan(join(options.workDir, 'tree'), options.shape, options.reviewers);
  const run = await runToEnd({
    ...base,
    name: 'sf-import',
    args: ['data', 'import', 'tree', '--plan', plan, '--target-org', 'bench', '--json'],
  });
  return { ms: run.ms, ok: run.code === 0, detail: run.code === 0 ? 'ok' : `exited ${run.code}` };
}
