// The reports a person or a CI system reads later: each failure with its counterexample and the
// command that replays it exactly; the HTML page says what was run and how it went.
import { expect, test } from 'vitest';
import { replayCommand } from '../command.ts';
import type { ConformanceReport } from '../run.ts';
import { formatConsole, formatHtml, formatJson, formatJunit } from './index.ts';

const replay = replayCommand(
  { engine: 'http://127.0.0.1:7420', engineToken: 'secret-token-123' },
  'mock',
  'R07',
  42,
  '3:1:0',
);

const report: ConformanceReport = {
  target: 'mock',
  startedAt: '2026-12-07T20:00:00.000Z',
  durationMs: 12_345,
  seed: 42,
  settings: { runs: 25, rules: ['R01', 'R07', 'R08', 'R12'], engine: 'http://127.0.0.1:7420' },
  results: [
    {
      id: 'R01',
      slug: 'records',
      statement: 'A deleted record is created again.',
      outcome: 'passed',
      runs: 25,
      durationMs: 900,
    },
    {
      id: 'R07',
      slug: 'lookups',
      statement:
        'A lookup to a record that is gone is restored to the re-created parent, never left dangling in the org.',
      outcome: 'failed',
      runs: 3,
      durationMs: 1200,
      seed: 42,
      path: '3:1:0',
      counterexample: 'Contact c1 under Account a1 (deleted)\n  → lookup AccountId was empty',
      error: 'lookup AccountId was empty',
      replay,
    },
    {
      id: 'R08',
      slug: 'mandatory',
      statement: 'A child whose mandatory parent is gone waits for it.',
      outcome: 'error',
      runs: 1,
      durationMs: 300,
      seed: 42,
      path: '0',
      counterexample: 'Step s1 under Stage t1',
      error: 'socket hang up',
      replay: replayCommand({}, 'mock', 'R08', 42, '0'),
    },
    {
      id: 'R12',
      slug: 'folders',
      statement: 'Files keep their folder.',
      outcome: 'skipped',
      runs: 0,
      durationMs: 0,
      reason: 'no org',
    },
  ],
  summary: { passed: 1, failed: 1, skipped: 1, error: 1 },
};

test('the replay names the engine and reads its token from the environment, never printing it', () => {
  expect(replay).toBe(
    'pnpm exec restorelab conformance --target mock --engine http://127.0.0.1:7420 --engine-token "$PLANNER_TOKEN" --rules R07 --seed 42 --path 3:1:0',
  );
  expect(replayCommand({}, 'stack', 'R01', 1, '0')).toBe(
    'pnpm exec restorelab conformance --target stack --rules R01 --seed 1 --path 0',
  );
  expect(replayCommand({ engine: "http://h/it's" }, 'mock', 'R01', 1, '0')).toContain(`--engine 'http://h/it'\\''s'`);
});

test('every report carries, for each failure and error, the counterexample and the replay command', () => {
  for (const text of [formatConsole(report), formatJunit(report), formatJson(report)]) {
    expect(text).not.toContain('secret-token-123');
    expect(text).toContain('lookup AccountId was empty');
    expect(text).toContain('Step s1 under Stage t1');
    expect(text).toContain('--rules R07 --seed 42 --path 3:1:0');
    expect(text).toContain('--rules R08 --seed 42 --path 0');
  }
  const html = formatHtml(report);
  expect(html).not.toContain('secret-token-123');
  expect(html).toContain('Step s1 under Stage t1');
  expect(html).toContain('--rules R07 --seed 42 --path 3:1:0');
  expect(html).toContain('&quot;$PLANNER_TOKEN&quot;');
});

test('the HTML report shows totals, duration, target and engine, runs, the rule filter and copy buttons', () => {
  const html = formatHtml(report);
  expect(html).toContain('1 passed');
  expect(html).toContain('1 failed');
  expect(html).toContain('1 error<');
  expect(html).toContain('of 4 rules in 12.3 s');
  expect(html).toMatch(/<dt>engine<\/dt><dd>http:\/\/127\.0\.0\.1:7420<\/dd>/);
  expect(html).toMatch(/<dt>runs per rule<\/dt><dd>25<\/dd>/);
  expect(html).toMatch(/<dt>rules<\/dt><dd>R01, R07, R08, R12<\/dd>/);
  expect(html.match(/<button type="button" data-copy=/g)).toHaveLength(2);
  expect(html).toContain('navigator.clipboard.writeText');
});

test('the console table prints statements whole unless told the terminal width', () => {
  const long = report.results[1]!.statement;
  expect(long.length).toBeGreaterThan(70);
  expect(formatConsole(report)).toContain(long);
  const narrow = formatConsole(report, { columns: 80 });
  expect(narrow).not.toContain(long);
  for (const row of narrow.split('\n').filter((l) => /^R\d\d /.test(l))) expect(row.length).toBeLessThanOrEqual(80);
});

test('JUnit names what was run in its properties', () => {
  const xml = formatJunit(report);
  expect(xml).toContain('<property name="runs" value="25"/>');
  expect(xml).toContain('<property name="rules" value="R01,R07,R08,R12"/>');
  expect(xml).toContain('<property name="engine" value="http://127.0.0.1:7420"/>');
});
