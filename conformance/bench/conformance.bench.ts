// Benchmarks of the conformance suite (issue 6), for `pnpm bench conformance`: the full catalogue
// on `mock` at 100 runs per property (target ≤ 60 s on this machine) and on `stack` at 20, run the
// way the command runs them (rules spread over one worker thread per core). These are the real
// counts and take a few minutes. BENCH_CONFORMANCE_QUICK=1 samples a few runs per property instead
// and extrapolates linearly to the asked-for runs; those figures say EXTRAPOLATED in their names and
// overstate a little (each worker's set-up is counted once per sampled run batch).
import type { BenchMeasure, BenchSuite } from '../../scripts/bench-types.ts';
import { defaultLanes, defaultWorkers } from '../src/command.ts';
import { type ConformanceReport, runConformance } from '../src/run.ts';
import { mockTarget } from '../src/targets/mock.ts';
import { stackTarget } from '../src/targets/stack.ts';

const FULL = process.env.BENCH_CONFORMANCE_QUICK !== '1';
const MOCK_RUNS = 100;
const STACK_RUNS = 20;
const MOCK_SAMPLE = Number(process.env.BENCH_CONFORMANCE_MOCK_RUNS ?? 5);
const STACK_SAMPLE = Number(process.env.BENCH_CONFORMANCE_STACK_RUNS ?? 2);

const seconds = (ms: number) => ms / 1000;
const allPassed = (r: ConformanceReport) => r.summary.passed === r.results.length;

/** Time per property run, per rule (runs that fast-check actually made). */
function perRun(report: ConformanceReport): Array<{ id: string; msPerRun: number }> {
  return report.results.map((r) => ({ id: r.id, msPerRun: r.runs > 0 ? r.durationMs / r.runs : 0 }));
}

function line(report: ConformanceReport, runs: number): string {
  const s = report.summary;
  const per = perRun(report).sort((a, b) => b.msPerRun - a.msPerRun);
  const top = per
    .slice(0, 3)
    .map((p) => `${p.id} ${p.msPerRun.toFixed(0)} ms`)
    .join(', ');
  return `${report.target}: ${runs} runs per property, ${s.passed} passed, ${s.failed} failed, ${s.error} error, ${s.skipped} skipped in ${seconds(report.durationMs).toFixed(1)} s (slowest per run: ${top})`;
}

async function measureTarget(
  log: (line: string) => void,
  target: 'mock' | 'stack',
  sample: number,
  wanted: number,
  goal: { seconds?: number },
): Promise<{ report: ConformanceReport; measures: BenchMeasure[] }> {
  const runs = FULL ? wanted : sample;
  // As the command runs it: rules spread over worker threads, one per core, and sessions in each.
  const workers = defaultWorkers();
  const lanes = defaultLanes();
  const report = await runConformance({
    target: target === 'mock' ? mockTarget() : stackTarget(),
    runs,
    workers,
    lanes,
  });
  log(`${line(report, runs)}; ${workers} worker thread(s), ${lanes} session(s) each`);
  const measured: BenchMeasure = {
    name: `catalogue R01-R19 on ${target}, ${runs} runs per property (measured)`,
    value: seconds(report.durationMs),
    unit: 's',
    target: 'every rule passed',
    met: allPassed(report),
  };
  const perRunMs = perRun(report).reduce((sum, p) => sum + p.msPerRun, 0);
  log(`  ${target}: one run of every property costs ${seconds(perRunMs).toFixed(2)} s`);
  if (FULL) {
    if (goal.seconds !== undefined) {
      measured.target = `≤ ${goal.seconds} s, every rule passed`;
      measured.met = seconds(report.durationMs) <= goal.seconds && allPassed(report);
    }
    return { report, measures: [measured] };
  }
  // Linear in the runs, set-up included: rules run side by side, so their own times do not add up.
  const extrapolated = seconds((report.durationMs * wanted) / runs);
  const estimate: BenchMeasure = {
    name: `catalogue R01-R19 on ${target}, ${wanted} runs per property (EXTRAPOLATED from ${runs} runs)`,
    value: Number(extrapolated.toFixed(1)),
    unit: 's',
    ...(goal.seconds !== undefined
      ? { target: `≤ ${goal.seconds} s (estimate)`, met: extrapolated <= goal.seconds && allPassed(report) }
      : {}),
  };
  return { report, measures: [measured, estimate] };
}

const suite: BenchSuite = {
  name: 'conformance',
  async run(log) {
    if (!FULL)
      log(
        `BENCH_CONFORMANCE_QUICK=1: sampling ${MOCK_SAMPLE} runs per property on mock and ${STACK_SAMPLE} on stack instead of ${MOCK_RUNS}/${STACK_RUNS}`,
      );
    const mock = await measureTarget(log, 'mock', MOCK_SAMPLE, MOCK_RUNS, { seconds: 60 });
    const stack = await measureTarget(log, 'stack', STACK_SAMPLE, STACK_RUNS, {});
    for (const r of [...mock.report.results, ...stack.report.results].filter((x) => x.outcome !== 'passed')) {
      log(`  ${r.id} ${r.outcome}: ${r.counterexample ?? r.error ?? r.reason ?? ''}`);
    }
    return [...mock.measures, ...stack.measures];
  },
};

export default suite;
