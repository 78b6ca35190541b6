// The record-writer service: takes RecordBatch messages from the records work queue, writes them
// through sObject Collections, and publishes a RecordBatchResult. Idempotent through the write
// ledger: an item already in the ledger is not written again, its recorded result is reused.
// Stateless otherwise, so any number of instances can share the durable consumer.

import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  CONSUMERS,
  encodeMessage,
  MSG_IDS,
  parseMessage,
  type RecordBatch,
  type RecordItemResult,
  STREAMS,
  SUBJECTS,
} from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import { classifyFailure, errorCodeOf, type RetryPolicy, SalesforceCallError } from '@restorelab/salesforce/client';
import {
  openWriteLedger,
  RetryLaterError,
  startWorkConsumer,
  type WriteLedger,
  writeRecordBatch,
} from '@restorelab/worker';
import type { Connection } from 'jsforce';
import { batchFields, openBatchLedger, reconcileInterrupted } from './batch-ledger.ts';
import { handleGraphBatch } from './graph-batch.ts';
import { insertingMarkItemId, newInsertingMark } from './reconcile.ts';

export interface RecordWriterOptions {
  nc: NatsConnection;
  conn: Connection;
  logger: Logger;
  retry?: RetryPolicy;
  /** Batches in hand at once per instance. */
  maxMessages?: number;
  /**
   * Batches written at once per instance (default 2): a batch's ledger and NATS round trips overlap
   * another's Salesforce call. Batches of one wave never depend on each other.
   *
   * Salesforce limits only requests that run 20 s or longer: 25 at once in a production org or
   * sandbox, 5 in a Developer Edition or trial org; shorter requests have no concurrency limit
   * ("API Request Limits and Allocations", Salesforce Developer Limits and Allocations Quick
   * Reference). A 500-node graph can run that long in a busy org, so instances × this stays under
   * the org's figure. The default stays 2: against the mock, 4 measured no faster (the writer's own
   * CPU, about 16 ms per 500-node batch, bounds the write phase there, not the waits).
   */
  concurrency?: number;
}

export interface RecordWriterService {
  stop(): Promise<void>;
}

export async function handleRecordBatch(
  batch: RecordBatch,
  deps: {
    js: JetStreamClient;
    conn: Connection;
    ledger: WriteLedger;
    logger: Logger;
    retry?: RetryPolicy;
    /** Retries spent on transient failures are added here (the result message reports them). */
    stats?: { retries: number };
  },
): Promise<RecordItemResult[]> {
  const { ledger, logger } = deps;
  const where = batchFields(batch);
  // One ledger entry for the whole batch: read once, rewritten whole after each write (one round trip
  // per Collections call, not one per record). Puts are sequential, so the last one holds everything.
  const opened = await openBatchLedger(ledger, batch);
  const { known, remember } = opened;
  if (known.size > 0)
    logger.info({ ...where, fromLedger: known.size, toWrite: opened.toWrite.length }, 'batch seen before: ledger used');
  const markId = insertingMarkItemId(batch.wave, batch.batchIndex);
  // An earlier delivery was creating these records when it stopped: the org may have them.
  const reconciled =
    batch.operation === 'create'
      ? await reconcileInterrupted(batch, opened, opened.toWrite, deps, {
          typed: false,
          message: 'interrupted create reconciled',
        })
      : { mark: undefined, toWrite: opened.toWrite };
  let mark = reconciled.mark;
  const toWrite = reconciled.toWrite;
  let written: RecordItemResult[] = [];
  if (toWrite.length > 0) {
    try {
      const report = await writeRecordBatch(
        deps.conn,
        { objectType: batch.objectType, operation: batch.operation, items: toWrite },
        {
          ...(deps.retry ? { retry: deps.retry } : {}),
          // The earliest mark stays: a later one would hide what the first interrupted call created.
          onCreating: async () => {
            if (mark) return;
            mark = newInsertingMark(deps.conn);
            await ledger.put(batch.jobId, 'record', markId, mark);
          },
          onResults: remember,
        },
      );
      written = report.results;
      if (report.stoppedBy)
        logger.error({ ...where, stoppedBy: report.stoppedBy }, 'API allocation used up: batch stopped');
      if (deps.stats) deps.stats.retries += report.retries;
      logger.info(
        { ...where, apiCalls: report.apiCalls, retries: report.retries, items: toWrite.length },
        'batch written',
      );
    } catch (err) {
      const code = errorCodeOf(err);
      if (err instanceof SalesforceCallError && err.code === 'TRANSIENT_RETRIES_EXHAUSTED') {
        throw new RetryLaterError(err.message, { cause: err });
      }
      if (!code || classifyFailure(code) !== 'permanent' || !(err as { errorCode?: string }).errorCode) throw err;
      // Salesforce refused the whole call (e.g. INVALID_TYPE): every item fails with its reason.
      const error = { code, message: (err as Error).message, fields: [] };
      written = toWrite.map((i) => ({ itemId: i.itemId, sourceId: i.sourceId, success: false, error }));
      await remember(written);
    }
  }
  const byId = new Map([...known, ...written.map((r) => [r.itemId, r] as const)]);
  return batch.items.map((i) => byId.get(i.itemId) as RecordItemResult);
}

