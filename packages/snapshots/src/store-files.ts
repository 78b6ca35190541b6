// The store's file and attachment reads, as of a snapshot: by the records they belong to, one by
// id, or a page at a time. SnapshotStore's methods of the same names answer through these.
import { toId18 } from '@restorelab/salesforce';
import type { SnapshotStore } from './store.ts';
import { chunk, ID_CHUNK, marks, pageOf, type Row, toAttachment, toFile } from './store-rows.ts';
import type { BackedUpAttachment, BackedUpFile, PageRequest } from './types.ts';

/** Files (latest versions) linked to any of the records, as of the snapshot. */
export function filesOf(store: SnapshotStore, snapshotId: string, recordIds: readonly string[]): BackedUpFile[] {
  const seq = store.seqOf(snapshotId);
  const ids = [...new Set(recordIds.map((i) => toId18(i)).filter((i): i is string => i !== undefined))];
  const out = new Map<string, BackedUpFile>();
  store.guard(`files of snapshot ${snapshotId}`, () => {
    for (const part of chunk(ids, ID_CHUNK)) {
      const rows = store
        .statement(
          `SELECT DISTINCT f.* FROM file_links l
           JOIN file_versions f ON f.id = l.version
           JOIN snapshot_files m ON m.snapshot = ? AND m.content_document_id = f.content_document_id AND m.version = f.id
           WHERE l.linked_entity_id IN (${marks(part.length)})`,
        )
        .all(seq, ...part) as Row[];
      for (const row of rows) out.set(String(row.content_document_id), toFile(row));
    }
  });
  return [...out.values()];
}

export function file(store: SnapshotStore, snapshotId: string, contentDocumentId: string): BackedUpFile | undefined {
  const id18 = toId18(contentDocumentId);
  if (!id18) return undefined;
  const seq = store.seqOf(snapshotId);
  return store.guard(`file ${id18}`, () => {
    const row = store
      .statement(
        `SELECT f.* FROM snapshot_files m JOIN file_versions f ON f.id = m.version
         WHERE m.snapshot = ? AND m.content_document_id = ?`,
      )
      .get(seq, id18) as Row | undefined;
    return row ? toFile(row) : undefined;
  });
}

export function listFiles(
  store: SnapshotStore,
  snapshotId: string,
  page?: PageRequest,
): { items: BackedUpFile[]; total: number } {
  const seq = store.seqOf(snapshotId);
  const { offset, limit } = pageOf(page);
  return store.guard(`files of snapshot ${snapshotId}`, () => {
    const rows = store
      .statement(
        `SELECT f.* FROM snapshot_files m JOIN file_versions f ON f.id = m.version
         WHERE m.snapshot = ? ORDER BY f.title, f.content_document_id LIMIT ? OFFSET ?`,
      )
      .all(seq, limit, offset) as Row[];
    const total = store.statement('SELECT files FROM snapshots WHERE seq = ?').get(seq) as Row;
    return { items: rows.map(toFile), total: Number(total.files) };
  });
}

/** Attachments whose parent is one of the records, as of the snapshot. */
export function attachmentsOf(
  store: SnapshotStore,
  snapshotId: string,
  recordIds: readonly string[],
): BackedUpAttachment[] {
  const seq = store.seqOf(snapshotId);
  const ids = [...new Set(recordIds.map((i) => toId18(i)).filter((i): i is string => i !== undefined))];
  const out: BackedUpAttachment[] = [];
  store.guard(`attachments of snapshot ${snapshotId}`, () => {
    for (const part of chunk(ids, ID_CHUNK)) {
      const rows = store
        .statement(
          `SELECT a.* FROM attachment_versions a
           JOIN snapshot_attachments m ON m.snapshot = ? AND m.attachment_id = a.attachment_id AND m.version = a.id
           WHERE a.parent_id IN (${marks(part.length)}) ORDER BY a.parent_id, a.attachment_id`,
        )
        .all(seq, ...part) as Row[];
      out.push(...rows.map(toAttachment));
    }
  });
  return out;
}

export function attachment(store: SnapshotStore, snapshotId: string, id: string): BackedUpAttachment | undefined {
  const id18 = toId18(id);
  if (!id18) return undefined;
  const seq = store.seqOf(snapshotId);
  return store.guard(`attachment ${id18}`, () => {
    const row = store
      .statement(
        `SELECT a.* FROM snapshot_attachments m JOIN attachment_versions a ON a.id = m.version
         WHERE m.snapshot = ? AND m.attachment_id = ?`,
      )
      .get(seq, id18) as Row | undefined;
    return row ? toAttachment(row) : undefined;
  });
}

export function listAttachments(
  store: SnapshotStore,
  snapshotId: string,
  page?: PageRequest,
): { items: BackedUpAttachment[]; total: number } {
  const seq = store.seqOf(snapshotId);
  const { offset, limit } = pageOf(page);
  return store.guard(`attachments of snapshot ${snapshotId}`, () => {
    const rows = store
      .statement(
        `SELECT a.* FROM snapshot_attachments m JOIN attachment_versions a ON a.id = m.version
         WHERE m.snapshot = ? ORDER BY a.name, a.attachment_id LIMIT ? OFFSET ?`,
      )
      .all(seq, limit, offset) as Row[];
    const total = store.statement('SELECT attachments FROM snapshots WHERE seq = ?').get(seq) as Row;
    return { items: rows.map(toAttachment), total: Number(total.attachments) };
  });
}
