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

// One session per lane; the pool hands out a rule only when it knows a session is free. Sessions open
// side by side (each waits on its own nats-server starting), and a lane starts as soon as its own
// session is open: rules are listened for while the other sessions still open. If one cannot open,
// the worker reports it and the pool stops the thread.
const sessions: TargetSession[] = [];
const free: TargetSession[] = [];
const target = targetOf(spec);
let openFailed = false;
const openLane = async () => {
  try {
    const session = await target.open();
    sessions.push(session);
    if (openFailed) return;
    free.push(session);
    send({ type: 'ready' });
  } catch (err) {
    openFailed = true;
    throw err;
  }
};
const opening = Promise.allSettled(Array.from({ length: lanes }, openLane));

port.on('message', async (message: ToWorker) => {
  if (message.type === 'close') {
    // A session still opening (more lanes than rules) is closed with the others.
    await opening;
    for (const session of sessions) await session.close().catch(() => undefined);
    send({ type: 'closed' });
    port.close();
    return;
  }
  if (openFailed) return;
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

const refused = (await opening).find((o): o is PromiseRejectedResult => o.status === 'rejected');
if (refused) {
  for (const session of sessions) await session.close().catch(() => undefined);
  sessions.length = 0;
  free.length = 0;
  const reason: unknown = refused.reason;
  send({ type: 'open-failed', message: reason instanceof Error ? reason.message : String(reason) });
}
