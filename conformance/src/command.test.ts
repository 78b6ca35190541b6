// The command's own behaviour: what it says before the first result.
import { expect, test } from 'vitest';
import { runConformanceCommand } from './command.ts';

test('says at once what it runs, before the first rule ends', async () => {
  const progress: string[] = [];
  const printed: string[] = [];
  // No org credentials: the org target skips at once, so the order of the lines is all there is to see.
  const code = await runConformanceCommand({
    target: 'org',
    rules: 'R06,R07',
    runs: 1,
    env: {},
    progress: (line) => progress.push(line),
    print: (line) => printed.push(line),
  });
  expect(code).toBe(3);
  expect(progress[0]).toBe('running 2 rules on org, 1 run each: starting the org and services');
  expect(progress.slice(1)).toEqual([expect.stringMatching(/^R06 skipped/), expect.stringMatching(/^R07 skipped/)]);
});
