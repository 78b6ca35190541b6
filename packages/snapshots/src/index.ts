// @restorelab/snapshots: the snapshot store, backup through jsforce, and browsing.
export type { PutBlobResult } from './blob-store.ts';
export { DOWNLOAD_ONLY_REASONS, DOWNLOAD_ONLY_TYPES, isDownloadOnly } from './download-only.ts';
export { BackupError, SnapshotError, type SnapshotErrorCode } from './errors.ts';
export { NON_HIERARCHY_TARGETS } from './references.ts';
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
