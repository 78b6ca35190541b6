import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from './errors.ts';

const bin = join(import.meta.dirname, 'bin.ts');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('restorelab CLI', () => {
  it('prints help with every command and exits 0', () => {
    const r = cli('--help');
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain('mock');
    expect(r.stdout).toContain('demo');
  });

  it('refuses an unknown command with a usage exit code and no stack trace', () => {
    const r = cli('restore-everything');
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("unknown command 'restore-everything'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('turns a bad flag value into one line naming the flag', () => {
    const r = cli('mock', '--port', 'eighty');
    expect(r.code).toBe(EXIT.usage);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('restorelab: --port: expected a port number 0-65535, got "eighty"');
  });
});

describe('restorelab behaves like the CLIs people know', () => {
  it('prints its version with --version', () => {
    const r = cli('--version');
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('starts every error with one prefix, its own or commander’s', () => {
    const r = cli('conformance', '--bogus');
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^restorelab: unknown option '--bogus'/);
    expect(r.stderr).not.toMatch(/^error:/m);
  });

  it('answers --json with a JSON error document on stdout', () => {
    const r = cli('--json', 'conformance', '--bogus');
    expect(r.code).toBe(EXIT.usage);
    expect(JSON.parse(r.stdout)).toEqual({
      status: EXIT.usage,
      name: 'USAGE',
      message: "unknown option '--bogus'",
      exitCode: EXIT.usage,
    });
  });

  it('names an unknown sub-command of jobs as one', () => {
    const r = cli('jobs', 'frobnicate');
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("unknown command 'jobs frobnicate'");
    expect(r.stderr).not.toContain('too many arguments');
  });

  it('refuses an unknown rule and a malformed org id as usage errors, in words', () => {
    const rules = cli('conformance', '--rules', 'R01,R99');
    expect(rules.code).toBe(EXIT.usage);
    expect(rules.stderr.trim()).toBe('restorelab: --rules: no rule R99 (the catalogue has R01-R19)');
    const org = cli('--json', 'snapshots', '--org', '00Dnope', '--planner', 'http://127.0.0.1:9');
    expect(org.code).toBe(EXIT.usage);
    expect(org.stderr).toContain('--org: expected an org id');
    expect(org.stderr).not.toContain('Too small');
    expect(JSON.parse(org.stdout)).toMatchObject({ name: 'USAGE', exitCode: EXIT.usage });
  });

  it('ends quietly when the reader of its output goes away (| head)', async () => {
    const child = spawn(process.execPath, [bin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(EXIT.ok);
  });
});
