// Child processes of the end-to-end benchmark: each service runs as its own Node process (or
// nats-server), its output goes to a log file, and its CPU time and peak memory are read from /proc so
// the figures are the process's own, not the benchmark's.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../../..');

export interface Service {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has ended. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  logDir: string;
}

/** Starts a process whose stdout and stderr both go to `<logDir>/<name>.log`. */
export function spawnService(options: SpawnOptions): Service {
  const logFile = join(options.logDir, `${options.name}.log`);
  const out = createWriteStream(logFile);
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  if (child.pid === undefined) throw new Error(`${options.name} did not start (${options.command})`);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      // Let the pipes drain before the log is closed.
      setTimeout(() => {
        out.end();
        resolve(code ?? signal ?? 'unknown');
      }, 50);
    });
  });
  const stop = async (graceMs = 5_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { name: options.name, pid: child.pid, logFile, exited, stop };
}

/** A Node service of the workspace, run from its TypeScript source as `node <main.ts>`. */
export function spawnNode(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  logDir: string,
  nodeFlags: string[] = [],
): Service {
  return spawnService({ name, command: process.execPath, args: [...nodeFlags, script, ...args], env, logDir });
}

/** Waits until the log holds a line that matches, and returns the match; fails if the process ends first. */
export async function waitForLog(service: Service, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  let ended = false;
  void service.exited.then(() => {
    ended = true;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(service.logFile, 'utf8').catch(() => '');
    const match = text.match(pattern);
    if (match) return match;
    if (ended) throw new Error(`${service.name} exited before it was ready; its log:\n${text.slice(-2_000)}`);
    if (Date.now() > deadline)
      throw new Error(`${service.name} not ready after ${timeoutMs} ms; its log:\n${text.slice(-2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ProcessStats {
  /** User + system CPU time so far. */
  cpuMs: number;
  /** Peak resident set size so far (VmHWM). */
  peakRssBytes: number;
}

const TICKS_PER_SECOND = 100;

/** CPU time and peak RSS of a live process, from /proc (Linux only: undefined elsewhere or once it ended). */
export async function processStats(pid: number): Promise<ProcessStats | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const hwm = status.match(/VmHWM:\s+(\d+) kB/);
    return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, peakRssBytes: hwm ? Number(hwm[1]) * 1024 : 0 };
  } catch {
    return undefined;
  }
}

/** How many lines of a log match. */
export async function countLines(file: string, pattern: RegExp): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  let n = 0;
  for (const line of text.split('\n')) if (pattern.test(line)) n++;
  return n;
}

/**
 * Runs a command to its end within `timeoutMs`, with its stdout returned and stderr sent to a log.
 * Past the time it is killed, and this throws, unless `killedIsAnswer`: then `timedOut` says so.
 */
export async function runToEnd(
  options: SpawnOptions & { timeoutMs: number; killedIsAnswer?: boolean },
): Promise<{ code: number | string; stdout: string; ms: number; timedOut: boolean }> {
  const started = performance.now();
  const stdoutFile = join(options.logDir, `${options.name}.stdout`);
  const child = spawn(options.command, options.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const err = createWriteStream(join(options.logDir, `${options.name}.log`));
  child.stderr.pipe(err);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const code = await new Promise<number | string>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, signal) => resolve(c ?? signal ?? 'unknown'));
  });
  clearTimeout(timer);
  createWriteStream(stdoutFile).end(stdout);
  if (timedOut && !options.killedIsAnswer)
    throw new Error(`${options.name} did not end within ${Math.round(options.timeoutMs / 1000)} s (killed)`);
  return { code, stdout, ms: performance.now() - started, timedOut };
}
