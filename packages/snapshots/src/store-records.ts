// The store's record reads: one record or many as of a snapshot, an object's records a page at a
// time, the records beneath a record (children, descendants), and a record's history across snapshots.
// SnapshotStore's methods of the same names answer through these.
import { toId18 } from '@restorelab/salesforce';
import type { SnapshotStore } from './store.ts';
import { chunk, ID_CHUNK, marks, pageOf, type Row, toInfo, toRecord, toSummary } from './store-rows.ts';
import type { BackedUpRecord, PageRequest, RecordHistoryEntry, RecordSummary } from './types.ts';

/** The record as of the snapshot (15- or 18-character id), or undefined when it did not exist then. */
export function record(store: SnapshotStore, snapshotId: string, id: string): BackedUpRecord | undefined {
  const id18 = toId18(id);
  if (!id18) return undefined;
  const seq = store.seqOf(snapshotId);
  return store.guard(`record ${id18}`, () => {
    const row = store
      .statement(
        `SELECT v.* FROM snapshot_records m JOIN record_versions v ON v.id = m.version
         WHERE m.snapshot = ? AND m.record_id = ?`,
      )
      .get(seq, id18) as Row | undefined;
    return row ? toRecord(row, snapshotId) : undefined;
  });
}

/** The records among `ids` that the snapshot holds, in the order of `ids` (missing ones left out). */
export function records(store: SnapshotStore, snapshotId: string, ids: readonly string[]): BackedUpRecord[] {
  const seq = store.seqOf(snapshotId);
  const wanted = [...new Set(ids.map((i) => toId18(i)).filter((i): i is string => i !== undefined))];
  const found = new Map<string, BackedUpRecord>();
  store.guard(`records of snapshot ${snapshotId}`, () => {
    for (const part of chunk(wanted, ID_CHUNK)) {
      const rows = store
        .statement(
          `SELECT v.* FROM snapshot_records m JOIN record_versions v ON v.id = m.version
           WHERE m.snapshot = ? AND m.record_id IN (${marks(part.length)})`,
        )
        .all(seq, ...part) as Row[];
      for (const row of rows) found.set(String(row.record_id), toRecord(row, snapshotId));
    }
  });
  return wanted.flatMap((id) => {
    const r = found.get(id);
    return r ? [r] : [];
  });
}

/** Records of one object type, by id, a page at a time. */
export function recordsOfType(
  store: SnapshotStore,
  snapshotId: string,
  type: string,
  page?: PageRequest,
): { items: RecordSummary[]; total: number } {
  const seq = store.seqOf(snapshotId);
  const { offset, limit } = pageOf(page);
  return store.guard(`records of ${type}`, () => {
    const total = store
      .statement('SELECT count FROM snapshot_objects WHERE snapshot = ? AND type = ?')
      .get(seq, type) as Row | undefined;
    const rows = store
      .statement(
        `SELECT v.record_id, v.type, v.name, v.last_modified FROM snapshot_records m
         JOIN record_versions v ON v.id = m.version
         WHERE m.snapshot = ? AND m.type = ? ORDER BY m.record_id LIMIT ? OFFSET ?`,
      )
      .all(seq, type, limit, offset) as Row[];
    return { items: rows.map(toSummary), total: total ? Number(total.count) : 0 };
  });
}

/**
 * The records that point straight at `id` through a followed link (see references.ts), with the
 * field that points.
 */
export function children(
  store: SnapshotStore,
  snapshotId: string,
  id: string,
): { field: string; record: RecordSummary }[] {
  const id18 = toId18(id);
  if (!id18) return [];
  const seq = store.seqOf(snapshotId);
  return store.guard(`children of ${id18}`, () =>
    (
      store
        .statement(
          `SELECT r.field, v.record_id, v.type, v.name, v.last_modified FROM version_refs r
           JOIN snapshot_records m ON m.snapshot = ? AND m.record_id = r.source_id AND m.version = r.version
           JOIN record_versions v ON v.id = r.version
           WHERE r.target_id = ? AND r.follow = 1 AND r.source_id <> r.target_id
           ORDER BY v.type, v.record_id`,
        )
        .all(seq, id18) as Row[]
    ).map((row) => ({ field: String(row.field), record: toSummary(row) })),
  );
}

/**
 * Every record beneath `id` as of the snapshot (R01 "with related records"): records whose followed
 * links point at it, then at those, and so on. Breadth first, no record twice, the start record
 * excluded; loops end because a record is visited once.
 */
export function descendants(store: SnapshotStore, snapshotId: string, id: string): BackedUpRecord[] {
  const id18 = toId18(id);
  if (!id18) return [];
  const seq = store.seqOf(snapshotId);
  const seen = new Set<string>([id18]);
  const order: string[] = [];
  let frontier = [id18];
  store.guard(`descendants of ${id18}`, () => {
    while (frontier.length > 0) {
      const next: string[] = [];
      for (const part of chunk(frontier, ID_CHUNK)) {
        const rows = store
          .statement(
            `SELECT DISTINCT r.source_id FROM version_refs r
             JOIN snapshot_records m ON m.snapshot = ? AND m.record_id = r.source_id AND m.version = r.version
             WHERE r.target_id IN (${marks(part.length)}) AND r.follow = 1`,
          )
          .all(seq, ...part) as Row[];
        for (const row of rows) {
          const child = String(row.source_id);
          if (seen.has(child)) continue;
          seen.add(child);
          order.push(child);
          next.push(child);
        }
      }
      frontier = next;
    }
  });
  return store.records(snapshotId, order);
}

/** A record's versions across the org's complete snapshots, oldest first (only snapshots that held it). */
export function history(store: SnapshotStore, orgId: string, id: string): RecordHistoryEntry[] {
  const id18 = toId18(id);
  if (!id18) return [];
  return store.guard(`history of ${id18}`, () => {
    const rows = store
      .statement(
        `SELECT s.*, v.id AS v_id, v.hash AS v_hash, v.record_id AS v_record_id, v.type AS v_type,
                v.last_modified AS v_last_modified, v.fields AS v_fields
         FROM snapshots s
         JOIN snapshot_records m ON m.snapshot = s.seq AND m.record_id = ?
         JOIN record_versions v ON v.id = m.version
         WHERE s.org_id = ? AND s.complete = 1 ORDER BY s.taken_at, s.seq`,
      )
      .all(id18, orgId) as Row[];
    let previous: unknown;
    return rows.map((row) => {
      const info = toInfo(row);
      const record = toRecord(
        {
          hash: row.v_hash,
          record_id: row.v_record_id,
          type: row.v_type,
          last_modified: row.v_last_modified,
          fields: row.v_fields,
        } as Row,
        info.id,
      );
      const changed = previous !== row.v_id;
      previous = row.v_id;
      return { snapshot: info, record, changed };
    });
  });
}
