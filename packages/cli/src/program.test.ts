import { spawnSync } from 'node:child_process';
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
