// The whole catalogue on the mock target: every rule passes (a few runs each; more via the command).
import { expect, test } from 'vitest';
import { runConformance } from './run.ts';
import { mockTarget } from './targets/mock.ts';

test('every rule passes on the mock target', { timeout: 170_000 }, async () => {
  const report = await runConformance({ target: mockTarget(), runs: Number(process.env.CONFORMANCE_RUNS ?? 3) });
  const broken = report.results.filter((r) => r.outcome !== 'passed');
  expect(
    broken.map(
      (r) => `${r.id} ${r.outcome}: seed ${r.seed} path ${r.path}\n  ${r.counterexample ?? r.error ?? r.reason}`,
    ),
  ).toEqual([]);
  expect(report.results).toHaveLength(19);
});
