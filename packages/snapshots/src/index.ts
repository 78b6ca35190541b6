// @restorelab/snapshots: the snapshot store, backup through jsforce, and browsing.
export type {
  BackedUpAttachment,
  BackedUpFile,
  BackedUpFileLink,
  BackedUpRecord,
  SnapshotInfo,
  SnapshotSchema,
} from './types.ts';
