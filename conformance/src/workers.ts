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
}

interface PoolOptions {
  spec: TargetSpec;
  rules: readonly string[];
  options: RuleRunOptions;
  workers: number;
  onResult: (result: RuleResult) => void;
}

const WORKER_URL = new URL('./worker-main.ts', import.meta.url);
/** How long a worker may take to close its session before it is stopped. */
const CLOSE_TIMEOUT_MS = 30_000;

/** Runs the rules on `workers` threads; resolves when every rule has a result. */
export async function runInWorkers(pool: PoolOptions): Promise<void> {
  const queue = [...pool.rules];
  const data: WorkerData = { spec: pool.spec, options: pool.options };
  let openFailure: Error | undefined;
  const runOne = () =>
    new Promise<void>((resolve) => {
      const worker = new Worker(WORKER_URL, { workerData: data });
      let current: string | undefined;
      const send = (message: ToWorker) => worker.postMessage(message);
      const next = () => {
        current = openFailure ? undefined : queue.shift();
        if (current) send({ type: 'rule', id: current });
        else {
          send({ type: 'close' });
          setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS).unref();
        }
      };
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') next();
        else if (message.type === 'result') {
          current = undefined;
          pool.onResult(message.result);
          next();
        } else if (message.type === 'open-failed') {
          openFailure ??= new Error(message.message);
          void worker.terminate();
        } else if (message.type === 'closed') void worker.terminate();
      });
      worker.on('error', (err) => {
        // A crash mid-rule is that rule's error; the other workers carry on with the queue.
        if (current) pool.onResult(errorResult(current, err));
        current = undefined;
      });
      // A thread that dies between rules leaves its share of the queue to the others.
      worker.on('exit', (code) => {
        if (current) pool.onResult(errorResult(current, new Error(`worker thread exited with code ${code}`)));
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
