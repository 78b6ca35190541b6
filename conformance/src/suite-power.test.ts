// Suite power: each deliberately broken engine is caught by the rule it breaks.
import { expect, test } from 'vitest';
import type { EngineFaults } from './engines/faults.ts';
import { runConformance } from './run.ts';
import { mockTarget } from './targets/mock.ts';

const BROKEN: Array<[string, EngineFaults]> = [
  ['R01', { alwaysRelated: true }],
  ['R02', { restoresDownloadOnly: true }],
  ['R07', { overwritesEqual: true }],
  ['R10', { writesStandardStatus: true }],
  ['R16', { restoresOldFileVersions: true }],
];

test.each(BROKEN)('a broken engine is caught by %s', { timeout: 60_000 }, async (rule, faults) => {
  const report = await runConformance({ target: mockTarget(), rules: [rule], runs: 15, faults, seed: 42 });
  expect(report.results[0]?.outcome, JSON.stringify(report.results[0])).toBe('failed');
});
