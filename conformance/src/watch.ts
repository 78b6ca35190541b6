// `--watch`: re-runs the selected rules whenever a file under a workspace package's `src/` folder
// changes. Each run is a fresh Node process (watch-run.ts), so changed engine code is what runs —
// an ES module loaded once in this process would never be reloaded.
//
// A rule developer's loop (edit one rule, see it pass or fail) would wait mostly for a run's set-up:
// starting Node, the org, NATS and the services. So after each run a warm process is started that
// does that set-up ahead of the next change, and runs the rules only once told which files changed;
// if it had loaded one of them already, it stands down and a cold run follows (watch-run.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, type FSWatcher, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WarmGo, WarmReply } from './watch-run.ts';

export const WORKSPACE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RUNNER = fileURLToPath(new URL('./watch-run.ts', import.meta.url));

/** The `src/` folders of every workspace package. */
export function watchedFolders(root = WORKSPACE_ROOT): string[] {
  const folders: string[] = [];
  for (const group of ['packages', 'services']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) folders.push(join(dir, name, 'src'));
  }
  folders.push(join(root, 'mock-salesforce', 'src'), join(root, 'conformance', 'src'));
  return folders.filter((f) => existsSync(f));
}

export interface WatchOptions {
  /** Options of one run, as runConformanceCommand takes them (JSON-serialisable, no watch). */
  runOptions: Record<string, unknown>;
  print: (line: string) => void;
  /** Stops watching; default: SIGINT. */
  signal?: AbortSignal;
  /** Called with each run's exit code and whether a warm process ran it (tests). */
  onRun?: (code: number, warm: boolean) => void;
  folders?: readonly string[];
  debounceMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Sessions a warm run opens ahead: one per lane when the selection fits in the lanes (one rule, or a
 * few), else none (a whole catalogue is faster spread over worker threads by a cold run).
 */
export function warmSessions(runOptions: Record<string, unknown>): number {
  const rules = typeof runOptions.rules === 'string' ? runOptions.rules.split(',').filter(Boolean) : [];
  const lanes = typeof runOptions.lanes === 'number' ? runOptions.lanes : 2;
  if (runOptions.path !== undefined) return 1;
  return rules.length > 0 && rules.length <= lanes ? rules.length : 0;
}

interface Warm {
  child: ChildProcess;
  exited: Promise<number>;
}

/** Runs once, then again after each change; resolves with the last run's exit code when stopped. */
export async function watchConformance(options: WatchOptions): Promise<number> {
  const controller = new AbortController();
  const signal = options.signal ?? controller.signal;
  const onSigint = () => controller.abort();
  if (!options.signal) process.once('SIGINT', onSigint);
  const sessions = warmSessions(options.runOptions);
  let last = 0;
  let running: Promise<void> | undefined;
  let changedFiles = new Set<string>();
  let warm: Warm | undefined;

  const start = (extra: string[], withIpc: boolean) => {
    const child = spawn(process.execPath, [RUNNER, JSON.stringify(options.runOptions), ...extra], {
      stdio: withIpc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').replace(/\n$/, '').split('\n')) options.print(line);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
    return { child, exited };
  };
  const startWarm = () => {
    if (sessions > 0 && !signal.aborted) warm = start(['--warm', String(sessions)], true);
  };
  /** The warm process's run for these changes, or undefined when it is stale or gone. */
  const runWarm = async (changed: string[]): Promise<number | undefined> => {
    const spare = warm;
    warm = undefined;
    if (!spare || spare.child.exitCode !== null || !spare.child.connected) return undefined;
    const reply = new Promise<{ stale: boolean } | undefined>((resolve) => {
      const onMessage = (message: WarmReply) => {
        if ('stale' in message) {
          spare.child.off('message', onMessage);
          resolve(message);
        }
      };
      spare.child.on('message', onMessage);
      void spare.exited.then(() => resolve(undefined));
    });
    const go: WarmGo = { changed };
    spare.child.send(go);
    const answer = await reply;
    if (!answer || answer.stale) {
      await spare.exited;
      return undefined;
    }
    const stop = () => spare.child.kill('SIGTERM');
    signal.addEventListener('abort', stop, { once: true });
    const code = await spare.exited;
    signal.removeEventListener('abort', stop);
    return code;
  };
  const runCold = async (): Promise<number> => {
    const { child, exited } = start([], false);
    const stop = () => child.kill('SIGTERM');
    signal.addEventListener('abort', stop, { once: true });
    const code = await exited;
    signal.removeEventListener('abort', stop);
    return code;
  };
  const trigger = () => {
    if (signal.aborted || running) return;
    running = (async () => {
      do {
        const changed = [...changedFiles];
        changedFiles = new Set();
        const warmCode = await runWarm(changed);
        last = warmCode ?? (signal.aborted ? last : await runCold());
        options.onRun?.(last, warmCode !== undefined);
        // Set up the next run while the developer edits.
        startWarm();
        if (!signal.aborted) options.print('watching for changes under the workspace src/ folders (Ctrl-C stops)');
      } while (changedFiles.size > 0 && !signal.aborted);
      running = undefined;
    })();
  };
  let timer: NodeJS.Timeout | undefined;
  const watchers: FSWatcher[] = (options.folders ?? watchedFolders()).map((folder) =>
    watch(folder, { recursive: true }, (_event, name) => {
      changedFiles.add(name ? join(folder, name.toString()) : folder);
      clearTimeout(timer);
      timer = setTimeout(trigger, options.debounceMs ?? 300);
    }),
  );
  // The first run is cold: nothing was prepared yet.
  trigger();
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  for (const w of watchers) w.close();
  process.off('SIGINT', onSigint);
  await running;
  // An idle warm process closes its sessions and ends when told to. (Not by disconnecting it: a child
  // the parent disconnects never emits 'close'.)
  if (warm?.child.connected) warm.child.send({ stop: true } satisfies WarmGo);
  await warm?.exited;
  return last;
}
