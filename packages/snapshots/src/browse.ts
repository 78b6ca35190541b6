// Browsing a snapshot as folders, the way a user sees it (R12, R13):
//   Objects/<type>/<record>   records by object type; download-only types are marked (R02)
//   Objects/Attachment/<id>   attachment metadata only (restorable, no content)
//   Files/<ContentDocumentId> Lightning files, latest version (download, never restored alone)
//   Attachments/<id>          Classic attachments with their content (download only)
// plus record preview and downloads. The planner serves these over HTTP.
import { Readable } from 'node:stream';
import { isStandardStatusField, STANDARD_STATUS_FIELDS, toId18 } from '@restorelab/salesforce';
import { isDownloadOnly } from './download-only.ts';
import { SnapshotError } from './errors.ts';
import { displayNameOf } from './references.ts';
import { type ShareItem, verifyShareToken } from './share-token.ts';
import type { SnapshotStore } from './store.ts';
import type { BackedUpAttachment, BackedUpFile, BackedUpRecord, PageRequest } from './types.ts';

export const ROOT_FOLDERS = ['Objects', 'Files', 'Attachments'] as const;

export type BrowseEntry =
  | { kind: 'folder'; name: string; path: string; downloadOnly: boolean; metadataOnly: boolean; count?: number }
  | {
      kind: 'record';
      name: string;
      path: string;
      id: string;
      type: string;
      lastModifiedDate: string;
      downloadOnly: boolean;
    }
  | {
      kind: 'file';
      name: string;
      path: string;
      id: string;
      size: number;
      contentType: string;
      lastModifiedDate: string;
      downloadOnly: true;
    }
  | {
      kind: 'attachment';
      name: string;
      path: string;
      id: string;
      parentId: string;
      size: number;
      contentType: string;
      /** True in Objects/Attachment: the entry restores metadata only, no content (R13). */
      metadataOnly: boolean;
      /** True in Attachments/: the entry is downloaded, never restored on its own (R12). */
      downloadOnly: boolean;
    };

export interface Listing {
  path: string;
  entries: BrowseEntry[];
  total: number;
}

/** Lists a folder: '' (the root), 'Objects', 'Objects/<type>', 'Files', 'Attachments'. */
export function listFolder(store: SnapshotStore, snapshotId: string, path: string, page?: PageRequest): Listing {
  const parts = splitPath(path);
  const info = store.getSnapshot(snapshotId);
  if (parts.length === 0) {
    const entries: BrowseEntry[] = [
      // The snapshot's records, as its counts say: attachments are counted once, under Attachments
      // (Objects/Attachment is the same attachments seen as restorable metadata).
      folder('Objects', 'Objects', false, false, info.counts.records),
      folder('Files', 'Files', false, false, info.counts.files),
      folder('Attachments', 'Attachments', false, false, info.counts.attachments),
    ];
    return { path: '', entries, total: entries.length };
  }
  const [root, type, extra] = parts;
  if (root === 'Objects' && type === undefined) {
    const counts = store.objectCounts(snapshotId).filter((c) => c.type !== 'Attachment');
    const entries = counts.map((c) => folder(c.type, `Objects/${c.type}`, isDownloadOnly(c.type), false, c.count));
    if (info.counts.attachments > 0) {
      entries.push(folder('Attachment', 'Objects/Attachment', false, true, info.counts.attachments));
      entries.sort((a, b) => a.name.localeCompare(b.name));
    }
    return { path: 'Objects', entries, total: entries.length };
  }
  if (root === 'Objects' && type !== undefined && extra === undefined) {
    if (type === 'Attachment') {
      const { items, total } = store.listAttachments(snapshotId, page);
      return { path: 'Objects/Attachment', entries: items.map((a) => attachmentEntry(a, true)), total };
    }
    const { items, total } = store.recordsOfType(snapshotId, type, page);
    const entries: BrowseEntry[] = items.map((r) => ({
      kind: 'record',
      name: r.name,
      path: `Objects/${type}/${r.id}`,
      id: r.id,
      type,
      lastModifiedDate: r.lastModifiedDate,
      downloadOnly: isDownloadOnly(type),
    }));
    return { path: `Objects/${type}`, entries, total };
  }
  if (root === 'Files' && type === undefined) {
    const { items, total } = store.listFiles(snapshotId, page);
    return { path: 'Files', entries: items.map(fileEntry), total };
  }
  if (root === 'Attachments' && type === undefined) {
    const { items, total } = store.listAttachments(snapshotId, page);
    return { path: 'Attachments', entries: items.map((a) => attachmentEntry(a, false)), total };
  }
  throw new SnapshotError('BAD_PATH', `no folder ${path} in a snapshot`, { item: path });
}

