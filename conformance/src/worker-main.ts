// A worker thread of runInWorkers: opens one session of the target, runs the rules it is handed one
// at a time, closes the session when told. Every message it sends is plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { CATALOGUE } from './rules/index.ts';
import { runRule } from './run.ts';
import { mockTarget } from './targets/mock.ts';
import { stackTarget } from './targets/stack.ts';
import type { ConformanceTarget, TargetSession, TargetSpec } from './targets/target.ts';
import { errorResult, type FromWorker, type ToWorker, type WorkerData } from './workers.ts';

const port = parentPort;
if (!port) throw new Error('worker-main.ts runs as a worker thread of runInWorkers');
const { spec, options } = workerData as WorkerData;
const send = (message: FromWorker) => port.postMessage(message);

function targetOf(s: TargetSpec): ConformanceTarget {
  return s.kind === 'mock' ? mockTarget() : stackTarget();
}

let session: TargetSession | undefined;
try {
  session = await targetOf(spec).open();
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'open-failed', message: err instanceof Error ? err.message : String(err) });
}

// Rules arrive one at a time (the next only after this one's result), so they never overlap here.
port.on('message', async (message: ToWorker) => {
  if (!session) return;
  if (message.type === 'close') {
    await session.close().catch(() => undefined);
    send({ type: 'closed' });
    port.close();
    return;
  }
  const rule = CATALOGUE.find((r) => r.id === message.id);
  if (!rule) throw new Error(`unknown rule ${message.id}`);
  try {
    send({ type: 'result', result: await runRule(session, rule, options) });
  } catch (err) {
    send({ type: 'result', result: errorResult(rule.id, err) });
  }
});
