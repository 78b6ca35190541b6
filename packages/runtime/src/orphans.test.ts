// No orphan nats-server: a child Node process owns an embedded server, the test signals or kills the child,
// and then checks that the server process and its temporary folder are gone.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';

const OWNER = join(import.meta.dirname, 'test-fixtures', 'embedded-owner.ts');

interface Owner {
  child: ChildProcess;
  serverPid: number;
  runDir: string;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const owners: Owner[] = [];
afterEach(async () => {
  // Safety net only: if a test failed midway, do not leave its processes behind.
  for (const owner of owners.splice(0)) {
    owner.child.kill('SIGKILL');
    if (isAlive(owner.serverPid)) process.kill(owner.serverPid, 'SIGKILL');
  }
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

async function startOwner(args: string[], options: { ownGroup?: boolean } = {}): Promise<Owner> {
  // ownGroup: the owner leads a process group, like a command started from a terminal, so the test can send
  // a signal to the whole group the way Ctrl-C does.
  const child = spawn(process.execPath, [OWNER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownGroup ?? false,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 15_000;
  while (!out.includes('\n')) {
    if (Date.now() > deadline || (child.exitCode !== null && !out.includes('\n'))) {
      child.kill('SIGKILL');
      throw new Error(`owner did not report its server: ${out}${err}`);
    }
    await sleep(20);
  }
  const { pid, storeDir } = JSON.parse(out.split('\n')[0]!) as { pid: number; storeDir: string };
  const owner: Owner = { child, serverPid: pid, runDir: dirname(storeDir), stdout: () => out, exited };
  owners.push(owner);
  expect(isAlive(pid)).toBe(true);
  expect(existsSync(owner.runDir)).toBe(true);
  return owner;
}

async function expectGoneWithin(owner: Owner, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while ((isAlive(owner.serverPid) || existsSync(owner.runDir)) && Date.now() < deadline) await sleep(50);
  expect(isAlive(owner.serverPid), `nats-server ${owner.serverPid} still running`).toBe(false);
  expect(existsSync(owner.runDir), `${owner.runDir} still there`).toBe(false);
}

describe('an owner with shutdown handlers', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('on %s runs its closers, stops nats-server and exits %i', async (signal, code) => {
    const owner = await startOwner(['--handlers']);
    owner.child.kill(signal);
    expect(await owner.exited).toEqual({ code, signal: null });
    expect(owner.stdout()).toContain('closers ran');
    // The closers awaited the server's exit, so it is gone by the time the owner is.
    expect(isAlive(owner.serverPid)).toBe(false);
    await expectGoneWithin(owner, 2000);
  });
});

describe('an owner that dies without running any cleanup code', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGKILL'] as const)('on %s leaves no nats-server behind', async (signal) => {
    const owner = await startOwner([]);
    owner.child.kill(signal);
    expect(await owner.exited).toEqual({ code: null, signal });
    // The watchdog notices the closed pipe, stops the server and removes the temporary folder.
    await expectGoneWithin(owner, 8000);
  });
});

describe('Ctrl-C in a terminal (SIGINT to the whole process group)', () => {
  it.each([
    [['--handlers'], { code: 130, signal: null }],
    [[], { code: null, signal: 'SIGINT' }],
  ] as const)('owner %j: no nats-server left behind', async (args, exit) => {
    const owner = await startOwner([...args], { ownGroup: true });
    process.kill(-owner.child.pid!, 'SIGINT');
    expect(await owner.exited).toEqual(exit);
    await expectGoneWithin(owner, 8000);
  });
});

describe("a SIGKILL to the owner's whole process group (a supervisor or CI runner timing out)", () => {
  it('leaves no nats-server behind', async () => {
    const owner = await startOwner([], { ownGroup: true });
    process.kill(-owner.child.pid!, 'SIGKILL');
    expect(await owner.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await expectGoneWithin(owner, 8000);
  });
});

describe('an owner that calls process.exit without stopping its server', () => {
  it('leaves no nats-server behind', async () => {
    const owner = await startOwner(['--exit']);
    expect(await owner.exited).toEqual({ code: 0, signal: null });
    await expectGoneWithin(owner, 8000);
  });
});
