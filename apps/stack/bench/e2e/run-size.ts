// One size of the end-to-end restore benchmark, in a stack of its own: nats-server, the mock org,
// the planner, record-writer and file-writer, each a separate process over 127.0.0.1. The jsforce
// loader inserts the tree (the baseline, timed), the planner backs it up, the root is deleted (the
// cascade takes the tree), and `restorelab restore <root> --related --yes --json` restores it as a
// user would run it (timed). Optionally `sf data import tree` of the same tree.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlannerApiClient } from '@restorelab/planner-api';
import { startEmbeddedNats } from '@restorelab/runtime';
import { Connection } from 'jsforce';
import { z } from 'zod';
import { loadTree, type TreeShape, treeShape, writeFloor } from './loader.ts';
import { longFetch } from './long-fetch.ts';
import { countLines, processStats, ROOT, runToEnd, type Service, spawnNode, waitForLog } from './processes.ts';
import { sfImportTree } from './sf-import.ts';

const DEMO_ORG_DIR = join(ROOT, 'mock-salesforce/fixtures/demo-org');
const CLI = join(ROOT, 'packages/cli/src/bin.ts');
const REVIEWERS = 20;

export interface SizeOptions {
  records: number;
  timeoutMs: number;
  /** Path of a Salesforce CLI binary for the `sf data import tree` baseline. */
  sf?: string | undefined;
  /** Write CPU profiles into the log folder: of the planner, or of every Node service. */
  cpuProfile: false | 'planner' | 'all';
  log: (line: string) => void;
}

export interface SizeResult {
  records: number;
  logDir: string;
  loaderMs: number;
  loaderCalls: number;
  /** The same loader as its own process, spawn to exit (start-up and login included, like the CLI). */
  loaderProcessMs: number | undefined;
  restoreMs: number;
  restoreCalls: number;
  floor: { collections: number; graph: number; reads: number };
  plannerCpuMs: number;
  peakRssMiB: Record<string, number>;
  jobStatus: string;
  /**
   * The CLI did not end (killed at the size's time limit) or ended without an answer: restoreMs is
   * then the job's own end, read from the planner's API.
   */
  cliProblem: string | undefined;
  /** False when the job was still running at the limit (restoreMs is then the time waited). */
  jobFinished: boolean;
  written: number;
  inOrg: number;
  duplicateResults: number;
  redeliveredLines: number;
  maxPayloadLines: number;
  sfImportMs?: number | undefined;
  sfImportDetail?: string | undefined;
}

/** The part of the CLI's `--json` answer the benchmark reads (validated: the CLI is another program). */
const CliAnswer = z.object({
  job: z.object({
    status: z.string(),
    retries: z.number().optional(),
    counts: z.object({
      records: z.object({ total: z.object({ created: z.number(), overwritten: z.number() }) }),
    }),
  }),
});

