// R04: what the summary shows will change, item by item. Pure: the dropped values come from the
// plan (values.ts records why each is left out, R10/R11/R08/R09; R13 from the attachment), and the
// fields an overwrite changes from the org's current values, which the caller reads (bounded to the
// items shown in full).
import type { DroppedValue, FieldChange, ItemChange, SummaryChanges } from '@restorelab/planner-api';
import type { PlannedAttachment, PlannedRecord } from './types.ts';

/** Items the summary lists in full by default; the rest are counted (a request may ask for all). */
export const SUMMARY_CHANGES_LIMIT = 50;

/** Current org values of records to overwrite, by snapshot id (18 characters). */
export type LiveValues = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

/** Every item that overwrites or drops something, in plan order: records, then attachments. */
export function itemChanges(
  records: readonly PlannedRecord[],
  attachments: readonly PlannedAttachment[],
  live: LiveValues = new Map(),
): ItemChange[] {
  const out: ItemChange[] = [];
  for (const record of records) {
    if (record.action !== 'overwrite' && record.omitted.length === 0) continue;
    const item: ItemChange = {
      itemId: record.itemId,
      objectType: record.objectType,
      action: record.action,
      dropped: record.omitted.map((o) => ({ field: o.field, value: o.value, rule: o.rule, reason: o.reason })),
    };
    const now = record.action === 'overwrite' ? live.get(record.sourceId) : undefined;
    if (now) item.changed = fieldChanges(record.fields, now);
    out.push(item);
  }
  for (const attachment of attachments) {
    if (!attachment.metadataOnly || attachment.action === 'skip' || attachment.action === 'willFail') continue;
    out.push({
      itemId: attachment.itemId,
      objectType: 'Attachment',
      action: attachment.action,
      dropped: [attachmentBody(attachment)],
    });
  }
  return out;
}

/** The summary's part: the first `limit` items in full, the count of all, dropped values per rule. */
export function summarizeChanges(all: readonly ItemChange[], limit = SUMMARY_CHANGES_LIMIT): SummaryChanges {
  const dropped: Record<string, number> = {};
  for (const item of all) for (const d of item.dropped) dropped[d.rule] = (dropped[d.rule] ?? 0) + 1;
  return { items: all.slice(0, limit), total: all.length, limit, dropped };
}

/** The overwrites among the first `limit` items: whose org values the caller reads. */
export function overwritesToRead(
  records: readonly PlannedRecord[],
  attachments: readonly PlannedAttachment[],
  limit = SUMMARY_CHANGES_LIMIT,
): PlannedRecord[] {
  const shown = new Set(
    itemChanges(records, attachments)
      .slice(0, limit)
      .map((i) => i.itemId),
  );
  return records.filter((r) => r.action === 'overwrite' && shown.has(r.itemId));
}

/**
 * The fields whose org value differs from the one written. References to re-created records are
 * filled at write time and not in `fields`, so they are not compared; dates compare as instants.
 */
export function fieldChanges(fields: Readonly<Record<string, unknown>>, now: Readonly<Record<string, unknown>>) {
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(fields)) {
    const from = now[field] ?? null;
    if (!same(from, to ?? null)) changes.push({ field, from, to: to ?? null });
  }
  return changes;
}

const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    // One record id in its 15- and 18-character forms.
    if (a.length !== b.length && ID.test(a) && ID.test(b)) return a.slice(0, 15) === b.slice(0, 15);
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    if (/^\d{4}-\d\d-\d\dT/.test(a) && /^\d{4}-\d\d-\d\dT/.test(b) && !Number.isNaN(ta)) return ta === tb;
  }
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'number') return a === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

function attachmentBody(a: PlannedAttachment): DroppedValue {
  return {
    field: 'Body',
    value: null,
    rule: 'R13',
    reason:
      a.bodyHash === null && a.metadataOnly
        ? 'restored from Objects/Attachment (or backed up without content): metadata only, no content comes back'
        : 'metadata only',
  };
}