/**
 * Starts consuming the records work queue.
 *
 * ```ts
 * const writer = await startRecordWriter({ nc, conn, logger });
 * // ... later
 * await writer.stop();
 * ```
 */
export async function startRecordWriter(options: RecordWriterOptions): Promise<RecordWriterService> {
  const js = jetstream(options.nc);
  const ledger = await openWriteLedger(js);
  const logger = options.logger.child({ service: 'record-writer' });
  // Two deliveries of one batch can be in hand at once (a redelivery after a crash, while the first
  // copy waits): run them one after the other, so the second finds the first's results in the
  // ledger instead of creating the records again beside it (measured: 100 duplicates).
  const inHand = new Map<string, Promise<unknown>>();
  // Jobs whose org has no Composite Graph: their later graph batches go through Collections at once.
  const noGraph = new Set<string>();
  const oneAtATime = async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const before = inHand.get(key);
    const run = (before ? before.then(fn, fn) : fn()) as Promise<T>;
    inHand.set(key, run);
    try {
      return await run;
    } finally {
      if (inHand.get(key) === run) inHand.delete(key);
    }
  };
  const consumer = await startWorkConsumer({
    js,
    stream: STREAMS.records,
    durable: CONSUMERS.recordWriter,
    logger,
    // Enough in hand that every concurrent slot has a batch while the next are fetched.
    maxMessages: options.maxMessages ?? Math.max(8, 2 * (options.concurrency ?? 2)),
    concurrency: options.concurrency ?? 2,
    handle: async (msg: JsMsg) => {
      const batch = parseMessage('recordBatch', msg.data);
      const stats = { retries: 0 };
      const retry = options.retry ? { retry: options.retry } : {};
      const results = await oneAtATime(`${batch.jobId}.${batch.wave}.${batch.batchIndex}`, () =>
        batch.mode === 'graph'
          ? handleGraphBatch(batch, { conn: options.conn, ledger, logger, stats, noGraph, ...retry })
          : handleRecordBatch(batch, { js, conn: options.conn, ledger, logger, stats, ...retry }),
      );
      await js.publish(
        SUBJECTS.recordBatchResult(batch.jobId),
        encodeMessage('recordBatchResult', {
          schemaVersion: 1,
          jobId: batch.jobId,
          wave: batch.wave,
          batchIndex: batch.batchIndex,
          objectType: batch.objectType,
          operation: batch.operation,
          results,
          ...(batch.attempt ? { attempt: batch.attempt } : {}),
          ...(stats.retries > 0 ? { retries: stats.retries } : {}),
        }),
        // A resumed job's attempt goes into the id: the first attempt's result id is still in the window.
        { msgID: MSG_IDS.recordBatchResult(batch.jobId, batch.wave, batch.batchIndex, batch.attempt) },
      );
    },
  });
  return { stop: () => consumer.stop() };
}
