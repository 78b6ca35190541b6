// The write ledger: one JetStream KV entry per written item per job, so a redelivered message never
// writes an item twice. Writers check it before writing and record each result right after the
// write. Keys: `<jobId>.<kind>.<itemId>` (the item id base64url-encoded when it holds characters
// a KV key cannot). The value is the item's result as JSON.

import type { JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { Kvm } from '@nats-io/kv';
import { KV_BUCKETS } from '@restorelab/contracts';

/** What a ledger entry is about: a record write, a file, or an attachment. */
export type LedgerKind = 'record' | 'file' | 'attachment';

const PLAIN = /^[-_=A-Za-z0-9]+$/;

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
      await kv.put(ledgerKey(jobId, kind, itemId), JSON.stringify(value));
    },
  };
}