/** The item an item path names: `Objects/Account/001…`, `Files/069…`, `Attachments/00P…`. */
export function itemAt(snapshotId: string, path: string): ShareItem {
  const parts = splitPath(path);
  const bad = () => new SnapshotError('BAD_PATH', `no item ${path} in a snapshot`, { item: path });
  const id = parts[parts.length - 1];
  if (id === undefined || !toId18(id)) throw bad();
  if (parts.length === 3 && parts[0] === 'Objects') {
    return parts[1] === 'Attachment' ? { snapshotId, kind: 'attachment', id } : { snapshotId, kind: 'record', id };
  }
  if (parts.length === 2 && parts[0] === 'Files') return { snapshotId, kind: 'file', id };
  if (parts.length === 2 && parts[0] === 'Attachments') return { snapshotId, kind: 'attachment', id };
  throw bad();
}

export interface FieldPreview {
  name: string;
  label: string;
  type: string;
  value: unknown;
  /** A standard status value (R10): backed up, never restored; shown so a person can set it by hand. */
  standardStatus: boolean;
}

export interface RecordPreview {
  record: BackedUpRecord;
  name: string;
  path: string;
  downloadOnly: boolean;
  fields: FieldPreview[];
  /** The standard status field's backed-up value, when the object has one (R10). */
  standardStatus: { field: string; value: unknown } | undefined;
  children: { field: string; id: string; type: string; name: string; path: string }[];
  files: BackedUpFile[];
  attachments: BackedUpAttachment[];
}

/** A record as backed up, with labels from the snapshot's schema, its direct children, files and attachments. */
export function previewRecord(store: SnapshotStore, snapshotId: string, id: string): RecordPreview {
  const record = store.record(snapshotId, id);
  if (!record) {
    throw new SnapshotError('ITEM_NOT_FOUND', `record ${id} is not in snapshot ${snapshotId}`, { item: id });
  }
  const describe = store.schema(snapshotId).objects.find((o) => o.name === record.type);
  const described = new Map((describe?.fields ?? []).map((f) => [f.name, f]));
  const names = describe
    ? [
        ...describe.fields.map((f) => f.name).filter((n) => n in record.fields),
        ...Object.keys(record.fields).filter((n) => !described.has(n)),
      ]
    : Object.keys(record.fields);
  const fields = names.map((name) => {
    const f = described.get(name);
    return {
      name,
      label: f?.label ?? name,
      type: f?.type ?? typeof record.fields[name],
      value: record.fields[name],
      standardStatus: isStandardStatusField(record.type, name),
    };
  });
  const statusField = STANDARD_STATUS_FIELDS[record.type];
  return {
    record,
    name: displayNameOf(record.fields),
    path: `Objects/${record.type}/${record.id}`,
    downloadOnly: isDownloadOnly(record.type),
    fields,
    standardStatus:
      statusField !== undefined && statusField in record.fields
        ? { field: statusField, value: record.fields[statusField] }
        : undefined,
    children: store.children(snapshotId, record.id).map((c) => ({
      field: c.field,
      id: c.record.id,
      type: c.record.type,
      name: c.record.name,
      path: `Objects/${c.record.type}/${c.record.id}`,
    })),
    files: store.filesOf(snapshotId, [record.id]),
    attachments: store.attachmentsOf(snapshotId, [record.id]),
  };
}

export interface Download {
  fileName: string;
  contentType: string;
  size: number;
  /** A verified stream of the content (a damaged blob fails before the first byte). */
  open(): Promise<Readable>;
}

