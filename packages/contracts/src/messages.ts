// Message schemas: one zod schema per message kind. Every message carries `schemaVersion: 1`;
// `parseMessage` is the only way bytes become a message inside a service, `encodeMessage` the only
// way a message becomes bytes, so nothing unchecked crosses NATS in either direction.
import { z } from 'zod';
import { ContractError } from './errors.ts';
import { JOB_STATUSES } from './job-status.ts';

export const SCHEMA_VERSION = 1 as const;

const version = z.literal(SCHEMA_VERSION);
const jobId = z.string().regex(/^[A-Za-z0-9_-]+$/, 'a single subject token');
const index = z.number().int().nonnegative();
const sfId = z.string().min(15).max(18);
/**
 * A record's field values: a plain object of any values. Checked as a whole and passed on as it is:
 * z.record would check and copy every field of every record, half the cost of parsing a 500-record
 * batch (1.5 ms → 1.05 ms per batch measured), paid by the writer for every batch it writes.
 */
const fieldValues = z.custom<Record<string, unknown>>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null),
  { error: 'expected an object of field values' },
);

/** Why a write failed, as Salesforce says it (code like FIELD_INTEGRITY_EXCEPTION). */
export const WriteErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  fields: z.array(z.string()),
});

export const RecordBatchItemSchema = z.object({
  /** The plan's item id, key of the write ledger. */
  itemId: z.string().min(1),
  /** The record's id in the snapshot. */
  sourceId: sfId,
  /** The id to update (absent on create). */
  targetId: sfId.optional(),
  /** Values to write, references already rewritten to live ids. */
  fields: fieldValues,
  /** Graph batches only: the item's object type (a graph mixes types). */
  objectType: z.string().min(1).optional(),
  /** Graph batches only: which graph of the batch (one transaction) the item belongs to. */
  graph: index.optional(),
  /**
   * Graph batches only: links to items of the same batch, whose new ids the writer fills in
   * (`@{ref.id}` in a graph). A mandatory link to an item that failed fails this item too.
   */
  refs: z.array(z.object({ field: z.string().min(1), itemId: z.string().min(1), mandatory: z.boolean() })).optional(),
});

/** Records per sObject Collections call, and so per collections batch. */
export const COLLECTION_BATCH_LIMIT = 200;
/** Nodes per Composite Graph payload, and so per graph batch. */
export const GRAPH_BATCH_LIMIT = 500;

export const RecordBatchSchema = z
  .object({
    schemaVersion: version,
    jobId,
    wave: index,
    batchIndex: index,
    operation: z.enum(['create', 'update']),
    objectType: z.string().min(1),
    /**
     * `graph`: new records written through Composite Graph, items carrying their type, graph and
     * links to each other (see RecordBatchItemSchema); absent: sObject Collections, one type.
     */
    mode: z.literal('graph').optional(),
    items: z.array(RecordBatchItemSchema).min(1).max(GRAPH_BATCH_LIMIT),
    /** Which run of the job this is: absent on the first, 2 and up after a resume (goes into message ids). */
    attempt: z.number().int().min(1).optional(),
  })
  .refine((b) => b.mode === 'graph' || b.items.length <= COLLECTION_BATCH_LIMIT, {
    message: `a collections batch holds at most ${COLLECTION_BATCH_LIMIT} items`,
    path: ['items'],
  });

export const RecordItemResultSchema = z.object({
  itemId: z.string().min(1),
  sourceId: sfId,
  success: z.boolean(),
  newId: sfId.optional(),
  error: WriteErrorSchema.optional(),
  /** Graph batches only: the item's object type. */
  objectType: z.string().min(1).optional(),
});

export const RecordBatchResultSchema = z.object({
  schemaVersion: version,
  jobId,
  wave: index,
  batchIndex: index,
  objectType: z.string().min(1),
  operation: z.enum(['create', 'update']),
  results: z.array(RecordItemResultSchema),
  /** Which run of the job this is: absent on the first, 2 and up after a resume (goes into message ids). */
  attempt: z.number().int().min(1).optional(),
  /** Retries the writer spent on transient failures (503, row locks, expired sessions) for this message. */
  retries: z.number().int().nonnegative().optional(),
});

