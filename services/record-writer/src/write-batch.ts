// Writes a batch of records through sObject Collections (`/composite/sobjects`, allOrNone false):
// creates in POST calls, updates in PATCH calls, 200 records a call. Every item gets its own
// outcome; items that failed with a lock (UNABLE_TO_LOCK_ROW) are tried again on their own.

import type { Connection } from 'jsforce';
import { RecordWriterError } from './errors.ts';
import {
  backoffDelay,
  callWithRetry,
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  type RetryCounter,
  type RetryPolicy,
} from './retry.ts';

/** Salesforce's cap on records per sObject Collections call. */
export const COLLECTION_LIMIT = 200;

export interface RecordWrite {
  /** The item's stable key in its job (the idempotency ledger key), e.g. the backed-up record id. */
  key: string;
  sobjectType: string;
  operation: 'create' | 'update';
  /** The org record to update (update only). */
  id?: string;
  /** Field values to write; never Id or attributes. */
  fields: Record<string, unknown>;
}

export interface ItemError {
  code: string;
  message: string;
  fields: string[];
}

export type RecordWriteResult =
  | { key: string; outcome: 'created' | 'updated'; id: string }
  | { key: string; outcome: 'failed'; id?: string; errors: ItemError[] };

export interface WriteBatchOptions {
  retry?: RetryPolicy;
  /**
   * Called after every Collections call with the final results it produced, before the next call,
   * so a caller can record them (the service's ledger) right after the write.
   */
  onResults?: (results: RecordWriteResult[]) => Promise<void> | void;
}

export interface WriteBatchReport {
  /** One result per input item, in input order. */
  results: RecordWriteResult[];
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

function toItemErrors(result: SaveResult): ItemError[] {
  const errors = (result.errors ?? []).map((e) => ({
    code: e.statusCode ?? e.errorCode ?? 'UNKNOWN_ERROR',
    message: e.message ?? '',
    fields: e.fields ?? [],
  }));
  return errors.length > 0 ? errors : [{ code: 'UNKNOWN_ERROR', message: 'no error given', fields: [] }];
}

function toPayload(item: RecordWrite): Record<string, unknown> {
  const { Id: _id, id: _lowerId, attributes: _attributes, ...fields } = item.fields;
  const record: Record<string, unknown> = { attributes: { type: item.sobjectType }, ...fields };
  if (item.operation === 'update') record.id = item.id;
  return record;
}

async function collectionCall(conn: Connection, method: 'POST' | 'PATCH', items: RecordWrite[]): Promise<SaveResult[]> {
  const answer = await conn.request<SaveResult[]>({
    method,
    url: '/composite/sobjects',
    body: JSON.stringify({ allOrNone: false, records: items.map(toPayload) }),
    headers: { 'content-type': 'application/json' },
  });
  if (!Array.isArray(answer) || answer.length !== items.length) {
    throw new RecordWriterError(
      'UNEXPECTED_RESPONSE',
      `sObject Collections answered ${Array.isArray(answer) ? answer.length : 'no'} results for ${items.length} records`,
    );
  }
  return answer;
}

/**
 * Writes `items` through sObject Collections with allOrNone false and reports each one.
 *
 * ```ts
 * const { results } = await writeRecordBatch(conn, [
 *   { key: '001…old', sobjectType: 'Account', operation: 'create', fields: { Name: 'Acme' } },
 * ]);
 * // results[0] → { key: '001…old', outcome: 'created', id: '001…new' }
 * ```
 *
 * Throws only for failures that no item can survive and that happened before anything was
 * written (for example a dead session); a used-up API allocation is reported in `stoppedBy`.
 */
export async function writeRecordBatch(
  conn: Connection,
  items: readonly RecordWrite[],
  options: WriteBatchOptions = {},
): Promise<WriteBatchReport> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const counter: RetryCounter = { calls: 0, retries: 0 };
  const results = new Map<string, RecordWriteResult>();
  let stoppedBy: WriteBatchReport['stoppedBy'];

  for (const operation of ['create', 'update'] as const) {
    const ofOperation = items.filter((i) => i.operation === operation);
    for (let start = 0; start < ofOperation.length && !stoppedBy; start += COLLECTION_LIMIT) {
      let pending = ofOperation.slice(start, start + COLLECTION_LIMIT);
      for (let attempt = 1; pending.length > 0; attempt++) {
        let answers: SaveResult[];
        try {
          answers = await callWithRetry(
            () => collectionCall(conn, operation === 'create' ? 'POST' : 'PATCH', pending),
            policy,
            counter,
          );
        } catch (err) {
          if (err instanceof RecordWriterError && err.code === 'API_LIMIT_EXCEEDED') {
            stoppedBy = 'REQUEST_LIMIT_EXCEEDED';
            break;
          }
          throw err;
        }
        const done: RecordWriteResult[] = [];
        const locked: RecordWrite[] = [];
        answers.forEach((answer, index) => {
          const item = pending[index] as RecordWrite;
          if (answer.success && answer.id) {
            done.push({ key: item.key, outcome: operation === 'create' ? 'created' : 'updated', id: answer.id });
            return;
          }
          const errors = toItemErrors(answer);
          const transient = errors.every((e) => classifyFailure(e.code) === 'transient');
          if (transient && attempt < policy.maxAttempts) locked.push(item);
          else done.push({ key: item.key, outcome: 'failed', ...(item.id ? { id: item.id } : {}), errors });
        });
        for (const r of done) results.set(r.key, r);
        if (done.length > 0) await options.onResults?.(done);
        pending = locked;
        if (pending.length > 0) {
          counter.retries++;
          await sleep(backoffDelay(policy, attempt));
        }
      }
    }
  }

  const ordered = items.map(
    (item): RecordWriteResult =>
      results.get(item.key) ?? {
        key: item.key,
        outcome: 'failed',
        errors: [
          { code: 'REQUEST_LIMIT_EXCEEDED', message: 'not written: the org has no API requests left', fields: [] },
        ],
      },
  );
  return { results: ordered, apiCalls: counter.calls, retries: counter.retries, ...(stoppedBy ? { stoppedBy } : {}) };
}
