// A record batch's entry in the write ledger, as both ways of writing a batch (sObject Collections
// and Composite Graph) use it: read once when the batch arrives, so items a redelivered batch already
// wrote are answered from it and not written again, and rewritten whole after each call (one round
// trip per call, not one per record; puts are sequential, so the last one holds everything).
import type { RecordBatch, RecordBatchItem, RecordItemResult } from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import { API_LIMIT_CODE, type RetryPolicy } from '@restorelab/salesforce/client';
import { type RecordBatchLedgerEntry, recordBatchLedgerId, type WriteLedger } from '@restorelab/worker';
import type { Connection } from 'jsforce';
import { findCreatedRecords, type InsertingMark, insertingMarkItemId, isInsertingMark } from './reconcile.ts';

export interface BatchLedger {
  /** Results of items written before (a redelivery), by item id. */
  known: Map<string, RecordItemResult>;
  /** The batch's items the ledger has no final result for. */
  toWrite: RecordBatchItem[];
  /** Records the final ones of `results` (a later delivery reuses them). */
  remember(results: readonly RecordItemResult[]): Promise<void>;
  /** The `inserting` mark an earlier delivery of a create left, if any (read with the entry). */
  mark: InsertingMark | undefined;
}

/**
 * Results that are final: a success, or a failure retrying cannot change. A spent API allocation is
 * not: the job is resumed once the org has requests again, and the item is written then.
 */
export function isFinal(result: RecordItemResult): boolean {
  return result.success || (result.error !== undefined && result.error.code !== API_LIMIT_CODE);
}

export async function openBatchLedger(ledger: WriteLedger, batch: RecordBatch): Promise<BatchLedger> {
  const batchId = recordBatchLedgerId(batch.wave, batch.batchIndex);
  // The entry and a create's `inserting` mark are read at once: each is a NATS round trip that
  // stands between the batch's arrival and its call.
  const [entry, mark] = await Promise.all([
    ledger.get<RecordBatchLedgerEntry>(batch.jobId, 'record', batchId),
    batch.operation === 'create'
      ? ledger.get<unknown>(batch.jobId, 'record', insertingMarkItemId(batch.wave, batch.batchIndex))
      : undefined,
  ]);
  const recorded = entry ?? { results: {} };
  recorded.results ??= {};
  const known = new Map<string, RecordItemResult>();
  for (const item of batch.items) {
    const entry = Object.hasOwn(recorded.results, item.itemId) ? recorded.results[item.itemId] : undefined;
    if (entry) known.set(item.itemId, entry);
  }
  return {
    known,
    toWrite: batch.items.filter((i) => !known.has(i.itemId)),
    mark: isInsertingMark(mark) ? mark : undefined,
    async remember(results) {
      const final = results.filter(isFinal);
      if (final.length === 0) return;
      for (const r of final) recorded.results[r.itemId] = r;
      await ledger.put(batch.jobId, 'record', batchId, recorded);
    },
  };
}

/**
 * What names a batch in its log lines. Passed with each line rather than bound into a child logger:
 * a child costs a redaction pass per batch, and most batches log once.
 */
export function batchFields(batch: RecordBatch): { jobId: string; wave: number; batchIndex: number } {
  return { jobId: batch.jobId, wave: batch.wave, batchIndex: batch.batchIndex };
}

export interface ReconcileDeps {
  conn: Connection;
  logger: Logger;
  retry?: RetryPolicy;
  stats?: { retries: number };
}

/**
 * A batch an earlier delivery was creating when it stopped (its `inserting` mark, read by `openBatchLedger`):
 * asks the org, per object type, which of `toWrite` it already has, records those as results and
 * returns the mark (kept, so a later create call does not move it) with the items still to write.
 * `typed`: results name their object type (a Composite Graph batch mixes types).
 */
export async function reconcileInterrupted(
  batch: RecordBatch,
  opened: Pick<BatchLedger, 'known' | 'remember' | 'mark'>,
  toWrite: RecordBatchItem[],
  deps: ReconcileDeps,
  what: { typed: boolean; message: string },
): Promise<{ mark: InsertingMark | undefined; toWrite: RecordBatchItem[] }> {
  const entry = opened.mark;
  if (toWrite.length === 0 || !entry) return { mark: undefined, toWrite };
  const { known } = opened;
  const knownIds = new Set([...known.values()].flatMap((r) => (r.newId ? [r.newId] : [])));
  const counter = { calls: 0, retries: 0 };
  const reconciled: RecordItemResult[] = [];
  for (const type of new Set(toWrite.map((i) => i.objectType ?? batch.objectType))) {
    const items = toWrite.filter((i) => (i.objectType ?? batch.objectType) === type);
    const found = await findCreatedRecords(deps.conn, type, items, entry, {
      ...(deps.retry ? { retry: deps.retry } : {}),
      counter,
      knownIds,
    });
    for (const item of items) {
      const newId = found.get(item.itemId);
      if (!newId) continue;
      const result: RecordItemResult = { itemId: item.itemId, sourceId: item.sourceId, success: true, newId };
      reconciled.push(what.typed ? { ...result, objectType: type } : result);
    }
  }
  await opened.remember(reconciled);
  for (const r of reconciled) known.set(r.itemId, r);
  const left = toWrite.filter((i) => !known.has(i.itemId));
  if (deps.stats) deps.stats.retries += counter.retries;
  deps.logger.warn(
    {
      ...batchFields(batch),
      mark: entry.at,
      foundInOrg: reconciled.length,
      toWrite: left.length,
      apiCalls: counter.calls,
    },
    what.message,
  );
  return { mark: entry, toWrite: left };
}
