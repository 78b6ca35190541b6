// A job's events for monitors: every JobEvent the job published, replayed from the events stream
// in order and then followed live, until the job's final status (or until the caller stops).
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { isTerminalJobStatus, type JobEvent, parseMessage, STREAMS, SUBJECTS } from '@restorelab/contracts';

/**
 * ```ts
 * for await (const event of jobEvents(nc, jobId, abort.signal)) console.log(event.type);
 * ```
 */
export async function* jobEvents(nc: NatsConnection, jobId: string, signal?: AbortSignal): AsyncGenerator<JobEvent> {
  const js = jetstream(nc);
  const consumer = await js.consumers.get(STREAMS.events, {
    filter_subjects: SUBJECTS.jobEvent(jobId), // one subject: nats-server 2.9 has no filter lists
    deliver_policy: DeliverPolicy.All,
  });
  const messages = await consumer.consume();
  const stop = () => void messages.close();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const msg of messages) {
      const event = parseMessage('jobEvent', msg.data);
      yield event;
      if (event.type === 'status' && isTerminalJobStatus(event.status)) break;
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    await messages.close();
  }
}
