// Writes a batch of records through sObject Collections (`/composite/sobjects`, allOrNone false):
// creates in POST calls, updates in PATCH calls, 200 records a call. Every item gets its own
// outcome; items that failed with a lock (UNABLE_TO_LOCK_ROW) are tried again on their own.

import type { RecordBatchItem, RecordItemResult, WriteError } from '@restorelab/contracts';
import {
  API_LIMIT_CODE,
  backoffDelay,
  type CallCounter,
  callWithRetry,
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  SalesforceCallError,
} from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';

/** Salesforce's cap on records per sObject Collections call. */
export const COLLECTION_LIMIT = 200;

/** What one call of the writer writes: one object type, one operation (a contract RecordBatch fits). */
export interface RecordWriteBatch {
  objectType: string;
  operation: 'create' | 'update';
  items: readonly RecordBatchItem[];
}

export interface WriteBatchOptions {
  retry?: RetryPolicy;
  /**
   * Called after every Collections call with the final results it produced, before the next call,
   * so a caller can record them (the service's ledger) right after the write.
   */
  onResults?: (results: RecordItemResult[]) => Promise<void> | void;
  /**
   * Called right before every create call: the caller records the intent, so a delivery after a
   * crash mid-call knows to ask the org what the call created (see `reconcile.ts`).
   */
  onCreating?: () => Promise<void> | void;
}

export interface WriteBatchReport {
  /** One result per input item, in input order. */
  results: RecordItemResult[];
  /** API calls made (retries included). */
  apiCalls: number;
  /** Retries spent on transient failures (whole calls and single items). */
  retries: number;
  /**
   * Set when the org's daily API allocation ran out part way: the items not written carry
   * REQUEST_LIMIT_EXCEEDED and must not be retried before the allocation recovers.
   */
  stoppedBy?: 'REQUEST_LIMIT_EXCEEDED';
}

interface SaveResult {
  id?: string | null;
  success: boolean;
  errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[];
}

function toWriteErrors(result: SaveResult): WriteError[] {
  const errors = (result.errors ?? []).map((e) => ({
    code: e.statusCode ?? e.errorCode ?? 'UNKNOWN_ERROR',
    message: e.message ?? '',
    fields: e.fields ?? [],
  }));
  return errors.length > 0 ? errors : [{ code: 'UNKNOWN_ERROR', message: 'no error given', fields: [] }];
}

function toPayload(objectType: string, item: RecordBatchItem): Record<string, unknown> {
  const { Id: _id, id: _lowerId, attributes: _attributes, ...fields } = item.fields;
  const record: Record<string, unknown> = { attributes: { type: objectType }, ...fields };
  if (item.targetId) record.id = item.targetId;
  return record;
}

async function collectionCall(
  conn: Connection,
  batch: RecordWriteBatch,
  items: readonly RecordBatchItem[],
): Promise<SaveResult[]> {
  const answer = await conn.request<SaveResult[]>({
    method: batch.operation === 'create' ? 'POST' : 'PATCH',
    url: '/composite/sobjects',
    body: JSON.stringify({ allOrNone: false, records: items.map((i) => toPayload(batch.objectType, i)) }),
    headers: { 'content-type': 'application/json' },
  });
  if (!Array.isArray(answer) || answer.length !== items.length) {
    throw new SalesforceCallError(
      'UNEXPECTED_RESPONSE',
      `sObject Collections answered ${Array.isArray(answer) ? answer.length : 'no'} results for ${items.length} records`,
    );
  }
  return answer;
}

/** The first Salesforce error carries the reason; the others are joined into its message. */
function failure(item: RecordBatchItem, errors: WriteError[]): RecordItemResult {
  const [first, ...rest] = errors as [WriteError, ...WriteError[]];
  const message = [first.message, ...rest.map((e) => `${e.code}: ${e.message}`)].join('; ');
  return {
    itemId: item.itemId,
    sourceId: item.sourceId,
    success: false,
    error: { code: first.code, message, fields: [...new Set(errors.flatMap((e) => e.fields))] },
  };
}

/**
 * Writes a batch (one object type, create or update) through sObject Collections with allOrNone
 * false, 200 records a call, and reports each item.
 *
 * ```ts
 * const { results } = await writeRecordBatch(conn, {
 *   objectType: 'Account', operation: 'create',
 *   items: [{ itemId: 'i1', sourceId: '001…old', fields: { Name: 'Acme' } }],
 * });
 * // results[0] → { itemId: 'i1', sourceId: '001…old', success: true, newId: '001…new' }
 * ```
 *
 * Throws only for failures no item can survive (a dead session, retries exhausted); a used-up
 * API allocation is reported in `stoppedBy`, the items not written carrying REQUEST_LIMIT_EXCEEDED.
 */
export async function writeRecordBatch(
  conn: Connection,
  batch: RecordWriteBatch,
  options: WriteBatchOptions = {},
): Promise<WriteBatchReport> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const counter: CallCounter = { calls: 0, retries: 0 };
  const results = new Map<string, RecordItemResult>();
  let stoppedBy: WriteBatchReport['stoppedBy'];

  for (let start = 0; start < batch.items.length && !stoppedBy; start += COLLECTION_LIMIT) {
    let pending = batch.items.slice(start, start + COLLECTION_LIMIT);
    for (let attempt = 1; pending.length > 0; attempt++) {
      let answers: SaveResult[];
      try {
        const sending = pending;
        if (batch.operation === 'create') await options.onCreating?.();
        answers = await callWithRetry(() => collectionCall(conn, batch, sending), policy, counter);
      } catch (err) {
        if (err instanceof SalesforceCallError && err.code === 'API_LIMIT_EXCEEDED') {
          stoppedBy = 'REQUEST_LIMIT_EXCEEDED';
          break;
        }
        throw err;
      }
      const done: RecordItemResult[] = [];
      const locked: RecordBatchItem[] = [];
      answers.forEach((answer, index) => {
        const item = pending[index] as RecordBatchItem;
        if (answer.success && answer.id) {
          done.push({ itemId: item.itemId, sourceId: item.sourceId, success: true, newId: answer.id });
          return;
        }
        const errors = toWriteErrors(answer);
        // Row locks clear in moments: try those items again on their own; the rest are final.
        const transient = errors.every((e) => classifyFailure(e.code) === 'transient');
        if (transient && attempt < policy.maxAttempts) locked.push(item);
        else done.push(failure(item, errors));
      });
      for (const r of done) results.set(r.itemId, r);
      if (done.length > 0) await options.onResults?.(done);
      pending = locked;
      if (pending.length > 0) {
        counter.retries++;
        await sleep(backoffDelay(policy, attempt));
      }
    }
  }

  const ordered = batch.items.map(
    (item): RecordItemResult =>
      results.get(item.itemId) ??
      failure(item, [
        { code: API_LIMIT_CODE, message: 'not written: the org has no API requests left today', fields: [] },
      ]),
  );
  return { results: ordered, apiCalls: counter.calls, retries: counter.retries, ...(stoppedBy ? { stoppedBy } : {}) };
}
