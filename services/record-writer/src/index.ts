// record-writer: public face. Writer logic (free of NATS), the org-state reader the planner calls,
// the retry policy shared with file-writer, and the NATS service.
export { RecordWriterError, type RecordWriterErrorCode } from './errors.ts';
export {
  type LedgerKind,
  ledgerKey,
  openWriteLedger,
  type RecordBatchLedgerEntry,
  recordBatchLedgerId,
  type WriteLedger,
} from './ledger.ts';
export {
  type LiveFileState,
  type LiveRecordState,
  ORG_STATE_CHUNK_SIZE,
  type OrgStateOptions,
  readFileState,
  readOrgState,
} from './org-state.ts';
export {
  API_LIMIT_CODE,
  backoffDelay,
  callWithRetry,
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  errorCodeOf,
  type FailureKind,
  type RetryCounter,
  type RetryPolicy,
} from './retry.ts';
export { connectSalesforce, SALESFORCE_API_VERSION } from './salesforce-connection.ts';
export { handleRecordBatch, type RecordWriterOptions, type RecordWriterService, startRecordWriter } from './service.ts';
export {
  jobIdOfSubject,
  publishDeadLetter,
  RetryLaterError,
  startWorkConsumer,
  type WorkConsumer,
  type WorkConsumerOptions,
} from './work-consumer.ts';
export {
  COLLECTION_LIMIT,
  type RecordWriteBatch,
  type WriteBatchOptions,
  type WriteBatchReport,
  writeRecordBatch,
} from './write-batch.ts';
