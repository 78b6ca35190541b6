// The file-writer service: takes FileTask and AttachmentTask messages from the files work queue,
// reads their content from the JetStream object store (never from the message), restores them
// and publishes a FileTaskResult. Idempotent through the write ledger: a file whose version was
// inserted by an earlier delivery is not inserted again (only its links are completed), and a
// finished task's recorded result is published again instead of writing anything.

import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type ObjectStore, Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  type AttachmentTask,
  CONSUMERS,
  ContractError,
  encodeMessage,
  type FileTask,
  type FileTaskResult,
  fileWorkKindOf,
  MSG_IDS,
  OBJECT_BUCKETS,
  parseMessage,
  STREAMS,
  SUBJECTS,
} from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import type { RetryPolicy } from '@restorelab/salesforce/client';
import { openWriteLedger, RetryLaterError, startWorkConsumer, type WriteLedger } from '@restorelab/worker';
import type { Connection } from 'jsforce';
import { readObject } from './content.ts';
import { FileWriterError } from './errors.ts';
import { restoreAttachment } from './restore-attachment.ts';
import { restoreFiles } from './restore-file.ts';
import type { FileWriterSeams } from './seams.ts';

export interface FileWriterOptions {
  nc: NatsConnection;
  conn: Connection;
  logger: Logger;
  retry?: RetryPolicy;
  /** File and attachment tasks in hand at once. */
  maxMessages?: number;
  /** File tasks restored together (their document-id query and link calls shared). */
  maxBatch?: number;
  /** Suite power only: faults bent into the writer on purpose (see seams.ts). Code only. */
  seams?: FileWriterSeams;
}

/** Defaults: enough files per group that the shared calls vanish next to one insert per file. */
export const DEFAULT_FILES_IN_HAND = 100;
export const DEFAULT_FILES_PER_GROUP = 50;

export interface FileWriterService {
  stop(): Promise<void>;
}

/** What the ledger holds for a file: the version once inserted, then the final result. */
type FileLedgerEntry =
  // Written right before a version insert: a delivery that finds it asks the org before inserting.
  { stage: 'inserting' } | { stage: 'inserted'; contentVersionId: string } | { stage: 'done'; result: FileTaskResult };
type AttachmentLedgerEntry = { stage: 'done'; result: FileTaskResult };

const TRANSIENT_ITEM_CODES = new Set(['TRANSIENT_RETRIES_EXHAUSTED']);

interface Deps {
  conn: Connection;
  ledger: WriteLedger;
  content: ObjectStore;
  /** Reads a one-chunk object's chunk directly (see `readObject`); absent → the object store's own get. */
  jsm?: JetStreamManager;
  logger: Logger;
  retry?: RetryPolicy;
  seams?: FileWriterSeams;
}

async function readContent(deps: Deps, key: string, expectedSize: number | undefined): Promise<Uint8Array> {
  const blob = deps.jsm ? await readObject(deps.content, deps.jsm, key) : await deps.content.getBlob(key);
  if (!blob)
    throw new FileWriterError('CONTENT_MISSING', `no content under ${key} in ${OBJECT_BUCKETS.content}`, {
      contentKey: key,
    });
  if (expectedSize !== undefined && blob.byteLength !== expectedSize) {
    throw new FileWriterError(
      'CONTENT_MISMATCH',
      `content ${key} has ${blob.byteLength} bytes, the task says ${expectedSize}`,
      {
        contentKey: key,
      },
    );
  }
  return blob;
}

const failedResult = (
  base: Omit<FileTaskResult, 'success' | 'linksWritten'>,
  err: FileWriterError,
): FileTaskResult => ({
  ...base,
  success: false,
  linksWritten: 0,
  error: { code: err.code, message: err.message, fields: [] },
});

