// @restorelab/worker: what every writer service shares. The work consumer (pull, keep alive,
// settle, dead-letter), the write ledger that makes redelivery safe, and runWorker, the process
// around a writer.

export { jobIdOfSubject, publishDeadLetter } from './dead-letter.ts';
export { RetryLaterError, type WorkerErrorCode } from './errors.ts';
export { type RunWorkerOptions, runWorker, type WorkerParts } from './run-worker.ts';
export {
  KEEP_ALIVE_MS,
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
export {
  GRAPH_LIMITS,
  type GraphWriteOptions,
  type GraphWriteReport,
  levelsOf,
  PARENT_NOT_RESTORED,
  writeRecordGraphs,
} from './write-graph.ts';
export {
  type LedgerKind,
  ledgerKey,
  openWriteLedger,
  type RecordBatchLedgerEntry,
  recordBatchLedgerId,
  type WriteLedger,
} from './write-ledger.ts';
