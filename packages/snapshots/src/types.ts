// The data a snapshot holds, as the rest of restorelab reads it. The store (this package) writes and
// answers in these shapes; the planner plans from them.

import type { ObjectDescribe } from '@restorelab/salesforce';
import type { GlobalObject } from './object-selection.ts';

export interface SnapshotInfo {
  id: string;
  orgId: string;
  /** When the backup started (ISO 8601). Values are as of this time. */
  takenAt: string;
  /**
   * The org's own time (its Date header) when the backup read the object list: what a later
   * conditional describe asks about. Absent when the org sent no Date, and in older snapshots.
   */
  describedAt?: string;
  /** Incomplete snapshots are never listed; this is always true for listed ones. */
  complete: boolean;
  /**
   * The backup read only chosen objects, or left files or attachments out: the snapshot holds part of
   * the org, so it is never the default snapshot for an item it does not hold.
   */
  partial: boolean;
  counts: { records: number; files: number; attachments: number };
}

/** One record as it was backed up. `fields` holds every field value by its API name, Id included. */
export interface BackedUpRecord {
  id: string;
  type: string;
  /** LastModifiedDate as the org reported it (ISO 8601 with offset, e.g. 2026-01-02T03:04:05.000+0000). */
  lastModifiedDate: string;
  fields: Record<string, unknown>;
}

/** Who a file is shared with and how (one ContentDocumentLink). */
export interface BackedUpFileLink {
  linkedEntityId: string;
  /** V viewer, C collaborator, I inferred. */
  shareType: 'V' | 'C' | 'I';
  visibility: 'AllUsers' | 'InternalUsers' | 'SharedUsers';
}

/** A Lightning file: only the latest version is backed up (R16). */
export interface BackedUpFile {
  contentDocumentId: string;
  latestVersionId: string;
  title: string;
  pathOnClient: string;
  ownerId: string;
  /** ContentDocument.LastModifiedDate as backed up. */
  lastModifiedDate: string;
  contentModifiedDate: string | null;
  versionNumber: string;
  /** sha256 of the content, the key of the blob in the store. */
  contentHash: string;
  contentSize: number;
  fileType: string | null;
  links: BackedUpFileLink[];
}

/** A Classic attachment with its content (Attachments folder) or metadata only (Objects/Attachment). */
export interface BackedUpAttachment {
  id: string;
  parentId: string;
  name: string;
  contentType: string | null;
  isPrivate: boolean;
  ownerId: string;
  description: string | null;
  lastModifiedDate: string;
  /** sha256 of the body; null when only metadata was kept. */
  bodyHash: string | null;
  bodyLength: number;
}

/** The schema of the org as described when the snapshot was taken. */
export interface SnapshotSchema {
  objects: ObjectDescribe[];
  /**
   * The org's object list (global describe, trimmed to what object selection reads) when the
   * snapshot was taken. A later backup whose conditional global describe answers 304 selects from
   * it and reuses `objects` instead of describing again. Absent in snapshots taken before it existed.
   */
  global?: GlobalObject[];
}

/** Paging for listings and search: `limit` defaults to 100 and is capped at 1000. */
export interface PageRequest {
  offset?: number;
  limit?: number;
}

/** One record in a listing: enough to show it, without its fields. */
export interface RecordSummary {
  id: string;
  type: string;
  name: string;
  lastModifiedDate: string;
}

/** A record as one snapshot saw it; `changed` is false when the previous snapshot held the same version. */
export interface RecordHistoryEntry {
  snapshot: SnapshotInfo;
  record: BackedUpRecord;
  changed: boolean;
}

/** One search result. `type` is the object type for records, 'File' or 'Attachment' otherwise. */
export interface SearchHit {
  kind: 'record' | 'file' | 'attachment';
  id: string;
  type: string;
  name: string;
  /** The browse path of the item, e.g. `Objects/Account/001…`, `Files/069…`, `Attachments/00P…`. */
  path: string;
  downloadOnly: boolean;
}
