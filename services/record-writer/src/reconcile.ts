// Reconciliation of an interrupted create. A writer killed while a Collections create call is in
// the org's hands leaves records the org created but nobody recorded. Before each create call the
// service writes an `inserting` mark for the batch (time and running user); a later delivery that
// finds the mark without results asks the org which records that user created since the mark, and
// matches them to the batch's items by every written field value. Only an unambiguous match
// counts: a matched item is a result (its new id), an unmatched one is written as usual.

import type { RecordBatchItem } from '@restorelab/contracts';
import { isSalesforceId, sameId, toId18 } from '@restorelab/salesforce';
import { type CallCounter, callWithRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';

/** Ledger value written right before a create call of a batch. */
export interface InsertingMark {
  stage: 'inserting';
  /** ISO time the call was about to go out (already moved back by the clock margin). */
  at: string;
  /** The user the writer runs as; absent when the connection was given a bare session. */
  userId?: string;
}

/** How far back of the writer's clock the mark is placed: the org's clock may be a little behind. */
export const MARK_CLOCK_MARGIN_MS = 5_000;

/** Ledger item id of a batch's mark (kept apart from plan item ids by its shape). */
export function insertingMarkItemId(wave: number, batchIndex: number): string {
  return `batch:${wave}:${batchIndex}:inserting`;
}

export function newInsertingMark(conn: Connection, now = Date.now()): InsertingMark {
  // CreatedDate has whole seconds: round the mark down so a record created in the same second counts.
  const at = new Date(Math.floor((now - MARK_CLOCK_MARGIN_MS) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const userId = conn.userInfo?.id;
  return { stage: 'inserting', at, ...(userId ? { userId } : {}) };
}

export function isInsertingMark(value: unknown): value is InsertingMark {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as InsertingMark).stage === 'inserting' &&
    typeof (value as InsertingMark).at === 'string'
  );
}

/** The fields a create sends for an item (what `toPayload` writes, minus the id and attributes). */
export function writtenFields(item: RecordBatchItem): Record<string, unknown> {
  const { Id: _id, id: _lowerId, attributes: _attributes, ...fields } = item.fields;
  return fields;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Whether a value read back from the org is the value written. Tolerates what the org does to a
 * value on the way: 15- vs 18-character ids, datetime spellings, numbers as text, an unchecked
 * checkbox written as null, multi-select values in another order.
 */
export function sameWrittenValue(written: unknown, read: unknown): boolean {
  if (isEmpty(written) && isEmpty(read)) return true;
  if ((written === false && isEmpty(read)) || (read === false && isEmpty(written))) return true;
  if (isEmpty(written) || isEmpty(read)) return false;
  if (typeof written === 'number' || typeof read === 'number') return Number(written) === Number(read);
  if (typeof written === 'boolean' || typeof read === 'boolean') return String(written) === String(read);
  if (typeof written === 'string' && typeof read === 'string') {
    if (written === read) return true;
    if (isSalesforceId(written) && isSalesforceId(read)) return sameId(written, read);
    if (DATETIME.test(written) && DATETIME.test(read)) return Date.parse(written) === Date.parse(read);
    if (written.includes(';') || read.includes(';')) {
      return written.split(';').sort().join(';') === read.split(';').sort().join(';');
    }
    return false;
  }
  return JSON.stringify(written) === JSON.stringify(read);
}

/**
 * Pairs items with rows whose values match every written field. A group of items that match the
 * same rows is paired only when there are as many rows as items (identical items are
 * interchangeable); a row goes to one item at most. Pure.
 */
export function matchCreatedRecords(
  items: readonly RecordBatchItem[],
  rows: readonly Record<string, unknown>[],
): Map<string, string> {
  const groups = new Map<string, { items: RecordBatchItem[]; rowIds: string[] }>();
  for (const item of items) {
    const fields = Object.entries(writtenFields(item));
    const rowIds = rows
      .filter((row) => fields.every(([name, value]) => sameWrittenValue(value, row[name])))
      .map((row) => String(row.Id));
    if (rowIds.length === 0) continue;
    const key = rowIds.slice().sort().join(',');
    const group = groups.get(key) ?? { items: [], rowIds };
    group.items.push(item);
    groups.set(key, group);
  }
  const matched = new Map<string, string>();
  const used = new Set<string>();
  for (const group of groups.values()) {
    if (group.items.length !== group.rowIds.length || group.rowIds.some((id) => used.has(id))) continue;
    group.items.forEach((item, i) => {
      const id = group.rowIds[i] as string;
      used.add(id);
      matched.set(item.itemId, toId18(id) ?? id);
    });
  }
  return matched;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The reconciliation query: records of the type the user created since the mark, with the written fields. */
export function createdSinceQuery(objectType: string, fieldNames: readonly string[], mark: InsertingMark): string {
  const fields = ['Id', ...fieldNames.filter((f) => f !== 'Id' && IDENTIFIER.test(f))];
  const where = [...(mark.userId ? [`CreatedById = '${mark.userId}'`] : []), `CreatedDate >= ${mark.at}`];
  return `SELECT ${fields.join(', ')} FROM ${objectType} WHERE ${where.join(' AND ')} ORDER BY CreatedDate, Id`;
}

/** Fields a reconciliation query selects at most; wider batches are asked in several queries. */
export const RECONCILE_FIELD_CHUNK = 100;

export interface ReconcileOptions {
  retry?: RetryPolicy;
  counter?: CallCounter;
  /** Ids the org already gave to items of this batch (recorded results): never matched again. */
  knownIds?: ReadonlySet<string>;
}

/**
 * Asks the org for the records the mark's user created since the mark and matches them to the
 * items. Returns item id → new id for the matched items; the others were not created.
 *
 * ```ts
 * const found = await findCreatedRecords(conn, 'Milestone__c', unresolvedItems, mark);
 * // found.get('item-7') → 'a01…' (the record an interrupted call created)
 * ```
 */
export async function findCreatedRecords(
  conn: Connection,
  objectType: string,
  items: readonly RecordBatchItem[],
  mark: InsertingMark,
  options: ReconcileOptions = {},
): Promise<Map<string, string>> {
  if (items.length === 0) return new Map();
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const counter = options.counter ?? { calls: 0, retries: 0 };
  const fieldNames = [...new Set(items.flatMap((i) => Object.keys(writtenFields(i))))];
  // Field lists are chunked so a wide object stays within SOQL's length limit; rows join by Id.
  const rowsById = new Map<string, Record<string, unknown>>();
  const chunks: string[][] = [];
  for (let i = 0; i < fieldNames.length; i += RECONCILE_FIELD_CHUNK) {
    chunks.push(fieldNames.slice(i, i + RECONCILE_FIELD_CHUNK));
  }
  if (chunks.length === 0) chunks.push([]);
  for (const chunk of chunks) {
    let url: string | undefined = `/query?q=${encodeURIComponent(createdSinceQuery(objectType, chunk, mark))}`;
    while (url) {
      const pageUrl: string = url;
      const page = await callWithRetry(
        () => conn.request<{ records: Record<string, unknown>[]; nextRecordsUrl?: string }>(pageUrl),
        policy,
        counter,
      );
      for (const { attributes: _a, ...row } of page.records) {
        const id = String(row.Id);
        rowsById.set(id, { ...rowsById.get(id), ...row });
      }
      url = page.nextRecordsUrl;
    }
  }
  const known = options.knownIds ?? new Set<string>();
  const rows = [...rowsById.values()].filter((row) => ![...known].some((id) => sameId(id, String(row.Id))));
  return matchCreatedRecords(items, rows);
}
