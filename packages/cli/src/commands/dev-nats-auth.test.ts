// `restorelab dev --nats <url>` on a NATS server that asks for a login: the login comes from
// NATS_USER and NATS_PASSWORD (as the services read it), never from a flag, and is never printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNatsServer } from '@restorelab/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../../test/run-cli.ts';

const USER = 'restorelab-dev';
const PASSWORD = 'pw-7f3c9e1d2b';
let server: ChildProcess;
let url: string;
let dir: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'restorelab-nats-auth-'));
  const port = await freePort();
  const binary = findNatsServer();
  server = spawn(
    binary,
    ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir, '--user', USER, '--pass', PASSWORD],
    {
      stdio: 'ignore',
    },
  );
  url = `nats://127.0.0.1:${port}`;
  // Ready when it accepts a connection.
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.once('listening', () => socket.close(() => resolve(false)));
      socket.once('error', () => resolve(true));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => {
  server?.kill('SIGTERM');
  await new Promise((r) => server?.once('exit', r));
  await rm(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string>) => ({
  ...process.env,
  PLANNER_URL: '',
  PLANNER_TOKEN: '',
  NATS_URL: '',
  NATS_USER: '',
  NATS_PASSWORD: '',
  STORE_DIR: '',
  LOG_LEVEL: 'silent',
  ...extra,
});

describe('restorelab dev on a NATS server with a login', () => {
  it('without NATS_USER/NATS_PASSWORD: fails in one line saying how to log in', async () => {
    const run = await runCli(['dev', '--port', '0', '--no-backup', '--no-dev-file', '--nats', url], {
      env: env({}),
      timeoutMs: 45_000,
    });
    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('restorelab:'));
    expect(errors).toEqual([expect.stringContaining('NATS_USER and NATS_PASSWORD')]);
  });

  it('a half-given login is a usage error naming the missing variable', async () => {
    const run = await runCli(['dev', '--port', '0', '--no-backup', '--no-dev-file', '--nats', url], {
      env: env({ NATS_USER: USER }),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('NATS_PASSWORD');
  });

  it('with NATS_USER and NATS_PASSWORD: runs the stack there and never prints the password', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'restorelab-dev-auth-'));
    const child = spawn(process.execPath, [BIN, '--json', 'dev', '--port', '0', '--no-backup', '--nats', url], {
      cwd,
      env: env({ NATS_USER: USER, NATS_PASSWORD: PASSWORD }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const info = await new Promise<{ nats: string; plannerUrl: string }>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          try {
            resolve(JSON.parse(stdout));
          } catch {
            // not a whole document yet
          }
        });
        child.once('exit', (code) => reject(new Error(`dev exited early with ${code}: ${stderr}`)));
      });
      expect(info.nats).toBe(url);
      const snapshots = await runCli(['snapshots', '--json'], { cwd });
      expect(snapshots.code, snapshots.stderr).toBe(0);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stdout + stderr).not.toContain(PASSWORD);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
