// Search a snapshot by record name, id or text. Records go through the FTS5 index (prefix match on
// every word, all words required); files and attachments, far fewer, by name. A text that is a
// Salesforce id looks the item up directly.
import type { SQLInputValue } from 'node:sqlite';
import { toId18 } from '@restorelab/salesforce';
import { isDownloadOnly } from './download-only.ts';
import { displayNameOf } from './references.ts';
import type { SnapshotStore } from './store.ts';
import { pageOf } from './store-rows.ts';
import type { PageRequest, SearchHit } from './types.ts';

type Row = Record<string, SQLInputValue>;

const NAME_MATCH_CAP = 200;

/**
 * `searchSnapshot(store, snap, 'acme')` → `{ items: [{ kind: 'record', type: 'Account', … }], hasMore }`.
 * Files and attachments come first, then records; `hasMore` says whether a next page exists.
 */
export function searchSnapshot(
  store: SnapshotStore,
  snapshotId: string,
  text: string,
  page?: PageRequest,
): { items: SearchHit[]; hasMore: boolean } {
  const { offset, limit } = pageOf(page);
  const seq = store.seqOf(snapshotId);
  const query = text.trim();
  if (query === '') return { items: [], hasMore: false };

  const id18 = query.length === 15 || query.length === 18 ? toId18(query) : undefined;
  if (id18) {
    const hits: SearchHit[] = [];
    const record = store.record(snapshotId, id18);
    if (record) hits.push(recordHit(record.id, record.type, displayNameOf(record.fields)));
    const file = store.file(snapshotId, id18);
    if (file) hits.push(fileHit(file.contentDocumentId, file.title));
    const attachment = store.attachment(snapshotId, id18);
    if (attachment) hits.push(attachmentHit(attachment.id, attachment.name));
    return { items: hits.slice(offset, offset + limit), hasMore: hits.length > offset + limit };
  }

  return store.guard(`search in ${snapshotId}`, () => {
    const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const named: SearchHit[] = [
      ...(
        store
          .statement(
            `SELECT f.content_document_id, f.title FROM snapshot_files m JOIN file_versions f ON f.id = m.version
             WHERE m.snapshot = ? AND f.title LIKE ? ESCAPE '\\' ORDER BY f.title LIMIT ?`,
          )
          .all(seq, like, NAME_MATCH_CAP) as Row[]
      ).map((r) => fileHit(String(r.content_document_id), String(r.title))),
      ...(
        store
          .statement(
            `SELECT a.attachment_id, a.name FROM snapshot_attachments m JOIN attachment_versions a ON a.id = m.version
             WHERE m.snapshot = ? AND a.name LIKE ? ESCAPE '\\' ORDER BY a.name LIMIT ?`,
          )
          .all(seq, like, NAME_MATCH_CAP) as Row[]
      ).map((r) => attachmentHit(String(r.attachment_id), String(r.name))),
    ];
    const items = named.slice(offset, offset + limit);
    const match = ftsQuery(query);
    if (match === undefined) return { items, hasMore: named.length > offset + limit };
    const recordOffset = Math.max(0, offset - named.length);
    const want = limit - items.length + 1;
    const rows = store
      .statement(
        `SELECT v.record_id, v.type, v.name FROM version_text t
         JOIN record_versions v ON v.id = t.rowid
         JOIN snapshot_records m ON m.snapshot = ? AND m.record_id = v.record_id AND m.version = v.id
         WHERE version_text MATCH ? LIMIT ? OFFSET ?`,
      )
      .all(seq, match, want, recordOffset) as Row[];
    const records = rows.map((r) => recordHit(String(r.record_id), String(r.type), String(r.name)));
    const hasMore = records.length === want;
    return { items: [...items, ...records.slice(0, limit - items.length)], hasMore };
  });
}

/** Each word as a quoted prefix term: user text can never be read as FTS5 syntax. */
function ftsQuery(text: string): string | undefined {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  if (!words) return undefined;
  return words.map((w) => `"${w}"*`).join(' ');
}

function recordHit(id: string, type: string, name: string): SearchHit {
  return { kind: 'record', id, type, name, path: `Objects/${type}/${id}`, downloadOnly: isDownloadOnly(type) };
}

function fileHit(id: string, name: string): SearchHit {
  return { kind: 'file', id, type: 'File', name, path: `Files/${id}`, downloadOnly: false };
}

function attachmentHit(id: string, name: string): SearchHit {
  return { kind: 'attachment', id, type: 'Attachment', name, path: `Attachments/${id}`, downloadOnly: false };
}
