// The loop both writers run: pull messages from a durable JetStream consumer, hand each to a
// handler, and settle it. A message that breaks its contract goes to the dead-letter subject with
// the reason and is acked (redelivering it cannot help); a transient failure is nak'ed with a delay
// until the consumer's delivery bound, then dead-lettered too.

import type { Consumer, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { ContractError, encodeMessage, MSG_ID_HEADER, REDELIVERY, SUBJECTS } from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import { backoffDelay, DEFAULT_RETRY_POLICY } from './retry.ts';

/** Thrown by a handler to ask for a later redelivery (the org is busy, the network dropped). */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  readonly code = 'RETRY_LATER';
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
  }
}

export interface WorkConsumerOptions {
  js: JetStreamClient;
  stream: string;
  durable: string;
  logger: Logger;
  /** Handles one message; resolves when its results are published. Throws to settle it otherwise. */
  handle: (msg: JsMsg) => Promise<void>;
  /** Messages pulled at once. */
  maxMessages?: number;
}

export interface WorkConsumer {
  /** Stops pulling, lets the message in hand finish, and resolves when the loop has ended. */
  stop(): Promise<void>;
}

const JOB_TOKEN = /^[A-Za-z0-9_-]+$/;

/** The job id a work subject ends with (`restorelab.records.batch.<jobId>`), for dead letters. */
export function jobIdOfSubject(subject: string): string {
  const last = subject.split('.').pop() ?? '';
  return JOB_TOKEN.test(last) ? last : 'unknown';
}

export async function publishDeadLetter(js: JetStreamClient, msg: JsMsg, reason: string): Promise<void> {
  const jobId = jobIdOfSubject(msg.subject);
  const msgId = msg.headers?.get(MSG_ID_HEADER);
  await js.publish(
    SUBJECTS.deadLetter(jobId),
    encodeMessage('deadLetter', {
      schemaVersion: 1,
      jobId,
      subject: msg.subject,
      ...(msgId ? { msgId } : {}),
      deliveries: msg.info.deliveryCount,
      reason,
      payload: new TextDecoder().decode(msg.data),
    }),
  );
}

export async function startWorkConsumer(options: WorkConsumerOptions): Promise<WorkConsumer> {
  const { js, logger } = options;
  const consumer: Consumer = await js.consumers.get(options.stream, options.durable);
  const messages = await consumer.consume({ max_messages: options.maxMessages ?? 8 });
  const loop = (async () => {
    for await (const msg of messages) {
      const log = logger.child({ subject: msg.subject, seq: msg.seq, delivery: msg.info.deliveryCount });
      try {
        await options.handle(msg);
        msg.ack();
      } catch (err) {
        await settleFailure(js, msg, err, log);
      }
    }
  })();
  return {
    async stop() {
      messages.stop();
      await loop;
    },
  };
}

async function settleFailure(js: JetStreamClient, msg: JsMsg, err: unknown, log: Logger): Promise<void> {
  try {
    if (err instanceof ContractError) {
      log.warn({ err }, 'poison message: dead-lettered');
      await publishDeadLetter(js, msg, `${err.code}: ${err.message}`);
      msg.ack();
      return;
    }
    const lastTry = msg.info.deliveryCount >= REDELIVERY.maxDeliver;
    if (lastTry) {
      log.error({ err }, 'giving up after the last delivery: dead-lettered');
      await publishDeadLetter(
        js,
        msg,
        `gave up after ${msg.info.deliveryCount} deliveries: ${err instanceof Error ? err.message : String(err)}`,
      );
      msg.ack();
      return;
    }
    const delay = backoffDelay(
      { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 60_000 },
      msg.info.deliveryCount,
    );
    log.warn({ err, delayMs: delay }, err instanceof RetryLaterError ? 'will retry later' : 'failed: will retry');
    msg.nak(delay);
  } catch (settleErr) {
    // Not acked: JetStream redelivers after the ack wait, which is the safe side.
    log.error({ err: settleErr }, 'could not settle a failed message');
  }
}
