// Benchmarks of the restore engine (`pnpm bench restore`):
// 1. end to end, as a user feels it (issue 17): for each size a stack of separate processes
//    (nats-server, the mock org, planner, record-writer, file-writer) over HTTP on 127.0.0.1; a
//    Project → Milestone (20 %) → Deliverable (80 %) tree inserted by a plain jsforce loader (the
//    baseline), backed up, deleted and restored by `restorelab restore <root> --related --yes --json`
//    (plan + confirm + job, the CLI's own path); see e2e/run-size.ts;
// 2. planning only: `planRestore` over a synthetic 1,000,000-record snapshot slice in a child
//    process (no org, no NATS, no job): a measure of the planning algorithm, not of a restore.
//
// Environment:
//   RESTORE_BENCH_SIZES=1000,10000,50000   sizes of the end-to-end part (200000 and 1000000 run too)
//   RESTORE_BENCH_TIMEOUT_S=…              time allowed per size (default 90 s + 4 ms a record)
//   RESTORE_BENCH_PARTS=e2e,plan           which parts run
//   RESTORE_BENCH_SF=/path/to/sf           also time `sf data import tree` of the same tree
//   RESTORE_BENCH_CPU_PROF=1|all           CPU profiles of the planner (1) or of every Node service (all)
//                                          in each size's log folder, prof-<service>/
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BenchMeasure, BenchSuite } from '../../../scripts/bench-types.ts';
import { cliStartupMs, runSize, type SizeResult } from './e2e/run-size.ts';

const parts = new Set((process.env.RESTORE_BENCH_PARTS ?? 'e2e,plan').split(','));

function sizes(): number[] {
  const text = process.env.RESTORE_BENCH_SIZES ?? '1000,10000,50000';
  const list = text.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  const bad = list.find((n) => !Number.isInteger(n) || n < 10);
  if (bad !== undefined) throw new Error(`RESTORE_BENCH_SIZES: expected record counts ≥ 10, got "${text}"`);
  return list;
}

function cpuProfileOf(value: string | undefined): false | 'planner' | 'all' {
  if (value === undefined || value === '' || value === '0') return false;
  if (value === '1') return 'planner';
  if (value === 'all') return value;
  throw new Error(`RESTORE_BENCH_CPU_PROF: expected 1 or all, got "${value}"`);
}

function timeoutMs(records: number): number {
  const seconds = process.env.RESTORE_BENCH_TIMEOUT_S;
  if (seconds !== undefined) {
    const n = Number(seconds);
    if (!(n > 0)) throw new Error(`RESTORE_BENCH_TIMEOUT_S: expected seconds > 0, got "${seconds}"`);
    return n * 1000;
  }
  return 90_000 + records * 4;
}

/**
 * The loader run as its own process, spawn to exit: the like-for-like peer of the CLI's wall time,
 * which includes the CLI's start-up. Both ratios are reported; neither replaces the other.
 */
function loaderProcessMeasures(label: string, r: SizeResult): BenchMeasure[] {
  if (r.loaderProcessMs === undefined) return [];
  const ratio = r.restoreMs / r.loaderProcessMs;
  return [
    { name: `${label}: jsforce loader as its own process (spawn → exit)`, value: r.loaderProcessMs, unit: 'ms' },
    {
      name: `${label}: restorelab ÷ jsforce loader process`,
      value: ratio,
      unit: 'ratio',
      ratio,
      baseline: `the loader's script, start-up and login included (${Math.round(r.loaderProcessMs)} ms)`,
      target: '≤ 1.5',
      met: ratio <= 1.5 && r.jobStatus === 'succeeded' && !r.cliProblem,
    },
  ];
}

