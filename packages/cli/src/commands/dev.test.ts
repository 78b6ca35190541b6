import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../../test/run-cli.ts';

interface DevJson {
  plannerUrl: string;
  token: string;
  nats: string;
  devFile: string;
  mock: { url: string; username: string; password: string };
}

const listening = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('restorelab dev', () => {
  it('runs the stack, leaves its URL and token for the other commands, and stops everything on Ctrl-C', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'restorelab-dev-'));
    const child = spawn(process.execPath, [BIN, '--json', 'dev', '--port', '0', '--no-backup'], {
      cwd,
      env: { ...process.env, PLANNER_URL: '', PLANNER_TOKEN: '', NATS_URL: '', STORE_DIR: '', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      const info = await new Promise<DevJson>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          try {
            resolve(JSON.parse(stdout));
          } catch {
            // not a whole JSON document yet
          }
        });
        child.once('exit', (code) => reject(new Error(`dev exited early with ${code}`)));
      });
      expect(info.mock.username).toBeTruthy();
      expect(info.devFile).toBe(join(cwd, '.restorelab', 'dev.json'));
      expect(statSync(info.devFile).mode & 0o777).toBe(0o600); // it holds the token
      expect(await listening(info.nats)).toBe(true);

      // No flags, no environment: the commands find the stack through .restorelab/dev.json.
      const snapshots = await runCli(['snapshots', '--json'], { cwd });
      expect(snapshots.code, snapshots.stderr).toBe(0);
      expect(JSON.parse(snapshots.stdout)).toEqual({ snapshots: [] });
      const orgs = await fetch(`${info.plannerUrl}/v1/orgs`, { headers: { authorization: `Bearer ${info.token}` } });
      expect(((await orgs.json()) as { orgs: Array<{ connected: boolean }> }).orgs[0]?.connected).toBe(true);

      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(existsSync(info.devFile)).toBe(false);
      expect(await listening(info.nats)).toBe(false); // no orphan nats-server
      expect(await listening(info.plannerUrl)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
