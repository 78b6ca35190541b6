// The file-writer service: takes FileTask and AttachmentTask messages from the files work queue,
// reads their content from the JetStream object store (never from the message), restores them
// and publishes a FileTaskResult. Idempotent through the write ledger: a file whose version was
// inserted by an earlier delivery is not inserted again (only its links are completed), and a
// finished task's recorded result is published again instead of writing anything.

import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { jetstream } from '@nats-io/jetstream';
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
import {
  openWriteLedger,
  RetryLaterError,
  type RetryPolicy,
  startWorkConsumer,
  type WriteLedger,
} from '@restorelab/record-writer';
import type { Logger } from '@restorelab/runtime';
import type { Connection } from 'jsforce';
import { FileWriterError } from './errors.ts';
import { restoreAttachment } from './restore-attachment.ts';
import { restoreFiles } from './restore-file.ts';

export interface FileWriterOptions {
  nc: NatsConnection;
  conn: Connection;
  logger: Logger;
  retry?: RetryPolicy;
  maxMessages?: number;
}

export interface FileWriterService {
  stop(): Promise<void>;
}

/** What the ledger holds for a file: the version once inserted, then the final result. */
type FileLedgerEntry = { stage: 'inserted'; contentVersionId: string } | { stage: 'done'; result: FileTaskResult };
type AttachmentLedgerEntry = { stage: 'done'; result: FileTaskResult };

const TRANSIENT_ITEM_CODES = new Set(['TRANSIENT_RETRIES_EXHAUSTED']);

interface Deps {
  conn: Connection;
  ledger: WriteLedger;
  content: ObjectStore;
  logger: Logger;
  retry?: RetryPolicy;
}

async function readContent(store: ObjectStore, key: string, expectedSize: number | undefined): Promise<Uint8Array> {
  const blob = await store.getBlob(key);
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

export async function handleFileTask(task: FileTask, deps: Deps): Promise<FileTaskResult> {
  const log = deps.logger.child({ jobId: task.jobId, itemId: task.itemId, action: task.action });
  const seen = await deps.ledger.get<FileLedgerEntry>(task.jobId, 'file', task.itemId);
  if (seen?.stage === 'done') return seen.result;
  const base = {
    schemaVersion: 1 as const,
    jobId: task.jobId,
    kind: 'file' as const,
    taskIndex: task.taskIndex,
    itemId: task.itemId,
  };
  let content: Uint8Array | undefined;
  if (seen?.stage !== 'inserted') {
    try {
      content = await readContent(deps.content, task.contentKey, task.contentSize);
    } catch (err) {
      if (!(err instanceof FileWriterError)) throw err;
      const result = failedResult(base, err);
      await deps.ledger.put(task.jobId, 'file', task.itemId, { stage: 'done', result });
      return result;
    }
  }
  const report = await restoreFiles(
    deps.conn,
    [
      {
        task,
        ...(content ? { content } : {}),
        ...(seen?.stage === 'inserted' ? { insertedVersionId: seen.contentVersionId } : {}),
      },
    ],
    {
      ...(deps.retry ? { retry: deps.retry } : {}),
      onVersionInserted: (itemId, contentVersionId) =>
        deps.ledger.put(task.jobId, 'file', itemId, { stage: 'inserted', contentVersionId }),
    },
  );
  const r = report.results[0];
  if (!r) throw new Error('restoreFiles answered no result');
  if (r.error && TRANSIENT_ITEM_CODES.has(r.error.code)) throw new RetryLaterError(r.error.message);
  const result: FileTaskResult = {
    ...base,
    success: r.success,
    ...(task.action === 'create' && r.contentDocumentId ? { newId: r.contentDocumentId } : {}),
    ...(r.contentVersionId ? { contentVersionId: r.contentVersionId } : {}),
    linksWritten: r.linksWritten,
    ...(r.error ? { error: r.error } : {}),
  };
  if (report.stoppedBy) log.error('API allocation used up');
  else await deps.ledger.put(task.jobId, 'file', task.itemId, { stage: 'done', result });
  log.info({ success: r.success, linksWritten: r.linksWritten, apiCalls: report.apiCalls }, 'file restored');
  return result;
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
      body = await readContent(deps.content, task.bodyKey, undefined);
    } catch (err) {
      if (!(err instanceof FileWriterError)) throw err;
      const result = failedResult(base, err);
      await deps.ledger.put(task.jobId, 'attachment', task.itemId, { stage: 'done', result });
      return result;
    }
  }
  const r = await restoreAttachment(deps.conn, task, body, deps.retry ? { retry: deps.retry } : {});
  if (r.error && TRANSIENT_ITEM_CODES.has(r.error.code)) throw new RetryLaterError(r.error.message);
  const result: FileTaskResult = {
    ...base,
    success: r.success,
    ...(task.action === 'create' && r.attachmentId ? { newId: r.attachmentId } : {}),
    linksWritten: 0,
    ...(r.error ? { error: r.error } : {}),
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
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
  };
  const consumer = await startWorkConsumer({
    js,
    stream: STREAMS.files,
    durable: CONSUMERS.fileWriter,
    logger,
    ...(options.maxMessages ? { maxMessages: options.maxMessages } : {}),
    handle: async (msg: JsMsg) => {
      const kind = fileWorkKindOf(msg.subject);
      if (!kind) throw new ContractError('SCHEMA_INVALID', 'fileTask', [`no file work on subject ${msg.subject}`]);
      const result =
        kind === 'fileTask'
          ? await handleFileTask(parseMessage('fileTask', msg.data), deps)
          : await handleAttachmentTask(parseMessage('attachmentTask', msg.data), deps);
      const taskKind = kind === 'fileTask' ? 'file' : 'attachment';
      await js.publish(SUBJECTS.fileTaskResult(result.jobId), encodeMessage('fileTaskResult', result), {
        msgID: MSG_IDS.fileTaskResult(result.jobId, taskKind, result.taskIndex),
      });
    },
  });
  return { stop: () => consumer.stop() };
}