/**
 * Restores several file tasks together: one version insert per file, and for the whole group one
 * query for the new documents' ids and one sObject Collections call per 200 sharing links, instead
 * of both for every file. One outcome per task, in order; a transient failure rejects its task alone
 * (RetryLaterError), so only that message is redelivered.
 */
export async function handleFileTasks(
  tasks: readonly FileTask[],
  deps: Deps,
): Promise<Array<PromiseSettledResult<FileTaskResult>>> {
  const outcomes = new Array<PromiseSettledResult<FileTaskResult>>(tasks.length);
  const seen = await Promise.all(
    tasks.map((task) => deps.ledger.get<FileLedgerEntry>(task.jobId, 'file', task.itemId)),
  );
  const baseOf = (task: FileTask) => ({
    schemaVersion: 1 as const,
    jobId: task.jobId,
    kind: 'file' as const,
    taskIndex: task.taskIndex,
    itemId: task.itemId,
  });
  // Tasks to write, grouped by job: item ids are unique within a job only.
  const byJob = new Map<
    string,
    Array<{ at: number; content?: Uint8Array; insertedVersionId?: string; mayHaveInserted?: boolean }>
  >();
  // Two deliveries of one task can meet in a group (a redelivery while the first is still in
  // hand): only the first is restored; the copies take its outcome at the end.
  const firstAt = new Map<string, number>();
  const copyOf = new Map<number, number>();
  tasks.forEach((task, at) => {
    const key = `${task.jobId}\u0000${task.itemId}`;
    const first = firstAt.get(key);
    if (first === undefined) firstAt.set(key, at);
    else copyOf.set(at, first);
  });
  await Promise.all(
    tasks.map(async (task, at) => {
      if (copyOf.has(at)) return;
      const entry = seen[at];
      if (entry?.stage === 'done') {
        outcomes[at] = { status: 'fulfilled', value: entry.result };
        return;
      }
      let content: Uint8Array | undefined;
      if (entry?.stage !== 'inserted') {
        try {
          content = await readContent(deps, task.contentKey, task.contentSize);
        } catch (err) {
          if (!(err instanceof FileWriterError)) {
            outcomes[at] = { status: 'rejected', reason: err };
            return;
          }
          const result = failedResult(baseOf(task), err);
          await deps.ledger.put(task.jobId, 'file', task.itemId, { stage: 'done', result });
          outcomes[at] = { status: 'fulfilled', value: result };
          return;
        }
      }
      const group = byJob.get(task.jobId) ?? [];
      byJob.set(task.jobId, group);
      group.push({
        at,
        ...(content ? { content } : {}),
        ...(entry?.stage === 'inserted' ? { insertedVersionId: entry.contentVersionId } : {}),
        ...(entry?.stage === 'inserting' ? { mayHaveInserted: true } : {}),
      });
    }),
  );
  for (const [jobId, group] of byJob) {
    group.sort((a, b) => a.at - b.at);
    const report = await restoreFiles(
      deps.conn,
      group.map(({ at, content, insertedVersionId, mayHaveInserted }) => ({
        task: tasks[at]!,
        ...(content ? { content } : {}),
        ...(insertedVersionId ? { insertedVersionId } : {}),
        ...(mayHaveInserted ? { mayHaveInserted } : {}),
      })),
      {
        ...(deps.retry ? { retry: deps.retry } : {}),
        onVersionInserting: (itemId) => deps.ledger.put(jobId, 'file', itemId, { stage: 'inserting' }),
        onVersionInserted: async (itemId, contentVersionId) => {
          await deps.ledger.put(jobId, 'file', itemId, { stage: 'inserted', contentVersionId });
          const inserted = deps.seams?.versionInserted;
          const at = inserted && group.find((g) => tasks[g.at]!.itemId === itemId);
          if (at) await inserted({ conn: deps.conn, task: tasks[at.at]!, contentVersionId, content: at.content });
        },
        ...(deps.seams?.versionFields ? { versionFields: deps.seams.versionFields } : {}),
      },
    );
    const log = deps.logger.child({ jobId });
    if (report.stoppedBy) log.error('API allocation used up');
    log.info({ files: group.length, apiCalls: report.apiCalls, retries: report.retries }, 'files restored');
    // Retries are spent for the group, not per file: the first file's result reports them all.
    let retriesToReport = report.retries;
    await Promise.all(
      group.map(async ({ at }, n) => {
        const task = tasks[at]!;
        const r = report.results[n];
        if (!r) {
          outcomes[at] = { status: 'rejected', reason: new Error('restoreFiles answered no result') };
          return;
        }
        if (r.error && TRANSIENT_ITEM_CODES.has(r.error.code)) {
          outcomes[at] = { status: 'rejected', reason: new RetryLaterError(r.error.message) };
          return;
        }
        const result: FileTaskResult = {
          ...baseOf(task),
          success: r.success,
          ...(task.action === 'create' && r.contentDocumentId ? { newId: r.contentDocumentId } : {}),
          ...(r.contentVersionId ? { contentVersionId: r.contentVersionId } : {}),
          linksWritten: r.linksWritten,
          ...(r.error ? { error: r.error } : {}),
          ...(retriesToReport > 0 ? { retries: retriesToReport } : {}),
        };
        retriesToReport = 0;
        if (!report.stoppedBy) await deps.ledger.put(task.jobId, 'file', task.itemId, { stage: 'done', result });
        outcomes[at] = { status: 'fulfilled', value: result };
      }),
    );
  }
  for (const [at, first] of copyOf) outcomes[at] = outcomes[first]!;
  return outcomes;
}

