// @restorelab/contracts: every NATS subject, stream, consumer, bucket and message schema restorelab
// uses, in one place. Validate at the boundary with `parseMessage`; publish with `encodeMessage`.
export type { EnsureOptions } from './ensure.ts';
export { awaitJetStream, consumerSpecs, ensureJetStream, missingJetStream, streamSpecs } from './ensure.ts';
export type { ContractErrorCode } from './errors.ts';
export { ContractError } from './errors.ts';
export { isTerminalJobStatus, JOB_STATUSES, type JobStatus, TERMINAL_JOB_STATUSES } from './job-status.ts';
export type {
  AttachmentTask,
  DeadLetter,
  FileTask,
  FileTaskResult,
  JobEvent,
  MessageInputOf,
  MessageKind,
  MessageOf,
  RecordBatch,
  RecordBatchItem,
  RecordBatchResult,
  RecordItemResult,
  WriteError,
} from './messages.ts';
export {
  AttachmentTaskSchema,
  COLLECTION_BATCH_LIMIT,
  DeadLetterSchema,
  encodeMessage,
  FAILURES_NAMED,
  FileTaskResultSchema,
  FileTaskSchema,
  GRAPH_BATCH_LIMIT,
  JobEventSchema,
  MESSAGE_SCHEMAS,
  parseMessage,
  RecordBatchResultSchema,
  RecordBatchSchema,
  SCHEMA_VERSION,
} from './messages.ts';
export {
  CONSUMERS,
  fileWorkKindOf,
  KV_BUCKETS,
  KV_KEYS,
  MSG_ID_HEADER,
  MSG_IDS,
  OBJECT_BUCKETS,
  REDELIVERY,
  STREAMS,
  SUBJECT_ROOT,
  SUBJECTS,
  workKeyOfMsgId,
} from './subjects.ts';
