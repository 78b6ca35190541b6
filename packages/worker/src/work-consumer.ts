// The loop both writers run: pull messages from a durable JetStream consumer, hand each to a
// handler, and settle it. A message that breaks its contract goes to the dead-letter subject with
// the reason and is acked (redelivering it cannot help); a transient failure is nak'ed with a delay
// until the consumer's delivery bound, then dead-lettered too.

import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { ContractError, REDELIVERY } from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import { backoffDelay, DEFAULT_RETRY_POLICY } from '@restorelab/salesforce/client';
import { publishDeadLetter } from './dead-letter.ts';
import { RetryLaterError } from './errors.ts';

export interface WorkConsumerOptions {
  js: JetStreamClient;
  stream: string;
  durable: string;
  logger: Logger;
  /** Handles one message; resolves when its results are published. Throws to settle it otherwise. */
  handle: (msg: JsMsg) => Promise<void>;
  /**
   * Handles several messages in hand at once (e.g. files whose links share one Collections call);
   * one settled outcome per message, in order, each settled like `handle`'s. Absent → `handle`.
   */
  handleMany?: (msgs: JsMsg[]) => Promise<Array<PromiseSettledResult<void>>>;
  /** Most messages handed to `handleMany` at once (default: all in hand). */
  maxBatch?: number;
  /** Messages in hand at once (pulled, waiting or being handled). */
  maxMessages?: number;
  /** Handlers running at once (default 1). */
  concurrency?: number;
}

export interface WorkConsumer {
  /** Stops pulling, lets the messages being handled finish, hands back the waiting ones, resolves when done. */
  stop(): Promise<void>;
}

/**
 * How often messages in hand tell the server they are still being worked on. The consumers' ack
 * wait is their first backoff step (1 s): a message waiting behind others must not be redelivered.
 */
export const KEEP_ALIVE_MS = 300;

/**
 * Pulls at most `maxMessages` messages at a time (fetch, so none waits unseen in a client buffer),
 * keeps every message in hand alive until it is settled, and hands them to the handler as they come:
 * several at once when `handleMany` is given.
 */
export async function startWorkConsumer(options: WorkConsumerOptions): Promise<WorkConsumer> {
  const { js, logger } = options;
  const consumer: Consumer = await js.consumers.get(options.stream, options.durable);
  const capacity = Math.max(1, options.maxMessages ?? 8);
  const maxBatch = Math.max(1, options.maxBatch ?? capacity);
  const held = new Set<JsMsg>();
  const waiting: JsMsg[] = [];
  let stopped = false;
  let fetching: ConsumerMessages | undefined;
  let wake: () => void = () => {};
  let changed = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const notify = () => {
    wake();
    changed = new Promise<void>((resolve) => {
      wake = resolve;
    });
  };
  const keepAlive = setInterval(() => {
    for (const msg of held) msg.working();
  }, KEEP_ALIVE_MS);
  keepAlive.unref();

  const reader = (async () => {
    while (!stopped) {
      const room = capacity - held.size;
      if (room <= 0) {
        await changed;
        continue;
      }
      try {
        fetching = await consumer.fetch({ max_messages: room, expires: 5_000 });
        for await (const msg of fetching) {
          held.add(msg);
          waiting.push(msg);
          notify();
        }
      } catch (err) {
        if (stopped) break;
        logger.warn({ err }, 'pulling work failed: trying again');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  const settle = async (msg: JsMsg, outcome: PromiseSettledResult<void>) => {
    if (outcome.status === 'fulfilled') msg.ack();
    else {
      const log = logger.child({ subject: msg.subject, seq: msg.seq, delivery: msg.info.deliveryCount });
      await settleFailure(js, msg, outcome.reason, log);
    }
    held.delete(msg);
  };
  const work = async () => {
    for (;;) {
      if (stopped) return;
      if (waiting.length === 0) {
        await changed;
        continue;
      }
      const batch = waiting.splice(0, options.handleMany ? maxBatch : 1);
      let outcomes: Array<PromiseSettledResult<void>>;
      if (options.handleMany) {
        try {
          outcomes = await options.handleMany(batch);
        } catch (reason) {
          outcomes = batch.map(() => ({ status: 'rejected', reason }));
        }
      } else {
        outcomes = [
          await options.handle(batch[0]!).then(
            (): PromiseSettledResult<void> => ({ status: 'fulfilled', value: undefined }),
            (reason): PromiseSettledResult<void> => ({ status: 'rejected', reason }),
          ),
        ];
      }
      for (const [i, msg] of batch.entries())
        await settle(msg, outcomes[i] ?? { status: 'rejected', reason: new Error('no outcome') });
      notify();
    }
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 1) }, work);

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      await fetching?.close();
      notify();
      await reader;
      await Promise.all(workers);
      // Whatever arrived while stopping goes back at once, for another instance to take.
      for (const msg of waiting.splice(0)) {
        msg.nak();
        held.delete(msg);
      }
      clearInterval(keepAlive);
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
