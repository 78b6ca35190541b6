// `restorelab` on PATH outside the repository: `npm i -g <checkout>/packages/cli` (what `pnpm link
// --global` does too: a link to the package, its bin on PATH), run from another folder. Offline: npm
// links a folder without fetching anything.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE = join(import.meta.dirname, '..');
const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
let prefix: string;
let elsewhere: string;

// Where npm is missing there is nothing to install with; the launcher's own checks still run below.
describe.skipIf(npm.status !== 0)('restorelab installed globally with npm', () => {
  beforeAll(() => {
    prefix = mkdtempSync(join(tmpdir(), 'restorelab-global-'));
    elsewhere = mkdtempSync(join(tmpdir(), 'restorelab-elsewhere-'));
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', PACKAGE], {
      stdio: 'ignore',
    });
  });
  afterAll(() => {
    rmSync(prefix, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    spawnSync(join(prefix, 'bin', 'restorelab'), args, {
      cwd: elsewhere,
      encoding: 'utf8',
      // This Node first on PATH, as `#!/usr/bin/env node` finds it; no planner of the developer's.
      env: { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`, PLANNER_URL: '' },
      timeout: 30_000,
    });

  it('runs from another folder: --version, --help, and a command that loads the client', () => {
    expect(run('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('conformance');
    const unreachable = run('snapshots', '--planner', 'http://127.0.0.1:9');
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach the planner at http://127.0.0.1:9');
  });
});

describe('the launcher', () => {
  const system = spawnSync('/usr/bin/node', ['--version'], { encoding: 'utf8' });
  const old = system.status === 0 && Number(system.stdout.trim().slice(1).split('.')[0]) < 24;
  // Needs an older Node at /usr/bin/node to show its message; this machine's system Node is one.
  it.skipIf(!old)('tells an older Node what it needs, in one line', () => {
    const r = spawnSync('/usr/bin/node', [join(PACKAGE, 'bin', 'restorelab.mjs'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^restorelab: needs Node\.js 24 or later .*; this is v\d+/);
  });
});
