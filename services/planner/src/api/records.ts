// How the API names backed-up items when it looks them up by id: records by the same name-like
// fields search uses, files and attachments by their names, each with its browse path.
import type { SearchHit } from '@restorelab/planner-api';
import { toId18 } from '@restorelab/salesforce';
import { displayNameOf, isDownloadOnly, type SnapshotStore } from '@restorelab/snapshots';

/** The name a record is shown by: the same name-like field search uses, else its id. */
export function recordName(fields: Record<string, unknown>, id: string): string {
  return displayNameOf(fields) || id;
}

/** The items among `ids` the snapshot holds (records, then attachments, then files), as search hits. */
export function lookUpItems(store: SnapshotStore, snapshotId: string, ids: readonly string[]): SearchHit[] {
  const records = new Map(store.records(snapshotId, ids).map((r) => [r.id, r]));
  const hits: SearchHit[] = [];
  for (const asked of new Set(ids.map((id) => toId18(id) ?? id))) {
    const r = records.get(asked);
    if (r) {
      const path = `Objects/${r.type}/${r.id}`;
      hits.push({
        kind: 'record',
        id: r.id,
        type: r.type,
        name: recordName(r.fields, r.id),
        path,
        downloadOnly: isDownloadOnly(r.type),
      });
      continue;
    }
    const a = store.attachment(snapshotId, asked);
    if (a) {
      hits.push({
        kind: 'attachment',
        id: a.id,
        type: 'Attachment',
        name: a.name,
        path: `Attachments/${a.id}`,
        downloadOnly: false,
      });
      continue;
    }
    const f = store.file(snapshotId, asked);
    if (f)
      hits.push({
        kind: 'file',
        id: f.contentDocumentId,
        type: 'File',
        name: f.title,
        path: `Files/${f.contentDocumentId}`,
        downloadOnly: false,
      });
  }
  return hits;
}
