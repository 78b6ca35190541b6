import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PLANNER_PORT as RUNTIME_DEFAULT } from '@restorelab/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDevFile, writeDevFile } from '../dev-file.ts';
import { DEFAULT_PLANNER_PORT, resolveTarget } from './target.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'restorelab-target-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const devInfo = (pid: number) => ({
  plannerUrl: 'http://127.0.0.1:5555',
  token: 'dev-token',
  pid,
  startedAt: new Date().toISOString(),
});

describe('resolveTarget', () => {
  it('keeps the default port in step with the runtime', () => {
    expect(DEFAULT_PLANNER_PORT).toBe(RUNTIME_DEFAULT);
  });

  it('takes the flags first, then PLANNER_URL / PLANNER_TOKEN, then the dev file, then the default', async () => {
    await writeDevFile(dir, devInfo(process.pid));
    const env = { PLANNER_URL: 'http://planner.example:80/v1/', PLANNER_TOKEN: 'env-token' };
    expect(resolveTarget({ planner: 'http://flag:1', token: 't' }, env, dir)).toEqual({
      url: 'http://flag:1',
      token: 't',
      source: 'flag',
    });
    expect(resolveTarget({}, env, dir)).toEqual({ url: 'http://planner.example', token: 'env-token', source: 'env' });
    expect(resolveTarget({}, {}, join(dir))).toEqual({
      url: 'http://127.0.0.1:5555',
      token: 'dev-token',
      source: 'dev-file',
    });
    expect(resolveTarget({}, {}, tmpdir())).toMatchObject({ url: 'http://127.0.0.1:7420', source: 'default' });
  });

  it('finds the dev file from a sub-folder and ignores one whose process has ended', async () => {
    await writeDevFile(dir, devInfo(process.pid));
    expect(findDevFile(join(dir, 'a', 'b'))?.info.token).toBe('dev-token');
    await writeDevFile(dir, devInfo(2 ** 22 + 12345)); // above Linux's pid_max: no such process
    expect(findDevFile(dir)).toBeUndefined();
  });

  it('refuses a planner URL that is not http(s) with one line naming where it came from', () => {
    expect(() => resolveTarget({ planner: 'nats://x:4222' }, {}, dir)).toThrow(/--planner: expected an http\(s\) URL/);
    expect(() => resolveTarget({}, { PLANNER_URL: 'not a url' }, dir)).toThrow(/PLANNER_URL: expected/);
  });
});
