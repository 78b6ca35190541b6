// A worker thread of runInWorkers: opens a session of the target per lane, runs the rules it is
// handed (as many at once as it has sessions), closes the sessions when told. Every message it sends
// is plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { CATALOGUE } from './rules/index.ts';
import { runRule } from './run.ts';
import { mockTarget } from './targets/mock.ts';
import { stackTarget } from './targets/stack.ts';
import type { ConformanceTarget, TargetSession, TargetSpec } from './targets/target.ts';
import { errorResult, type FromWorker, type ToWorker, type WorkerData } from './workers.ts';

const port = parentPort;
if (!port) throw new Error('worker-main.ts runs as a worker thread of runInWorkers');
const { spec, options, lanes } = workerData as WorkerData;
const send = (message: FromWorker) => port.postMessage(message);

function targetOf(s: TargetSpec): ConformanceTarget {
  return s.kind === 'mock' ? mockTarget() : stackTarget();
}

// One session per lane; the pool hands out a rule only when it knows a session is free.
const sessions: TargetSession[] = [];
const free: TargetSession[] = [];
try {
  const target = targetOf(spec);
  for (let i = 0; i < lanes; i++) sessions.push(await target.open());
  free.push(...sessions);
  for (let i = 0; i < sessions.length; i++) send({ type: 'ready' });
} catch (err) {
  for (const session of sessions) await session.close().catch(() => undefined);
  sessions.length = 0;
  send({ type: 'open-failed', message: err instanceof Error ? err.message : String(err) });
}

port.on('message', async (message: ToWorker) => {
  if (sessions.length === 0) return;
  if (message.type === 'close') {
    for (const session of sessions) await session.close().catch(() => undefined);
    send({ type: 'closed' });
    port.close();
    return;
  }
  const rule = CATALOGUE.find((r) => r.id === message.id);
  if (!rule) throw new Error(`unknown rule ${message.id}`);
  const session = free.pop();
  if (!session) throw new Error(`rule ${message.id} arrived with every session busy`);
  try {
    send({ type: 'result', result: await runRule(session, rule, options) });
  } catch (err) {
    send({ type: 'result', result: errorResult(rule.id, err) });
  } finally {
    free.push(session);
  }
});
