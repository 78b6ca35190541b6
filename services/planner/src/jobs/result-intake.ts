// Where the writers' answers come in: the results consumer (group commit: the results in hand are
// applied, every job they changed is saved once, and only then are they acked, so a result is never
// acked before the state holding it is in KV), dead letters, and results other planners hand over.
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { CONSUMERS, type DeadLetter, parseMessage, STREAMS, SUBJECTS } from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import { startWorkConsumer, type WorkConsumer } from '@restorelab/worker';
import { isStaleResult } from './job-results.ts';
import type { JobStore } from './job-store.ts';
import { type AnyResult, forwardResult, parseResult, serveForwarded } from './result-forwarding.ts';
import type { Runner } from './runner.ts';

/** Results applied before the job state is saved and they are acked, at most. */
const COMMIT_EVERY = 200;
/** Results pulled and in hand at once (each kept alive until it is acked). */
const RESULTS_IN_HAND = 400;

export interface ResultIntakeDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  jobs: JobStore;
  logger: Logger;
  runners: ReadonlyMap<string, Runner>;
  /** Applies a result to the job this planner runs (serialised with its other changes). */
  apply(runner: Runner, result: AnyResult): Promise<void>;
  deadLetter(runner: Runner, letter: DeadLetter): Promise<void>;
  /** Saves every job whose state changed since its last save. */
  saveDirty(): Promise<void>;
  /** Takes the job over if the planner holding it is gone or its lease expired (job-ownership.ts). */
  takeOver(jobId: string): Promise<void>;
}

export interface ResultIntake {
  stop(): Promise<void>;
}

function settledOrThrow(outcome: PromiseSettledResult<void>): void {
  if (outcome.status === 'rejected') throw outcome.reason;
}

export async function startResultIntake(deps: ResultIntakeDeps): Promise<ResultIntake> {
  const { nc, js, jobs, logger, runners } = deps;

  /** Applies a result to its job here, or settles it (acked, nak'd, handed over). */
  const onResult = async (msg: JsMsg): Promise<void> => {
    const isRecords = msg.subject.startsWith(`${SUBJECTS.resultsAll.slice(0, -1)}records.`);
    const result = parseResult(isRecords, msg.data);
    let runner = runners.get(result.jobId);
    if (!runner) {
      const state = await jobs.job(result.jobId);
      // A running job another planner runs: hand the result over (result-forwarding.ts).
      if (state?.status !== 'running') return msg.ack();
      // Its planner may be gone (killed): then the job is this one's to take over, and the result too.
      await deps.takeOver(result.jobId);
      runner = runners.get(result.jobId);
      if (!runner) {
        if (await forwardResult(nc, isRecords, result.jobId, msg.data)) return msg.ack();
        // Later, and later each time: an expired lease is taken over within the redeliveries left.
        return msg.nak(2_000 * msg.info.deliveryCount);
      }
    }
    // A late copy of an earlier attempt's result: this attempt asked again and gets its own answer.
    if (isStaleResult(runner.state, result)) {
      msg.ack();
      return;
    }
    await deps.apply(runner, result);
  };

  /** Applies results in hand, then saves every job they changed; one outcome per result. */
  const applyResults = async (msgs: readonly JsMsg[]): Promise<Array<PromiseSettledResult<void>>> => {
    const outcomes: Array<PromiseSettledResult<void>> = [];
    for (const msg of msgs) {
      try {
        await onResult(msg);
        outcomes.push({ status: 'fulfilled', value: undefined });
      } catch (err) {
        logger.error({ err, subject: msg.subject }, 'result not handled: redelivered later');
        outcomes.push({ status: 'rejected', reason: err });
      }
    }
    try {
      await deps.saveDirty();
    } catch (err) {
      logger.error({ err }, 'job state not saved: results redelivered later');
      return msgs.map(() => ({ status: 'rejected', reason: err }));
    }
    return outcomes;
  };

  // Fetch-bounded (no result waits unseen in a client buffer past the ack wait) and kept alive
  // while in hand.
  const results: WorkConsumer = await startWorkConsumer({
    js,
    stream: STREAMS.results,
    durable: CONSUMERS.plannerResults,
    logger,
    maxMessages: RESULTS_IN_HAND,
    maxBatch: COMMIT_EVERY,
    handle: async (msg) => applyResults([msg]).then((outcomes) => settledOrThrow(outcomes[0]!)),
    handleMany: (msgs) => applyResults(msgs),
  });
  const deadLetters: Subscription = nc.subscribe(SUBJECTS.deadLettersAll, {
    callback: (err, msg) => {
      if (err) return;
      const handle = async () => {
        const letter = parseMessage('deadLetter', msg.data);
        const runner = runners.get(letter.jobId);
        if (runner) await deps.deadLetter(runner, letter);
      };
      void handle().catch((e) => logger.error({ err: e }, 'dead letter not handled'));
    },
  });
  // A result another planner received for a job this one runs: applied and saved, then answered.
  const forwarded = serveForwarded(
    nc,
    async (result) => {
      const runner = runners.get(result.jobId);
      if (!runner) return false; // the planner that runs it answers (or nobody, and it is nak'd)
      if (isStaleResult(runner.state, result)) return true;
      await deps.apply(runner, result);
      await deps.saveDirty();
      return true;
    },
    (err) => logger.error({ err }, 'forwarded result lost'),
  );
  return {
    async stop() {
      deadLetters.unsubscribe();
      forwarded.unsubscribe();
      await results.stop();
    },
  };
}
