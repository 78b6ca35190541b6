// Benchmarks of the conformance suite (issue 6), for `pnpm bench conformance`: the full catalogue on
// the `mock` target at 100 runs per property (target ≤ 60 s on this machine), and on the `stack`
// target (the services over a real NATS) at 20 runs per property.
import type { BenchMeasure, BenchSuite } from '../../scripts/bench-types.ts';
import { type ConformanceReport, runConformance } from '../src/run.ts';
import { mockTarget } from '../src/targets/mock.ts';
import { stackTarget } from '../src/targets/stack.ts';

function line(report: ConformanceReport, runs: number): string {
  const s = report.summary;
  const slowest = [...report.results].sort((a, b) => b.durationMs - a.durationMs)[0];
  return `${report.target}: ${runs} runs per property, ${s.passed} passed, ${s.failed} failed, ${s.error} error, ${s.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)} s (slowest ${slowest?.id} ${((slowest?.durationMs ?? 0) / 1000).toFixed(1)} s)`;
}

const suite: BenchSuite = {
  name: 'conformance',
  async run(log) {
    const mock = await runConformance({ target: mockTarget(), runs: 100 });
    log(line(mock, 100));
    const stack = await runConformance({ target: stackTarget(), runs: 20 });
    log(line(stack, 20));
    const seconds = (r: ConformanceReport) => r.durationMs / 1000;
    const allPassed = (r: ConformanceReport) => r.summary.passed === r.results.length;
    const measures: BenchMeasure[] = [
      {
        name: 'catalogue R01-R19 on mock, 100 runs per property',
        value: seconds(mock),
        unit: 's',
        target: '≤ 60 s, every rule passed',
        met: seconds(mock) <= 60 && allPassed(mock),
      },
      {
        name: 'catalogue R01-R19 on stack, 20 runs per property',
        value: seconds(stack),
        unit: 's',
        target: 'every rule passed',
        met: allPassed(stack),
      },
    ];
    for (const r of [...mock.results, ...stack.results].filter((x) => x.outcome !== 'passed')) {
      log(`  ${r.id} ${r.outcome}: ${r.counterexample ?? r.error ?? r.reason ?? ''}`);
    }
    return measures;
  },
};

export default suite;
