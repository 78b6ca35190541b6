// One restorelab service as a separate OS process (`node services/<svc>/src/main.ts`), so a test can
// kill it with SIGKILL the way a crashed host would. Every line it writes is kept (the credential
// scan reads them) and its JSON log lines are parsed so a test can wait for "ready".
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ServiceName = 'planner' | 'record-writer' | 'file-writer';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  /** Every raw line written to stdout and stderr, in order. */
  lines: string[];
  /** The lines that parsed as JSON. */
  logs(): LogLine[];
  /** Resolves with the first log line whose msg is `msg` (rejects if the process exits first). */
  waitForLog(msg: string, timeoutMs?: number): Promise<LogLine>;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown handler runs, nothing is acked or drained. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit (graceful shutdown). */
  stop(): Promise<void>;
}

/** Every service process started, so a forgotten one is still killed at the end of the run. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function spawnService(name: ServiceName, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [`services/${name}/src/main.ts`], {
    cwd: WORKSPACE_ROOT,
    // Only what the service needs: no inherited secrets, no inherited NATS_URL.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_NO_WARNINGS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  live.add(child);
  const lines: string[] = [];
  const parsed: LogLine[] = [];
  const watchers: Array<(line: LogLine) => void> = [];
  const onText = (() => {
    const partial = { stdout: '', stderr: '' };
    return (stream: 'stdout' | 'stderr', chunk: Buffer) => {
      const text = partial[stream] + chunk.toString('utf8');
      const parts = text.split('\n');
      partial[stream] = parts.pop() ?? '';
      for (const line of parts) {
        if (line === '') continue;
        lines.push(line);
        try {
          const value = JSON.parse(line) as LogLine;
          parsed.push(value);
          for (const w of [...watchers]) w(value);
        } catch {}
      }
    };
  })();
  child.stdout?.on('data', (c: Buffer) => onText('stdout', c));
  child.stderr?.on('data', (c: Buffer) => onText('stderr', c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => {
    exitInfo = e;
  });
  const pid = child.pid;

  return {
    name,
    pid,
    lines,
    logs: () => parsed,
    exited,
    waitForLog(msg, timeoutMs = 30_000) {
      const found = parsed.find((l) => l.msg === msg);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const watcher = (line: LogLine) => {
          if (line.msg !== msg) return;
          done();
          resolve(line);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name} did not log "${msg}" within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          watchers.splice(watchers.indexOf(watcher), 1);
        };
        watchers.push(watcher);
        void exited.then((e) => {
          if (!watchers.includes(watcher)) return;
          done();
          reject(new Error(`${name} exited (${e.signal ?? e.code}) before "${msg}":\n${lines.slice(-20).join('\n')}`));
        });
      });
    },
    async kill9() {
      if (exitInfo) return;
      process.kill(pid, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (exitInfo) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (!exitInfo) process.kill(pid, 'SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