export const FileLinkSchema = z.object({
  linkedEntityId: sfId,
  shareType: z.enum(['V', 'C', 'I']),
  visibility: z.enum(['AllUsers', 'InternalUsers', 'SharedUsers']),
});

export const FileTaskSchema = z.object({
  schemaVersion: version,
  jobId,
  taskIndex: index,
  itemId: z.string().min(1),
  /** ContentDocument id in the snapshot. */
  contentDocumentId: sfId,
  /** R19: create a document, add a version to it, or overwrite its latest version. */
  action: z.enum(['create', 'newVersion', 'overwrite']),
  /** The live document to version or overwrite (absent on create). */
  targetContentDocumentId: sfId.optional(),
  /** R15: the owner is kept; the creator is whoever the writer runs as (the admin). */
  ownerId: sfId,
  title: z.string(),
  pathOnClient: z.string().min(1),
  /** Key in the content object-store bucket. */
  contentKey: z.string().min(1),
  contentHash: z.string().min(1),
  contentSize: z.number().int().nonnegative(),
  /** R17: every sharing link to re-create (linked ids as in the snapshot; map them with `targetIds`). */
  links: z.array(FileLinkSchema),
  /** Snapshot id → live id for records restored with new ids (R06). */
  targetIds: z.record(z.string(), sfId),
  /** Which run of the job this is: absent on the first, 2 and up after a resume (goes into message ids). */
  attempt: z.number().int().min(1).optional(),
});

export const AttachmentTaskSchema = z.object({
  schemaVersion: version,
  jobId,
  taskIndex: index,
  itemId: z.string().min(1),
  /** Attachment id in the snapshot. */
  sourceId: sfId,
  action: z.enum(['create', 'overwrite']),
  /** The live attachment to overwrite (absent on create). */
  targetId: sfId.optional(),
  /** The live parent id, already mapped to the new id when the parent was re-created. */
  parentId: sfId,
  name: z.string().min(1),
  contentType: z.string().nullable(),
  isPrivate: z.boolean(),
  ownerId: sfId,
  description: z.string().nullable(),
  /** Key of the body in the content bucket; null for metadata-only attachments (R13). */
  bodyKey: z.string().min(1).nullable(),
  /** Which run of the job this is: absent on the first, 2 and up after a resume (goes into message ids). */
  attempt: z.number().int().min(1).optional(),
});

export const FileTaskResultSchema = z.object({
  schemaVersion: version,
  jobId,
  kind: z.enum(['file', 'attachment']),
  taskIndex: index,
  itemId: z.string().min(1),
  success: z.boolean(),
  /** New ContentDocument id / Attachment id when one was created. */
  newId: sfId.optional(),
  contentVersionId: sfId.optional(),
  /** Sharing links written (metafiles, R05). */
  linksWritten: z.number().int().nonnegative().default(0),
  error: WriteErrorSchema.optional(),
  /** Which run of the job this is: absent on the first, 2 and up after a resume (goes into message ids). */
  attempt: z.number().int().min(1).optional(),
  /** Retries the writer spent on transient failures (503, row locks, expired sessions) for this message. */
  retries: z.number().int().nonnegative().optional(),
});

// A job's status as its events carry it: the job statuses themselves ('planned' was listed here once,
// but no planner ever published it).
const jobStatus = z.enum(JOB_STATUSES);
/** Failures one `failures` event names at most. */
export const FAILURES_NAMED = 20;
const eventBase = { schemaVersion: version, jobId, at: z.string().min(1) };

export const JobEventSchema = z.discriminatedUnion('type', [
  z.object({ ...eventBase, type: z.literal('status'), status: jobStatus, reason: z.string().optional() }),
  z.object({
    ...eventBase,
    type: z.literal('progress'),
    wave: index,
    written: index,
    skipped: index,
    failed: index,
    metafiles: index,
    total: index,
  }),
  // Failures of one answered batch (or of one step's blocked items), the first few named: a job
  // publishes events per batch, never per record, so a job of a million records stays followable.
  z.object({
    ...eventBase,
    type: z.literal('failures'),
    /** Items the batch failed. */
    count: index,
    failures: z
      .array(z.object({ itemId: z.string().min(1), objectType: z.string().min(1), error: WriteErrorSchema }))
      .max(FAILURES_NAMED),
  }),
  // One item's outcome: no longer published (see `failures`), still read from older event streams.
  z.object({
    ...eventBase,
    type: z.literal('item'),
    itemId: z.string().min(1),
    objectType: z.string().min(1),
    outcome: z.enum(['created', 'updated', 'skipped', 'failed']),
    newId: sfId.optional(),
    error: WriteErrorSchema.optional(),
  }),
]);

