// `restorelab share` end to end: the real CLI against a real stack prints a link that opens without
// the token, `--json` gives it with its expiry, `--revoke` stops it, and a bad --expires is usage.
import { createLogger } from '@restorelab/runtime';
import { type Stack, startStack } from '@restorelab/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, errorLines, runCli } from './run-cli.ts';

let stack: Stack;
const cli = (...args: string[]) =>
  runCli([...args, '--planner', stack.plannerUrl], { env: { PLANNER_TOKEN: stack.token } });
const json = (run: CliRun) => {
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
};

beforeAll(async () => {
  stack = await startStack({ logger: createLogger({ name: 'cli-test', level: 'silent' }), backup: true });
});
afterAll(async () => {
  await stack?.close();
});

describe('restorelab share', () => {
  it('prints a link that opens without the token; --json gives its expiry; --revoke stops it', async () => {
    const run = await cli('share', 'Globex');
    expect(run.code).toBe(0);
    const url = run.stdout.trim();
    expect(url.startsWith(`${stack.plannerUrl}/shared/`)).toBe(true);
    expect(run.stderr).toContain('restorelab share --revoke share-');
    expect(run.stderr).not.toContain(stack.token);
    const opened = await fetch(url);
    expect(opened.status).toBe(200);
    expect(JSON.parse(await opened.text()).fields.Name).toBe('Globex');

    const week = json(await cli('share', 'Globex', '--expires', '7d', '--json'));
    expect(Date.parse(week.expiresAt) - Date.now()).toBeGreaterThan(7 * 86400_000 - 60_000);
    expect(week.url).toMatch(/\/shared\//);

    const revoked = await cli('share', '--revoke', week.shareId);
    expect(revoked.code).toBe(0);
    expect((await fetch(week.url)).status).toBe(410);
  });

  it('a bad --expires or nothing to share is a usage error (exit 2, one line)', async () => {
    for (const args of [['share', 'Globex', '--expires', '8d'], ['share', 'Globex', '--expires', 'soon'], ['share']]) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(errorLines(run)).toHaveLength(1);
    }
  });
});
