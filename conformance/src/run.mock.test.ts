// The whole catalogue on the mock target: every rule passes (a few runs each; more via the command).
// Two worker threads share the rules, each with its own org and services, as the command runs them.
import { expect, test } from 'vitest';
import { runConformance } from './run.ts';
import { mockTarget } from './targets/mock.ts';

test('every rule passes on the mock target', { timeout: 170_000 }, async () => {
  const report = await runConformance({
    target: mockTarget(),
    runs: Number(process.env.CONFORMANCE_RUNS ?? 3),
    workers: 2,
  });
  const broken = report.results.filter((r) => r.outcome !== 'passed');
  expect(
    broken.map(
      (r) => `${r.id} ${r.outcome}: seed ${r.seed} path ${r.path}\n  ${r.counterexample ?? r.error ?? r.reason}`,
    ),
  ).toEqual([]);
  // Workers finish in any order; the report keeps the catalogue's.
  expect(report.results.map((r) => r.id)).toEqual(
    Array.from({ length: 19 }, (_, i) => `R${String(i + 1).padStart(2, '0')}`).flatMap((id) =>
      id === 'R06' ? [id, 'R06-OVERLAP'] : [id],
    ),
  );
  expect(report.results.every((r) => r.runs >= 3 && r.statement.length > 0)).toBe(true);
});
