// The write ledger: JetStream KV entries that let a redelivered message never write anything twice.
// Writers check it before writing and record results right after the write. A record batch keeps
// the results of all its items in one entry (`recordBatchLedgerId`: the batch is named for good by
// job, wave and index), rewritten whole after each Collections call; files and attachments keep one
// entry each. Keys: `<jobId>.<kind>.<itemId>` (the item id base64url-encoded when it holds
// characters a KV key cannot). Values are JSON.

import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import { KV_BUCKETS, type RecordItemResult } from '@restorelab/contracts';

/** What a ledger entry is about: a record write, a file, or an attachment. */
export type LedgerKind = 'record' | 'file' | 'attachment';

/** Tries of a ledger put: about a minute of NATS being away (puts time out after a few seconds each). */
const PUT_ATTEMPTS = 20;

const PLAIN = /^[-_=A-Za-z0-9]+$/;

/**
 * The ledger item id of a record batch's results: wave and index name a batch of a job for good
 * (as its message id does), whatever message delivered it.
 */
export function recordBatchLedgerId(wave: number, batchIndex: number): string {
  return `batch-w${wave}-b${batchIndex}`;
}

/** A record batch's ledger entry: the final result of each item written so far, by item id. */
export interface RecordBatchLedgerEntry {
  results: Record<string, RecordItemResult>;
}

export function ledgerKey(jobId: string, kind: LedgerKind, itemId: string): string {
  const item = PLAIN.test(itemId) ? itemId : `b64_${Buffer.from(itemId).toString('base64url')}`;
  return `${jobId}.${kind}.${item}`;
}

export interface WriteLedger {
  get<T>(jobId: string, kind: LedgerKind, itemId: string): Promise<T | undefined>;
  put(jobId: string, kind: LedgerKind, itemId: string, value: unknown): Promise<void>;
}

export async function openWriteLedger(js: JetStreamClient): Promise<WriteLedger> {
  const kv: KV = await new Kvm(js).open(KV_BUCKETS.writeLedger);
  return {
    async get<T>(jobId: string, kind: LedgerKind, itemId: string) {
      const entry = await kv.get(ledgerKey(jobId, kind, itemId));
      if (entry?.operation !== 'PUT' || entry.length === 0) return undefined;
      return entry.json<T>();
    },
    async put(jobId, kind, itemId, value) {
      // The write this records has already happened in the org: losing the entry (NATS restarting,
      // a timeout) would let a redelivery write the item again. Keep trying for a while.
      const key = ledgerKey(jobId, kind, itemId);
      const payload = JSON.stringify(value);
      for (let attempt = 1; ; attempt++) {
        try {
          await kv.put(key, payload);
          return;
        } catch (err) {
          if (attempt >= PUT_ATTEMPTS) throw err;
          await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
        }
      }
    },
  };
}
