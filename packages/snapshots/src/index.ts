// @restorelab/snapshots: the snapshot store, backup through jsforce, and browsing.

export { NON_HIERARCHY_TARGETS } from '@restorelab/salesforce';
export {
  type BackupOptions,
  type BackupProgress,
  type BackupReport,
  backupOrg,
} from './backup.ts';
export type { PutBlobResult } from './blob-store.ts';
export {
  type BrowseEntry,
  contentTypeOf,
  type Download,
  downloadItem,
  type FieldPreview,
  fileNameOf,
  itemAt,
  type Listing,
  listFolder,
  openSharedItem,
  previewRecord,
  type RecordPreview,
  ROOT_FOLDERS,
} from './browse.ts';
export { DOWNLOAD_ONLY_REASONS, DOWNLOAD_ONLY_TYPES, isDownloadOnly } from './download-only.ts';
export { BackupError, SnapshotError, type SnapshotErrorCode } from './errors.ts';
export { FILE_OBJECTS, selectObjects, skipReason } from './object-selection.ts';
export { DESCRIBE_CLOCK_SKEW_MS, describedSince, requestWithDate } from './org-clock.ts';
export { displayNameOf } from './references.ts';
export { searchSnapshot } from './search.ts';
export {
  createShareToken,
  readShareToken,
  type ShareItem,
  ShareItemSchema,
  type ShareTokenContent,
  verifyShareToken,
} from './share-token.ts';
export { createShare, findShare, openShare, revokeShare, type Share } from './shares.ts';
export type { RecordInput, SnapshotWriter, WriterStats } from './snapshot-writer.ts';
export { openSnapshotStore, type SnapshotStore } from './store.ts';
export type {
  BackedUpAttachment,
  BackedUpFile,
  BackedUpFileLink,
  BackedUpRecord,
  PageRequest,
  RecordHistoryEntry,
  RecordSummary,
  SearchHit,
  SnapshotInfo,
  SnapshotSchema,
} from './types.ts';