/** One file task: `handleFileTasks` for a group of one. */
export async function handleFileTask(task: FileTask, deps: Deps): Promise<FileTaskResult> {
  const [outcome] = await handleFileTasks([task], deps);
  if (!outcome) throw new Error('handleFileTasks answered no outcome');
  if (outcome.status === 'rejected') throw outcome.reason;
  return outcome.value;
}

export async function handleAttachmentTask(task: AttachmentTask, deps: Deps): Promise<FileTaskResult> {
  const seen = await deps.ledger.get<AttachmentLedgerEntry>(task.jobId, 'attachment', task.itemId);
  if (seen?.stage === 'done') return seen.result;
  const base = {
    schemaVersion: 1 as const,
    jobId: task.jobId,
    kind: 'attachment' as const,
    taskIndex: task.taskIndex,
    itemId: task.itemId,
  };
  let body: Uint8Array | undefined;
  if (task.bodyKey) {
    try {
      body = await readContent(deps, task.bodyKey, undefined);
    } catch (err) {
      if (!(err instanceof FileWriterError)) throw err;
      const result = failedResult(base, err);
      await deps.ledger.put(task.jobId, 'attachment', task.itemId, { stage: 'done', result });
      return result;
    }
  }
  const counter = { calls: 0, retries: 0 };
  const r = await restoreAttachment(deps.conn, task, body, { counter, ...(deps.retry ? { retry: deps.retry } : {}) });
  if (r.error && TRANSIENT_ITEM_CODES.has(r.error.code)) throw new RetryLaterError(r.error.message);
  const result: FileTaskResult = {
    ...base,
    success: r.success,
    ...(task.action === 'create' && r.attachmentId ? { newId: r.attachmentId } : {}),
    linksWritten: 0,
    ...(r.error ? { error: r.error } : {}),
    ...(counter.retries > 0 ? { retries: counter.retries } : {}),
  };
  if (r.error?.code !== 'REQUEST_LIMIT_EXCEEDED') {
    await deps.ledger.put(task.jobId, 'attachment', task.itemId, { stage: 'done', result });
  }
  return result;
}

/**
 * Starts consuming the files work queue (files and attachments).
 *
 * ```ts
 * const writer = await startFileWriter({ nc, conn, logger });
 * await writer.stop();
 * ```
 */
