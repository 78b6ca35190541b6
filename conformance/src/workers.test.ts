// The worker pool: rules spread over threads and, in each, over several sessions (lanes), every rule
// reported once; and its failure path: a worker that cannot open its session (no nats-server for its
// services) makes the run fail with that reason, promptly, instead of hanging or reporting passes.
import { afterEach, expect, test } from 'vitest';
import { runConformance } from './run.ts';
import { mockTarget } from './targets/mock.ts';

const saved = process.env.NATS_SERVER_BIN;
afterEach(() => {
  if (saved === undefined) delete process.env.NATS_SERVER_BIN;
  else process.env.NATS_SERVER_BIN = saved;
});

test('a worker that cannot open its session fails the run with the reason', { timeout: 60_000 }, async () => {
  // Worker threads start with a copy of this environment: their embedded NATS cannot start.
  process.env.NATS_SERVER_BIN = '/nonexistent/nats-server';
  const seen: string[] = [];
  const run = runConformance({
    target: mockTarget(),
    rules: ['R02', 'R12', 'R13'],
    runs: 1,
    workers: 2,
    onRule: (r) => seen.push(`${r.id} ${r.outcome}`),
  });
  await expect(run).rejects.toThrow(/nats-server/i);
  expect(seen.filter((s) => s.endsWith('passed'))).toEqual([]);
});

test.each([
  { workers: 1, lanes: 2 },
  { workers: 2, lanes: 2 },
])('$workers thread(s) with $lanes sessions each run every rule once', { timeout: 120_000 }, async (spread) => {
  const rules = ['R02', 'R12', 'R13'];
  const report = await runConformance({ target: mockTarget(), rules, runs: 2, seed: 7, ...spread });
  expect(report.results.map((r) => `${r.id} ${r.outcome} ${r.runs}`)).toEqual(rules.map((id) => `${id} passed 2`));
});
