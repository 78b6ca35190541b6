// The whole catalogue on the stack target: the mock over HTTP, the planner, record-writer and
// file-writer over an embedded nats-server, reached only through the planner's HTTP API.
import { expect, test } from 'vitest';
import { runConformance } from '../run.ts';
import { stackTarget } from './stack.ts';

test('every rule passes on the stack target', { timeout: 170_000 }, async () => {
  const report = await runConformance({ target: stackTarget(), runs: Number(process.env.CONFORMANCE_STACK_RUNS ?? 2) });
  const broken = report.results.filter((r) => r.outcome !== 'passed');
  expect(
    broken.map(
      (r) => `${r.id} ${r.outcome}: seed ${r.seed} path ${r.path}\n  ${r.counterexample ?? r.error ?? r.reason}`,
    ),
  ).toEqual([]);
  expect(report.results).toHaveLength(20); // R01–R19 and R06-OVERLAP
});