export async function startFileWriter(options: FileWriterOptions): Promise<FileWriterService> {
  const js: JetStreamClient = jetstream(options.nc);
  const ledger = await openWriteLedger(js);
  const content = await new Objm(js).open(OBJECT_BUCKETS.content);
  const logger = options.logger.child({ service: 'file-writer' });
  const deps: Deps = {
    conn: options.conn,
    ledger,
    content,
    jsm: await jetstreamManager(options.nc),
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.seams ? { seams: options.seams } : {}),
  };
  const bendTask = options.seams?.fileTask;
  // The attempt comes from the task in hand, not from a result the ledger kept from an earlier
  // attempt: a resumed job's result needs the new id (the first attempt's is still in the window).
  const publishResult = (result: FileTaskResult, attempt: number | undefined) => {
    const { attempt: _earlier, ...rest } = result;
    const message: FileTaskResult = { ...rest, ...(attempt ? { attempt } : {}) };
    return js.publish(SUBJECTS.fileTaskResult(result.jobId), encodeMessage('fileTaskResult', message), {
      msgID: MSG_IDS.fileTaskResult(result.jobId, result.kind, result.taskIndex, attempt),
    });
  };
  const handleMany = async (msgs: JsMsg[]): Promise<Array<PromiseSettledResult<void>>> => {
    const outcomes = new Array<PromiseSettledResult<FileTaskResult>>(msgs.length);
    const attempts = new Array<number | undefined>(msgs.length);
    const files: Array<{ at: number; task: FileTask }> = [];
    const attachments: Array<{ at: number; task: AttachmentTask }> = [];
    msgs.forEach((msg, at) => {
      try {
        const kind = fileWorkKindOf(msg.subject);
        if (!kind) throw new ContractError('SCHEMA_INVALID', 'fileTask', [`no file work on subject ${msg.subject}`]);
        const task =
          kind === 'fileTask' ? parseMessage('fileTask', msg.data) : parseMessage('attachmentTask', msg.data);
        attempts[at] = task.attempt;
        if (kind === 'fileTask') {
          const file = task as FileTask;
          files.push({ at, task: bendTask ? bendTask(file, { runAs: options.conn.userInfo?.id }) : file });
        } else attachments.push({ at, task: task as AttachmentTask });
      } catch (reason) {
        outcomes[at] = { status: 'rejected', reason };
      }
    });
    if (files.length > 0) {
      const done = await handleFileTasks(
        files.map((f) => f.task),
        deps,
      );
      files.forEach((f, n) => {
        outcomes[f.at] = done[n]!;
      });
    }
    // An attachment is one call whatever its company: nothing to share between them.
    for (const { at, task } of attachments) {
      outcomes[at] = await handleAttachmentTask(task, deps).then(
        (value): PromiseSettledResult<FileTaskResult> => ({ status: 'fulfilled', value }),
        (reason): PromiseSettledResult<FileTaskResult> => ({ status: 'rejected', reason }),
      );
    }
    return Promise.all(
      outcomes.map(async (outcome, at): Promise<PromiseSettledResult<void>> => {
        if (outcome.status === 'rejected') return outcome;
        try {
          await publishResult(outcome.value, attempts[at]);
          return { status: 'fulfilled', value: undefined };
        } catch (reason) {
          return { status: 'rejected', reason };
        }
      }),
    );
  };
  const consumer = await startWorkConsumer({
    js,
    stream: STREAMS.files,
    durable: CONSUMERS.fileWriter,
    logger,
    maxMessages: options.maxMessages ?? DEFAULT_FILES_IN_HAND,
    maxBatch: options.maxBatch ?? DEFAULT_FILES_PER_GROUP,
    handle: async (msg) => {
      const [outcome] = await handleMany([msg]);
      if (outcome?.status === 'rejected') throw outcome.reason;
    },
    handleMany,
  });
  return { stop: () => consumer.stop() };
}