function sizeMeasures(r: SizeResult): BenchMeasure[] {
  const label = `${r.records.toLocaleString('en-US')}-record related restore (e2e)`;
  const ratio = r.restoreMs / r.loaderMs;
  const collectionsFloor = r.floor.collections + r.floor.reads;
  const graphFloor = r.floor.graph + r.floor.reads;
  const expected = r.records;
  const extra = r.inOrg - expected;
  const measures: BenchMeasure[] = [
    {
      name: !r.jobFinished
        ? `${label}: restorelab wall time (until the CLI ended or was stopped; the job never finished)`
        : r.cliProblem
          ? `${label}: restorelab wall time (CLI start → job end; the CLI ${r.cliProblem})`
          : `${label}: restorelab wall time (CLI start → end)`,
      value: r.restoreMs,
      unit: 'ms',
    },
    {
      name: `${label}: restore --json ended with the job's answer`,
      value: r.cliProblem ? 0 : 1,
      unit: 'bool',
      target: '1',
      met: !r.cliProblem,
    },
    { name: `${label}: jsforce loader wall time`, value: r.loaderMs, unit: 'ms' },
    {
      name: `${label}: restorelab ÷ jsforce loader`,
      value: ratio,
      unit: 'ratio',
      ratio,
      baseline: `jsforce loader, collections of 200 level by level (${Math.round(r.loaderMs)} ms)`,
      target: '≤ 1.5',
      met: ratio <= 1.5 && r.jobStatus === 'succeeded' && !r.cliProblem,
    },
    ...loaderProcessMeasures(label, r),
    {
      name: `${label}: API calls ÷ floor with Composite Graph (${r.floor.graph} writes + ${r.floor.reads} reads)`,
      value: r.restoreCalls / graphFloor,
      unit: 'ratio',
      ratio: r.restoreCalls / graphFloor,
      baseline: `${graphFloor} calls; made ${r.restoreCalls}; collections floor ${collectionsFloor}`,
      target: '≤ 1.05',
      met: r.restoreCalls <= graphFloor * 1.05,
    },
    {
      name: `${label}: API calls ÷ loader's calls`,
      value: r.restoreCalls / r.loaderCalls,
      unit: 'ratio',
      ratio: r.restoreCalls / r.loaderCalls,
      baseline: `loader: ${r.loaderCalls} calls`,
      target: '< 1',
      met: r.restoreCalls < r.loaderCalls,
    },
    { name: `${label}: planner CPU time during the restore`, value: r.plannerCpuMs, unit: 'ms' },
    {
      name: `${label}: records in the org beyond the tree (applied twice)`,
      value: extra,
      unit: 'records',
      target: '0',
      met: extra === 0,
    },
    {
      name: `${label}: duplicate results the planner received (job retries)`,
      value: r.duplicateResults,
      unit: 'results',
    },
    {
      name: `${label}: "max_payload" lines in the logs`,
      value: r.maxPayloadLines,
      unit: 'lines',
      target: '0',
      met: r.maxPayloadLines === 0,
    },
  ];
  for (const [service, mib] of Object.entries(r.peakRssMiB))
    measures.push({ name: `${label}: peak RSS of ${service}`, value: mib, unit: 'MiB' });
  if (r.sfImportMs !== undefined)
    measures.push({
      name: `${label}: sf data import tree wall time`,
      value: r.sfImportMs,
      unit: 'ms',
      ratio: r.restoreMs / r.sfImportMs,
      baseline: 'restorelab ÷ sf import tree',
    });
  return measures;
}

