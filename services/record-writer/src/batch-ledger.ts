// A record batch's entry in the write ledger, as both ways of writing a batch (sObject Collections
// and Composite Graph) use it: read once when the batch arrives, so items a redelivered batch already
// wrote are answered from it and not written again, and rewritten whole after each call (one round
// trip per call, not one per record; puts are sequential, so the last one holds everything).
import type { RecordBatch, RecordBatchItem, RecordItemResult } from '@restorelab/contracts';
import { API_LIMIT_CODE } from '@restorelab/salesforce/client';
import { type RecordBatchLedgerEntry, recordBatchLedgerId, type WriteLedger } from '@restorelab/worker';

export interface BatchLedger {
  /** Results of items written before (a redelivery), by item id. */
  known: Map<string, RecordItemResult>;
  /** The batch's items the ledger has no final result for. */
  toWrite: RecordBatchItem[];
  /** Records the final ones of `results` (a later delivery reuses them). */
  remember(results: readonly RecordItemResult[]): Promise<void>;
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
  const recorded = (await ledger.get<RecordBatchLedgerEntry>(batch.jobId, 'record', batchId)) ?? { results: {} };
  recorded.results ??= {};
  const known = new Map<string, RecordItemResult>();
  for (const item of batch.items) {
    const entry = Object.hasOwn(recorded.results, item.itemId) ? recorded.results[item.itemId] : undefined;
    if (entry) known.set(item.itemId, entry);
  }
  return {
    known,
    toWrite: batch.items.filter((i) => !known.has(i.itemId)),
    async remember(results) {
      const final = results.filter(isFinal);
      if (final.length === 0) return;
      for (const r of final) recorded.results[r.itemId] = r;
      await ledger.put(batch.jobId, 'record', batchId, recorded);
    },
  };
}