/** A record as JSON, a file's latest version or an attachment's body, with its original name and type. */
export function downloadItem(store: SnapshotStore, item: ShareItem): Download {
  if (item.kind === 'record') {
    const record = store.record(item.snapshotId, item.id);
    if (!record) throw notFound(item);
    const json = Buffer.from(JSON.stringify(record, null, 2));
    return {
      fileName: `${record.type}-${record.id}.json`,
      contentType: 'application/json',
      size: json.length,
      open: async () => Readable.from([json]),
    };
  }
  if (item.kind === 'file') {
    const file = store.file(item.snapshotId, item.id);
    if (!file) throw notFound(item);
    return {
      fileName: fileNameOf(file),
      contentType: contentTypeOf(file.fileType, fileNameOf(file)),
      size: file.contentSize,
      open: () => store.blobStream(file.contentHash),
    };
  }
  const attachment = store.attachment(item.snapshotId, item.id);
  if (!attachment) throw notFound(item);
  const hash = attachment.bodyHash;
  if (hash === null) {
    throw new SnapshotError('ITEM_NOT_FOUND', `attachment ${attachment.id} was backed up without its content`, {
      item: attachment.id,
    });
  }
  return {
    fileName: attachment.name,
    contentType: attachment.contentType ?? contentTypeOf(null, attachment.name),
    size: attachment.bodyLength,
    open: () => store.blobStream(hash),
  };
}

/** What a share link downloads: verifies the token (signature, expiry), then finds the item. */
export function openSharedItem(
  store: SnapshotStore,
  token: string,
  secret: string | Uint8Array,
  now: Date = new Date(),
): Download {
  return downloadItem(store, verifyShareToken(token, secret, now));
}

function notFound(item: ShareItem): SnapshotError {
  return new SnapshotError('ITEM_NOT_FOUND', `${item.kind} ${item.id} is not in snapshot ${item.snapshotId}`, {
    item: item.id,
  });
}

function splitPath(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '.' || p === '..')) {
    throw new SnapshotError('BAD_PATH', `no folder ${path} in a snapshot`, { item: path });
  }
  return parts;
}

function folder(name: string, path: string, downloadOnly: boolean, metadataOnly: boolean, count: number): BrowseEntry {
  return { kind: 'folder', name, path, downloadOnly, metadataOnly, count };
}

function fileEntry(file: BackedUpFile): BrowseEntry {
  return {
    kind: 'file',
    name: fileNameOf(file),
    path: `Files/${file.contentDocumentId}`,
    id: file.contentDocumentId,
    size: file.contentSize,
    contentType: contentTypeOf(file.fileType, fileNameOf(file)),
    lastModifiedDate: file.lastModifiedDate,
    downloadOnly: true,
  };
}

function attachmentEntry(a: BackedUpAttachment, metadataOnly: boolean): BrowseEntry {
  return {
    kind: 'attachment',
    name: a.name,
    path: metadataOnly ? `Objects/Attachment/${a.id}` : `Attachments/${a.id}`,
    id: a.id,
    parentId: a.parentId,
    size: a.bodyLength,
    contentType: a.contentType ?? contentTypeOf(null, a.name),
    metadataOnly,
    downloadOnly: !metadataOnly,
  };
}

/** The name the file had on the user's disk, else its title. */
export function fileNameOf(file: BackedUpFile): string {
  const base = file.pathOnClient.split(/[\\/]/).pop();
  return base && base.trim() !== '' ? base : file.title;
}

const TYPES_BY_EXTENSION: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  text: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  json: 'application/json',
  xml: 'application/xml',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** Content type from Salesforce's FileType (PDF, PNG, TEXT, WORD_X …) or the file name's extension. */
export function contentTypeOf(fileType: string | null, fileName: string): string {
  const fromType: Record<string, string> = { TEXT: 'txt', WORD: 'doc', WORD_X: 'docx', EXCEL: 'xls', EXCEL_X: 'xlsx' };
  const key = fileType ? (fromType[fileType] ?? fileType.toLowerCase()) : undefined;
  const ext = fileName.includes('.') ? fileName.split('.').pop()?.toLowerCase() : undefined;
  return (key && TYPES_BY_EXTENSION[key]) ?? (ext && TYPES_BY_EXTENSION[ext]) ?? 'application/octet-stream';
}
