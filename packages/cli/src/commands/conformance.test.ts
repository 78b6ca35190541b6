import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, errorLines, runCli } from '../../test/run-cli.ts';
import { EXIT } from '../errors.ts';

// Without SF_* credentials the org target skips every rule with a reason: a fast way to see the exit codes.
const noOrg = Object.fromEntries(
  ['SF_LOGIN_URL', 'SF_USERNAME', 'SF_PASSWORD', 'SF_TOKEN', 'SF_INSTANCE_URL', 'SF_ACCESS_TOKEN'].map((k) => [k, '']),
);

describe('restorelab conformance', () => {
  it('exits 3 on skips unless --allow-skips, writes JUnit into a new folder, prints JSON with --json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'restorelab-conf-'));
    try {
      const junit = join(dir, 'reports', 'conformance.xml');
      const skipped = await runCli(['conformance', '--target', 'org', '--rules', 'R06', '--report', `junit:${junit}`], {
        env: noOrg,
      });
      expect(skipped.code, skipped.stderr).toBe(EXIT.skipped);
      expect(errorLines(skipped)).toEqual([expect.stringContaining('--allow-skips')]);
      expect(await readFile(junit, 'utf8')).toMatch(/<testsuites?[\s>][\s\S]*<skipped/);

      const allowed = await runCli(['--json', 'conformance', '--target', 'org', '--rules', 'R06', '--allow-skips'], {
        env: noOrg,
      });
      expect(allowed.code, allowed.stderr).toBe(EXIT.ok);
      expect(JSON.parse(allowed.stdout)).toBeTypeOf('object');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad values in one line with the usage exit code', async () => {
    const [target, report] = await Promise.all([
      runCli(['conformance', '--target', 'prod']),
      runCli(['conformance', '--report', 'xml:out.xml']),
    ]);
    expect(target.code).toBe(EXIT.usage);
    expect(errorLines(target)).toEqual(['restorelab: --target: expected mock, stack or org, got "prod"']);
    expect(report.code).toBe(EXIT.usage);
    expect(errorLines(report)).toHaveLength(1);
  });

  it('has --watch: runs the rules, then watches until Ctrl-C', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [BIN, 'conformance', '--watch', '--target', 'org', '--rules', 'R06'], {
      env: { ...process.env, ...noOrg },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const watching = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('watching for changes')) resolve();
      }),
    );
    const code = new Promise<number | null>((resolve) => child.once('close', resolve));
    await Promise.race([watching, code]);
    child.kill('SIGINT');
    expect(stderr).not.toContain("unknown option '--watch'");
    expect(stdout).toMatch(/R06\s/);
    expect(stdout).toContain('watching for changes');
    // The last run skipped R06 (no org): the exit code says so.
    expect(await code).toBe(EXIT.skipped);
  });
});
