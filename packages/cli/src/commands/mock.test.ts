import { spawn } from 'node:child_process';
import { join } from 'node:path';
import jsforce from 'jsforce';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin.ts');

describe('restorelab mock', () => {
  it('serves the demo org that jsforce logs in to, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [bin, '--json', 'mock', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const info = await new Promise<{ loginUrl: string; username: string; password: string }>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        try {
          resolve(JSON.parse(stdout));
        } catch {
          // not a whole JSON document yet
        }
      });
      child.once('exit', (code) => reject(new Error(`mock exited early with ${code}`)));
    });
    try {
      const conn = new jsforce.Connection({ loginUrl: info.loginUrl });
      await conn.login(info.username, info.password);
      const accounts = await conn.query<{ Name: string }>('SELECT Name FROM Account');
      expect(accounts.totalSize).toBeGreaterThan(0);
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });
});