export const DeadLetterSchema = z.object({
  schemaVersion: version,
  jobId,
  /** The subject the message was taken from. */
  subject: z.string().min(1),
  /** Nats-Msg-Id of the original, when it had one. */
  msgId: z.string().optional(),
  deliveries: z.number().int().nonnegative(),
  reason: z.string(),
  /** The original message text, kept verbatim for inspection or replay. */
  payload: z.string(),
});

export const MESSAGE_SCHEMAS = {
  recordBatch: RecordBatchSchema,
  recordBatchResult: RecordBatchResultSchema,
  fileTask: FileTaskSchema,
  attachmentTask: AttachmentTaskSchema,
  fileTaskResult: FileTaskResultSchema,
  jobEvent: JobEventSchema,
  deadLetter: DeadLetterSchema,
} as const;

export type MessageKind = keyof typeof MESSAGE_SCHEMAS;
export type MessageOf<K extends MessageKind> = z.output<(typeof MESSAGE_SCHEMAS)[K]>;
/** What a producer builds (defaults may be left out). */
export type MessageInputOf<K extends MessageKind> = z.input<(typeof MESSAGE_SCHEMAS)[K]>;

export type RecordBatch = MessageOf<'recordBatch'>;
export type RecordBatchItem = z.output<typeof RecordBatchItemSchema>;
export type RecordBatchResult = MessageOf<'recordBatchResult'>;
export type RecordItemResult = z.output<typeof RecordItemResultSchema>;
export type FileTask = MessageOf<'fileTask'>;
export type AttachmentTask = MessageOf<'attachmentTask'>;
export type FileTaskResult = MessageOf<'fileTaskResult'>;
export type JobEvent = MessageOf<'jobEvent'>;
export type DeadLetter = MessageOf<'deadLetter'>;
export type WriteError = z.output<typeof WriteErrorSchema>;

const decoder = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * Checks bytes (or text) from NATS against the contract of `kind` and returns the typed message.
 * Throws `ContractError` (SCHEMA_INVALID, or SCHEMA_VERSION_UNSUPPORTED for another version).
 *
 * `const batch = parseMessage('recordBatch', msg.data);`
 */
export function parseMessage<K extends MessageKind>(kind: K, data: Uint8Array | string): MessageOf<K> {
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : decoder.decode(data));
  } catch (cause) {
    throw new ContractError('SCHEMA_INVALID', kind, ['not UTF-8 JSON'], { cause });
  }
  // The version is checked first so a newer producer gets a precise answer, not a list of field errors.
  if (typeof value === 'object' && value !== null && 'schemaVersion' in value) {
    const v = (value as { schemaVersion: unknown }).schemaVersion;
    if (v !== SCHEMA_VERSION) {
      throw new ContractError('SCHEMA_VERSION_UNSUPPORTED', kind, [
        `schemaVersion ${JSON.stringify(v)} is not supported (this build reads ${SCHEMA_VERSION})`,
      ]);
    }
  }
  return validate(kind, value);
}

/** Validates a message and returns its bytes; a producer never sends what a consumer would reject. */
export function encodeMessage<K extends MessageKind>(kind: K, message: MessageInputOf<K>): Uint8Array {
  return encoder.encode(JSON.stringify(validate(kind, message)));
}

function validate<K extends MessageKind>(kind: K, value: unknown): MessageOf<K> {
  const result = MESSAGE_SCHEMAS[kind].safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.message}`);
    throw new ContractError('SCHEMA_INVALID', kind, issues, { cause: result.error });
  }
  return result.data as MessageOf<K>;
}
