// Rules spread over worker threads. Each worker opens its own session of the target (its own mock
// org, NATS server and services), then takes rules one at a time from a shared queue, so a slow
// rule does not hold up the others. A property run is mostly single-threaded JavaScript (the org,
// the services and the suite share one event loop), so a second core is only used this way.
import { Worker } from 'node:worker_threads';
import { CATALOGUE } from './rules/index.ts';
import type { RuleResult, RuleRunOptions } from './run.ts';
import type { TargetSpec } from './targets/target.ts';

/** main → worker */
export type ToWorker = { type: 'rule'; id: string } | { type: 'close' };
/** worker → main */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string }
  | { type: 'result'; result: RuleResult }
  | { type: 'closed' };

export interface WorkerData {
  spec: TargetSpec;
  options: RuleRunOptions;
  /** Sessions the worker opens: it says `ready` once for each, and runs that many rules at once. */
  lanes: number;
}

interface PoolOptions {
  spec: TargetSpec;
  rules: readonly string[];
  options: RuleRunOptions;
  workers: number;
  /** Rules each worker runs at once, each on its own session (default 1). */
  lanes?: number;
  onResult: (result: RuleResult) => void;
}

const WORKER_URL = new URL('./worker-main.ts', import.meta.url);
/** How long a worker may take to close its session before it is stopped. */
const CLOSE_TIMEOUT_MS = 30_000;

/** Runs the rules on `workers` threads; resolves when every rule has a result. */
export async function runInWorkers(pool: PoolOptions): Promise<void> {
  const queue = [...pool.rules];
  const data: WorkerData = { spec: pool.spec, options: pool.options, lanes: Math.max(1, pool.lanes ?? 1) };
  let openFailure: Error | undefined;
  const runOne = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(WORKER_URL, { workerData: data });
      // The rules this worker is running now (one per busy session).
      const running = new Set<string>();
      let closing = false;
      const send = (message: ToWorker) => worker.postMessage(message);
      // A session came free: hand it the next rule, or close the worker once nothing runs on it.
      const next = () => {
        const rule = openFailure ? undefined : queue.shift();
        if (rule) {
          running.add(rule);
          send({ type: 'rule', id: rule });
        } else if (running.size === 0 && !closing) {
          closing = true;
          send({ type: 'close' });
          setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS).unref();
        }
      };
      const failRunning = (err: Error) => {
        for (const id of running) pool.onResult(errorResult(id, err));
        running.clear();
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') next();
        else if (message.type === 'result') {
          running.delete(message.result.id);
          pool.onResult(message.result);
          next();
        } else if (message.type === 'open-failed') {
          openFailure ??= new Error(message.message);
          void worker.terminate();
        } else if (message.type === 'closed') void worker.terminate();
      });
      // A crash mid-rule is an error of every rule the worker was running; the others carry on.
      worker.on('error', (err) => failRunning(err));
      // A thread that dies between rules leaves its share of the queue to the others.
      worker.on('exit', (code) => {
        failRunning(new Error(`worker thread exited with code ${code}`));
        resolve();
      });
    });
  await Promise.all(Array.from({ length: pool.workers }, runOne));
  if (openFailure) throw openFailure;
  // Every worker died: what is left could not run.
  for (const id of queue) pool.onResult(errorResult(id, new Error('no worker thread was left to run it')));
}

/** A rule that could not run to its end: its outcome is `error`, with the reason. */
export function errorResult(id: string, err: unknown): RuleResult {
  const rule = CATALOGUE.find((r) => r.id === id);
  const message = err instanceof Error ? err.message : String(err);
  return {
    id,
    slug: rule?.slug ?? '',
    statement: rule?.statement ?? '',
    outcome: 'error',
    runs: 0,
    durationMs: 0,
    error: message,
  };
}
