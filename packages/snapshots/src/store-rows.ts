// Row helpers shared by the store's reads: the SQLite row type, id chunks and pages, and the
// mapping of rows to the package's types. Versions are checked against their hash as they are read.
import type { SQLInputValue } from 'node:sqlite';
import { sha256 } from './canonical.ts';
import { SnapshotError } from './errors.ts';
import type {
  BackedUpAttachment,
  BackedUpFile,
  BackedUpRecord,
  PageRequest,
  RecordSummary,
  SnapshotInfo,
} from './types.ts';

export type Row = Record<string, SQLInputValue>;

/** How many ids go into one `IN (...)` list: well under SQLite's variable limit. */
export const ID_CHUNK = 500;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function pageOf(page: PageRequest | undefined): { offset: number; limit: number } {
  const offset = Math.max(0, Math.floor(page?.offset ?? 0));
  const limit = Math.min(1000, Math.max(1, Math.floor(page?.limit ?? 100)));
  return { offset, limit };
}

export function marks(n: number): string {
  return new Array(n).fill('?').join(',');
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function toInfo(row: Row): SnapshotInfo {
  return {
    id: String(row.id),
    orgId: String(row.org_id),
    takenAt: String(row.taken_at),
    ...(row.described_at == null ? {} : { describedAt: String(row.described_at) }),
    complete: Number(row.complete) === 1,
    partial: Number(row.partial) === 1,
    counts: { records: Number(row.records), files: Number(row.files), attachments: Number(row.attachments) },
  };
}

export function toSummary(row: Row): RecordSummary {
  return {
    id: String(row.record_id),
    type: String(row.type),
    name: String(row.name),
    lastModifiedDate: String(row.last_modified),
  };
}

/** Record versions are checked against their hash on every read: a damaged row is an error, never data. */
export function toRecord(row: Row, snapshotId: string): BackedUpRecord {
  const fields = String(row.fields);
  const type = String(row.type);
  if (sha256(`${type}\n${fields}`) !== row.hash) {
    throw new SnapshotError(
      'RECORD_CORRUPT',
      `record ${String(row.record_id)} in snapshot ${snapshotId} is damaged (hash mismatch)`,
      { item: String(row.record_id) },
    );
  }
  return {
    id: String(row.record_id),
    type,
    lastModifiedDate: String(row.last_modified),
    fields: JSON.parse(fields) as Record<string, unknown>,
  };
}

export function toFile(row: Row): BackedUpFile {
  const json = String(row.json);
  if (sha256(json) !== row.hash) {
    throw new SnapshotError('RECORD_CORRUPT', `file ${String(row.content_document_id)} is damaged (hash mismatch)`, {
      item: String(row.content_document_id),
    });
  }
  return JSON.parse(json) as BackedUpFile;
}

export function toAttachment(row: Row): BackedUpAttachment {
  const json = String(row.json);
  if (sha256(json) !== row.hash) {
    throw new SnapshotError('RECORD_CORRUPT', `attachment ${String(row.attachment_id)} is damaged (hash mismatch)`, {
      item: String(row.attachment_id),
    });
  }
  return JSON.parse(json) as BackedUpAttachment;
}