/** Runs one size; rejects with a clear message when the size's time runs out. */
export async function runSize(options: SizeOptions): Promise<SizeResult> {
  const logDir = await mkdtemp(join(tmpdir(), `restore-e2e-${options.records}-`));
  const services: Service[] = [];
  let phase = 'starting the stack';
  const stopAll = async () => {
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    services.length = 0;
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `${options.records.toLocaleString('en-US')} records: timed out after ${Math.round(options.timeoutMs / 1000)} s while ${phase} (logs in ${logDir}; raise RESTORE_BENCH_TIMEOUT_S to wait longer)`,
          ),
        ),
      options.timeoutMs,
    );
  });
  try {
    return await Promise.race([
      measure(
        options,
        logDir,
        services,
        Date.now() + options.timeoutMs,
        (p) => {
          phase = p;
          options.log(`  ${options.records.toLocaleString('en-US')}: ${p}`);
        },
        options.timeoutMs,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    await stopAll();
    // The logs (and any CPU profile) stay for reading; the data can be large at 1M records.
    for (const dir of ['jetstream', 'store', 'sf']) await rm(join(logDir, dir), { recursive: true, force: true });
  }
}

/** How long the CLI takes to start and answer `--help`: part of the restore's wall time a user sees. */
export async function cliStartupMs(): Promise<number> {
  const logDir = await mkdtemp(join(tmpdir(), 'restore-e2e-cli-'));
  const run = await runToEnd({
    name: 'cli-help',
    command: process.execPath,
    args: [CLI, '--help'],
    env: {},
    logDir,
    timeoutMs: 30_000,
  });
  await rm(logDir, { recursive: true, force: true });
  return run.ms;
}

async function measure(
  options: SizeOptions,
  logDir: string,
  services: Service[],
  deadline: number,
  phase: (p: string) => void,
  timeoutMs: number,
): Promise<SizeResult> {
  const shape: TreeShape = treeShape(options.records);
  const nats = await startEmbeddedNats({ storeDir: join(logDir, 'jetstream') });
  services.push({
    name: 'nats-server',
    pid: nats.pid,
    logFile: '',
    exited: new Promise(() => undefined),
    stop: () => nats.stop(),
  });

  // Each profiled service writes into a folder of its own (worker threads add files of their own).
  const profile = (name: string) =>
    options.cpuProfile === 'all' || (options.cpuProfile === 'planner' && name === 'planner')
      ? ['--cpu-prof', `--cpu-prof-dir=${join(logDir, `prof-${name}`)}`]
      : [];
  const mock = spawnNode(
    'mock',
    CLI,
    ['mock', '--port', '0', '--metadata', DEMO_ORG_DIR, '--json'],
    {},
    logDir,
    profile('mock'),
  );
  services.push(mock);
  const mockUrl = (await waitForLog(mock, /"url": "(http:\/\/127\.0\.0\.1:\d+)"/, 30_000))[1]!;
  const orgId = (await waitForLog(mock, /"orgId": "(\w+)"/, 1_000))[1]!;
  const apiCalls = async () => {
    const answer = await fetch(`${mockUrl}/__mock/orgs/${orgId}/api-calls`);
    return z.object({ apiCalls: z.number() }).parse(await answer.json()).apiCalls;
  };

  const token = randomBytes(24).toString('base64url');
  const serviceEnv = {
    NATS_URL: nats.url,
    LOG_LEVEL: 'info',
    SF_LOGIN_URL: mockUrl,
    SF_USERNAME: 'admin@restorelab.test',
    SF_PASSWORD: 'restorelab',
    // The services' own tuning, when the bench's caller sets it (to compare settings in one stack).
    ...Object.fromEntries(
      ['RECORD_WRITER_CONCURRENCY', 'RESTORE_WRITE_MODE']
        .filter((k) => process.env[k] !== undefined)
        .map((k) => [k, process.env[k] as string]),
    ),
  };
  const planner = spawnNode(
    'planner',
    join(ROOT, 'services/planner/src/main.ts'),
    [],
    { ...serviceEnv, PLANNER_TOKEN: token, PLANNER_PORT: '0', STORE_DIR: join(logDir, 'store') },
    logDir,
    profile('planner'),
  );
  services.push(planner);
  const plannerUrl = (await waitForLog(planner, /"url":"(http:\/\/[^"]+)".*planner ready/, 60_000))[1]!;
  for (const name of ['record-writer', 'file-writer']) {
    const writer = spawnNode(name, join(ROOT, `services/${name}/src/main.ts`), [], serviceEnv, logDir, profile(name));
    services.push(writer);
    await waitForLog(writer, new RegExp(`${name} ready`), 60_000);
  }

  const conn = new Connection({ loginUrl: mockUrl });
  await conn.login('admin@restorelab.test', 'restorelab');
  const account = await conn.sobject('Account').create({ Name: 'Bench Reviewers Inc' });
  const reviewerRows = Array.from({ length: REVIEWERS }, (_, i) => ({
    LastName: `Reviewer ${i}`,
    AccountId: account.id,
  }));
  const reviewers = (await conn.sobject('Contact').create(reviewerRows)).map((r) => r.id!);

  const before = await countTree(conn);
  phase('jsforce loader inserting the tree (baseline)');
  let calls = await apiCalls();
  const loaded = await loadTree(conn, shape, reviewers);
  const loaderCalls = (await apiCalls()) - calls;
  options.log(`  ${options.records.toLocaleString('en-US')}: loader ${Math.round(loaded.ms)} ms, ${loaderCalls} calls`);

  phase('backing up through the planner');
  const api = new PlannerApiClient({ url: plannerUrl, token, fetch: longFetch });
  await api.backup({
    objects: ['Account', 'Contact', 'Project__c', 'Milestone__c', 'Deliverable__c'],
    files: false,
    attachments: false,
  });
  await conn.sobject('Project__c').destroy(loaded.rootId);

  phase('restorelab restore --related --yes --json');
  const cpuBefore = (await processStats(planner.pid))?.cpuMs ?? 0;
  calls = await apiCalls();
  const cliStarted = Date.now();
  const restore = await runToEnd({
    name: 'restore-cli',
    command: process.execPath,
    args: [CLI, 'restore', loaded.rootId, '--related', '--yes', '--json'],
    env: { PLANNER_URL: plannerUrl, PLANNER_TOKEN: token },
    logDir,
    // Kept short of the size's limit, so a CLI that never ends still leaves time to read the job.
    timeoutMs: Math.max(1_000, deadline - Date.now() - 15_000),
    killedIsAnswer: true,
  });
  const restoreCalls = (await apiCalls()) - calls;
  const plannerCpuMs = ((await processStats(planner.pid))?.cpuMs ?? 0) - cpuBefore;
  let job: z.output<typeof CliAnswer>['job'];
  let restoreMs = restore.ms;
  const answer = restore.timedOut ? undefined : CliAnswer.safeParse(safeJson(restore.stdout));
  // What went wrong with the CLI itself, if anything: it hung (issue 17 saw it at 50k after the job
  // had succeeded), or it ended without an answer (at 1M it lost the job's event stream).
  let cliProblem: string | undefined;
  if (answer?.success) {
    job = answer.data.job;
  } else {
    cliProblem = restore.timedOut
      ? 'did not end'
      : `exited ${restore.code} without an answer (${lastLine(await readFile(join(logDir, 'restore-cli.log'), 'utf8'))})`;
    const jobs = await api.jobs();
    const last = jobs.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1);
    if (!last) throw new Error(`the restore CLI ${cliProblem} and made no job (logs in ${logDir})`);
    job = last;
    if (last.finishedAt) {
      restoreMs = Date.parse(last.finishedAt) - cliStarted;
      phase(`CLI ${cliProblem}; job ${last.status} ${Math.round(restoreMs)} ms after the CLI started`);
    } else {
      // The figures below are those of an unfinished job.
      phase(`CLI ${cliProblem} after ${Math.round(restore.ms / 1000)} s; job still ${last.status}`);
    }
  }

  const inOrg = (await countTree(conn)) - before;
  const peakRssMiB: Record<string, number> = {};
  for (const s of services) {
    const stats = await processStats(s.pid);
    if (stats) peakRssMiB[s.name] = Math.round(stats.peakRssBytes / 2 ** 20);
  }
  const logs = services.filter((s) => s.logFile);
  let maxPayloadLines = 0;
  for (const s of logs) maxPayloadLines += await countLines(s.logFile, /max_payload/i);

  let sfImportMs: number | undefined;
  let sfImportDetail: string | undefined;
  if (options.sf) {
    phase('sf data import tree (baseline)');
    const sf = await sfImportTree({
      sf: options.sf,
      instanceUrl: mockUrl,
      accessToken: conn.accessToken!,
      shape,
      reviewers,
      workDir: join(logDir, 'sf'),
      logDir,
      timeoutMs,
    });
    sfImportMs = sf.ok ? sf.ms : undefined;
    sfImportDetail = sf.detail;
  }

  // Last, since it inserts a second tree: the loader as a script a user runs, timed like the CLI.
  phase('jsforce loader as its own process (baseline)');
  const loaderRun = await runToEnd({
    name: 'loader-process',
    command: process.execPath,
    args: [join(import.meta.dirname, 'loader-main.ts')],
    env: { LOADER_URL: mockUrl, LOADER_RECORDS: String(options.records), LOADER_REVIEWERS: reviewers.join(',') },
    logDir,
    timeoutMs: Math.max(1_000, deadline - Date.now() - 5_000),
  });
  const loaderProcessMs = loaderRun.code === 0 ? loaderRun.ms : undefined;
  if (loaderProcessMs === undefined) phase(`the loader process exited ${loaderRun.code} (see loader-process.log)`);

  // A profile is written when its process ends: give each time to write it.
  if (options.cpuProfile) for (const s of [...services].reverse()) if (s.name !== 'nats-server') await s.stop(30_000);
  return {
    records: options.records,
    logDir,
    loaderMs: loaded.ms,
    loaderCalls,
    loaderProcessMs,
    restoreMs,
    cliProblem,
    jobFinished: job.status !== 'running',
    restoreCalls,
    floor: { ...writeFloor(shape), reads: Math.ceil(shape.records / 2_000) },
    plannerCpuMs,
    peakRssMiB,
    jobStatus: job.status,
    written: job.counts.records.total.created + job.counts.records.total.overwritten,
    inOrg,
    duplicateResults: job.retries ?? 0,
    redeliveredLines: await countLines(planner.logFile, /redeliver/i),
    maxPayloadLines,
    sfImportMs,
    sfImportDetail,
  };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Records of the tree in the org after the restore: more than the tree means a write applied twice. */
async function countTree(conn: Connection): Promise<number> {
  let total = 0;
  for (const type of ['Project__c', 'Milestone__c', 'Deliverable__c']) {
    const answer = await conn.query(`SELECT COUNT() FROM ${type}`);
    total += answer.totalSize;
  }
  return total;
}
