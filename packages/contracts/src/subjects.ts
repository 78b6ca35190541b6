// Every NATS name restorelab uses: streams, subjects, durable consumers, KV and object-store buckets,
// and the deterministic message ids that let JetStream drop a republished batch.
// Services import names from here only, so a rename happens in one place.

/** Prefix of every subject, so restorelab can share a NATS account with other software. */
export const SUBJECT_ROOT = 'restorelab';

export const STREAMS = {
  /** Record write batches, planner → record-writer (work queue). */
  records: 'RESTORELAB_RECORDS',
  /** File and attachment write tasks, planner → file-writer (work queue). */
  files: 'RESTORELAB_FILES',
  /** Per-batch and per-task results, writers → planner (work queue). */
  results: 'RESTORELAB_RESULTS',
  /** Job progress for monitors (kept for replay, not consumed away). */
  events: 'RESTORELAB_EVENTS',
  /** Messages a writer gave up on after its bounded redeliveries, or that broke their contract. */
  deadLetters: 'RESTORELAB_DEAD_LETTERS',
} as const;

export const SUBJECTS = {
  recordBatch: (jobId: string) => `${SUBJECT_ROOT}.records.batch.${token(jobId)}`,
  recordBatchAll: `${SUBJECT_ROOT}.records.batch.>`,
  fileTask: (jobId: string) => `${SUBJECT_ROOT}.files.file.${token(jobId)}`,
  attachmentTask: (jobId: string) => `${SUBJECT_ROOT}.files.attachment.${token(jobId)}`,
  fileWorkAll: `${SUBJECT_ROOT}.files.>`,
  recordBatchResult: (jobId: string) => `${SUBJECT_ROOT}.results.records.${token(jobId)}`,
  fileTaskResult: (jobId: string) => `${SUBJECT_ROOT}.results.files.${token(jobId)}`,
  resultsAll: `${SUBJECT_ROOT}.results.>`,
  jobEvent: (jobId: string) => `${SUBJECT_ROOT}.events.${token(jobId)}`,
  jobEventsAll: `${SUBJECT_ROOT}.events.>`,
  deadLetter: (jobId: string) => `${SUBJECT_ROOT}.dead.${token(jobId)}`,
  deadLettersAll: `${SUBJECT_ROOT}.dead.>`,
  /**
   * Core NATS (no stream): a result that reached a planner not running its job, handed to the planner
   * that runs it (several planners share the results consumer). The answer says it is saved.
   */
  resultForward: (kind: 'records' | 'files', jobId: string) =>
    `${SUBJECT_ROOT}.planner.forward.${kind}.${token(jobId)}`,
  resultForwardAll: `${SUBJECT_ROOT}.planner.forward.>`,
  /**
   * Core NATS (no stream): each planner answers on its own subject while its connection lives, so
   * another planner tells at once whether the holder of a job's lease is gone (no responders).
   */
  plannerAlive: (plannerId: string) => `${SUBJECT_ROOT}.planner.alive.${token(plannerId)}`,
  plannerAliveAll: `${SUBJECT_ROOT}.planner.alive.*`,
} as const;

/** Durable pull consumers; any number of worker instances share one. */
export const CONSUMERS = {
  recordWriter: 'record-writer',
  fileWriter: 'file-writer',
  plannerResults: 'planner-results',
} as const;

export const KV_BUCKETS = {
  /** Job state by job id: the planner resumes running jobs from it after a restart. */
  jobs: 'restorelab-jobs',
  /** Write ledger: one key per written item per job, checked before writing (idempotency). */
  writeLedger: 'restorelab-write-ledger',
} as const;

export const OBJECT_BUCKETS = {
  /** File and attachment content on its way to the file-writer; never inside a work message. */
  content: 'restorelab-content',
} as const;

/** Redelivery policy of the work consumers: bounded, with growing pauses. */
export const REDELIVERY = {
  /** Deliveries before a message is given up (and dead-lettered by the writer). */
  maxDeliver: 5,
  /** Pauses before the 1st..4th redelivery, in milliseconds (the last repeats). */
  backoffMs: [1_000, 5_000, 15_000, 60_000],
  /** Window in which JetStream drops a message whose Nats-Msg-Id it has seen. */
  duplicateWindowMs: 30 * 60_000,
} as const;

/** Which work a file-stream subject carries. */
export function fileWorkKindOf(subject: string): 'fileTask' | 'attachmentTask' | undefined {
  const part = subject.split('.')[2];
  if (part === 'file') return 'fileTask';
  if (part === 'attachment') return 'attachmentTask';
  return undefined;
}

/**
 * Message ids: the same logical message always gets the same id, so publishing it again
 * (a planner retry or restart) is dropped by the stream's duplicate window.
 *
 * `MSG_IDS.recordBatch('job-1', 2, 0) === 'job-1.w2.b0'`
 */
export const MSG_IDS = {
  recordBatch: (jobId: string, wave: number, batchIndex: number, attempt?: number) =>
    `${jobId}.w${int(wave)}.b${int(batchIndex)}${attemptPart(attempt)}`,
  recordBatchResult: (jobId: string, wave: number, batchIndex: number, attempt?: number) =>
    `${jobId}.w${int(wave)}.b${int(batchIndex)}${attemptPart(attempt)}.result`,
  fileTask: (jobId: string, taskIndex: number, attempt?: number) =>
    `${jobId}.file.${int(taskIndex)}${attemptPart(attempt)}`,
  attachmentTask: (jobId: string, taskIndex: number, attempt?: number) =>
    `${jobId}.attachment.${int(taskIndex)}${attemptPart(attempt)}`,
  fileTaskResult: (jobId: string, kind: 'file' | 'attachment', taskIndex: number, attempt?: number) =>
    `${jobId}.${kind}.${int(taskIndex)}${attemptPart(attempt)}.result`,
} as const;

/**
 * Keys of the KV buckets. KV keys allow only `-/_=.` and alphanumerics, so item ids such as
 * `record:001…` are spelled with `_` for anything else.
 *
 * `KV_KEYS.ledger('job-1', 'record:0015g0000000001AAA') === 'job-1.record_0015g0000000001AAA'`
 */
export const KV_KEYS = {
  job: (jobId: string) => token(jobId),
  ledger: (jobId: string, itemId: string) => `${token(jobId)}.${itemId.replace(/[^-/_=.a-zA-Z0-9]/g, '_')}`,
} as const;

/**
 * A resumed job publishes its work again; the streams would drop a message id seen in the last 30
 * minutes, so ids after the first attempt carry it (`job-1.w2.b0.a2`). The first attempt's ids are
 * unchanged. `workKeyOfMsgId` gives back the part after the job id without the attempt.
 */
function attemptPart(attempt: number | undefined): string {
  return attempt !== undefined && attempt > 1 ? `.a${int(attempt)}` : '';
}

/** `workKeyOfMsgId('job-1', 'job-1.w2.b0.a2') === 'w2.b0'`; undefined for another job's id. */
export function workKeyOfMsgId(jobId: string, msgId: string): string | undefined {
  if (!msgId.startsWith(`${jobId}.`)) return undefined;
  return msgId.slice(jobId.length + 1).replace(/\.a\d+$/, '');
}

/** Header JetStream reads for de-duplication. */
export const MSG_ID_HEADER = 'Nats-Msg-Id';

// Job ids become one subject token: no dots, spaces or wildcards.
function token(jobId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(jobId)) throw new RangeError(`job id must be a single subject token: ${jobId}`);
  return jobId;
}

function int(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`expected a non-negative integer, got ${n}`);
  return n;
}