async function measureEndToEnd(log: (line: string) => void): Promise<BenchMeasure[]> {
  const measures: BenchMeasure[] = [];
  const sf = process.env.RESTORE_BENCH_SF;
  const startup = await cliStartupMs();
  log(`CLI start-up (restorelab --help): ${ms(startup)}, included in every restore wall time below`);
  measures.push({
    name: 'restorelab CLI start-up (--help), part of each restore wall time',
    value: startup,
    unit: 'ms',
  });
  for (const records of sizes()) {
    try {
      const r = await runSize({
        records,
        timeoutMs: timeoutMs(records),
        sf,
        cpuProfile: cpuProfileOf(process.env.RESTORE_BENCH_CPU_PROF),
        log,
      });
      log(
        `${records.toLocaleString('en-US')}: restore ${ms(r.restoreMs)}${r.cliProblem ? ` (the CLI ${r.cliProblem}; ${r.jobFinished ? 'to the job end' : 'job unfinished'})` : ''} (${r.restoreCalls} calls, job ${r.jobStatus}, ${r.written} written, ${r.inOrg} in org), loader ${ms(r.loaderMs)} (${r.loaderCalls} calls; as a process ${r.loaderProcessMs === undefined ? 'failed' : ms(r.loaderProcessMs)}), planner CPU ${ms(r.plannerCpuMs)}${r.sfImportDetail ? `, sf import ${r.sfImportMs === undefined ? r.sfImportDetail : ms(r.sfImportMs)}` : ''}; logs ${r.logDir}`,
      );
      measures.push(...sizeMeasures(r));
    } catch (error) {
      // One size failing (or timing out) is reported; the next sizes still run.
      const message = error instanceof Error ? error.message : String(error);
      log(`${records.toLocaleString('en-US')}: FAILED: ${message}`);
      measures.push({
        name: `${records.toLocaleString('en-US')}-record related restore (e2e): finished`,
        value: 0,
        unit: 'bool',
        target: 'finishes',
        met: false,
      });
    }
  }
  return measures;
}

interface PlanRun {
  size: number;
  records: number;
  elapsedMs: number;
  cpuMs: number;
  peakRssBytes: number;
  baselineRssBytes: number;
  inputHeapBytes: number;
  heapAfterPlanBytes: number;
  planRetainedHeapBytes: number;
}

function runPlanChild(size: number): Promise<PlanRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--max-old-space-size=4096',
        join(import.meta.dirname, '../../../packages/restore-plan/bench/plan-1m.ts'),
        String(size),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`plan child exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as PlanRun);
    });
  });
}

async function measurePlan1M(log: (line: string) => void): Promise<BenchMeasure[]> {
  const run = await runPlanChild(1_000_000);
  const gib = 2 ** 30;
  log(
    `planned ${run.records.toLocaleString('en-US')} records in ${ms(run.elapsedMs)} (CPU ${ms(run.cpuMs)}); input heap ${mib(run.inputHeapBytes)}, heap after plan ${mib(run.heapAfterPlanBytes)}, plan retained ${mib(run.planRetainedHeapBytes)}, peak RSS ${mib(run.peakRssBytes)}`,
  );
  return [
    {
      name: 'planning only (planRestore on a synthetic slice, no org, no job), 1,000,000 records: time',
      value: run.elapsedMs,
      unit: 'ms',
      target: '≤ 10,000 ms',
      met: run.elapsedMs <= 10_000,
    },
    {
      name: 'planning only (planRestore on a synthetic slice, no org, no job), 1,000,000 records: CPU time',
      value: run.cpuMs,
      unit: 'ms',
    },
    {
      name: 'planning only (planRestore on a synthetic slice, no org, no job), 1,000,000 records: peak RSS (whole process, input included)',
      value: run.peakRssBytes / 2 ** 20,
      unit: 'MiB',
      target: '≤ 2,048 MiB',
      met: run.peakRssBytes <= 2 * gib,
    },
    {
      name: 'planning only (planRestore on a synthetic slice, no org, no job), 1,000,000 records: heap after planning',
      value: run.heapAfterPlanBytes / 2 ** 20,
      unit: 'MiB',
    },
  ];
}

const ms = (duration: number) => `${Math.round(duration).toLocaleString('en-US')} ms`;
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

const suite: BenchSuite = {
  name: 'restore engine',
  async run(log) {
    const measures: BenchMeasure[] = [];
    if (parts.has('e2e')) measures.push(...(await measureEndToEnd(log)));
    if (parts.has('plan')) measures.push(...(await measurePlan1M(log)));
    return measures;
  },
};
export default suite;
