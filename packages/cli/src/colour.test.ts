import { expect, test } from 'vitest';
import { colourWanted, highlightOutcomes } from './colour.ts';
import { createOutput } from './output.ts';

test('colour on a terminal only, never with NO_COLOR, on a pipe with FORCE_COLOR', () => {
  expect(colourWanted({ isTTY: true }, {})).toBe(true);
  expect(colourWanted({ isTTY: false }, {})).toBe(false);
  expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  expect(colourWanted({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
  expect(colourWanted({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
});

test('outcome words are coloured, a zero count is not', () => {
  const line = highlightOutcomes('R07 failed; 2 passed, 0 failed, 1 skipped');
  expect(line).toContain('\u001b[31mfailed\u001b[39m;');
  expect(line).toContain('2 \u001b[32mpassed\u001b[39m');
  expect(line).toContain(', 0 failed,');
  expect(line).toContain('\u001b[33mskipped\u001b[39m');
});

test('colour is added after escaping, so an org’s own escape sequences stay visible text', () => {
  const written: string[] = [];
  const out = createOutput({}, (s) => written.push(s) > 0, true);
  out.line('job failed: \u001b[2J', { outcomes: true });
  out.line('a record named failed');
  expect(written[0]).toBe('job \u001b[31mfailed\u001b[39m: \\x1b[2J\n');
  expect(written[1]).toBe('a record named failed\n');
  const plain: string[] = [];
  createOutput({}, (s) => plain.push(s) > 0, false).line('job failed', { outcomes: true });
  expect(plain[0]).toBe('job failed\n');
});
