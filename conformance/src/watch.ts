// `--watch`: re-runs the selected rules whenever a file under a workspace package's `src/` folder
// changes. Each run is a fresh Node process (watch-run.ts), so changed engine code is what runs —
// an ES module loaded once in this process would never be reloaded.
import { spawn } from 'node:child_process';
import { existsSync, type FSWatcher, readdirSync, watch } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  /** Called with each run's exit code (tests). */
  onRun?: (code: number) => void;
  folders?: readonly string[];
  debounceMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs once, then again after each change; resolves with the last run's exit code when stopped. */
export async function watchConformance(options: WatchOptions): Promise<number> {
  const controller = new AbortController();
  const signal = options.signal ?? controller.signal;
  const onSigint = () => controller.abort();
  if (!options.signal) process.once('SIGINT', onSigint);
  let last = 0;
  let running: Promise<void> | undefined;
  let again = false;
  const runOnce = (): Promise<void> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [RUNNER, JSON.stringify(options.runOptions)], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: options.env ?? process.env,
      });
      const forward = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').replace(/\n$/, '').split('\n')) options.print(line);
      };
      child.stdout.on('data', forward);
      child.stderr.on('data', forward);
      const stop = () => child.kill('SIGTERM');
      signal.addEventListener('abort', stop, { once: true });
      child.on('close', (code) => {
        signal.removeEventListener('abort', stop);
        last = code ?? 1;
        options.onRun?.(last);
        resolve();
      });
    });
  const trigger = () => {
    if (signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
        if (!signal.aborted) options.print('watching for changes under the workspace src/ folders (Ctrl-C stops)');
      } while (again && !signal.aborted);
      running = undefined;
    })();
  };
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(trigger, options.debounceMs ?? 300);
  };
  const watchers: FSWatcher[] = (options.folders ?? watchedFolders()).map((folder) =>
    watch(folder, { recursive: true }, changed),
  );
  trigger();
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  for (const w of watchers) w.close();
  process.off('SIGINT', onSigint);
  await running;
  return last;
}
