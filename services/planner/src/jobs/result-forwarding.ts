// Several planners share the results consumer, so a result can reach a planner that does not run
// its job. That planner hands it over core NATS to the one that does (which answers once the result
// is saved) and acks it then; with nobody to answer, it is nak'd and comes again later. Bouncing it
// back to the stream instead would spend its bounded redeliveries and lose it.
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { parseMessage, SUBJECTS } from '@restorelab/contracts';

export type AnyResult = ReturnType<typeof parseResult>;

export function parseResult(isRecords: boolean, data: Uint8Array) {
  return isRecords ? parseMessage('recordBatchResult', data) : parseMessage('fileTaskResult', data);
}

/** True once the planner running the job has saved the result. */
export function forwardResult(
  nc: NatsConnection,
  isRecords: boolean,
  jobId: string,
  data: Uint8Array,
): Promise<boolean> {
  const subject = SUBJECTS.resultForward(isRecords ? 'records' : 'files', jobId);
  return nc.request(subject, data, { timeout: 10_000 }).then(
    () => true,
    () => false,
  );
}

/** Serves results handed over by other planners: `apply` answers false for a job not run here. */
export function serveForwarded(
  nc: NatsConnection,
  apply: (result: AnyResult) => Promise<boolean>,
  onError: (err: unknown) => void,
): Subscription {
  return nc.subscribe(SUBJECTS.resultForwardAll, {
    callback: (err, msg: Msg) => {
      if (err) return;
      const handle = async () => {
        if (await apply(parseResult(msg.subject.split('.').at(-2) === 'records', msg.data))) msg.respond();
      };
      void handle().catch(onError);
    },
  });
}
