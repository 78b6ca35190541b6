// The snapshot slice a restore plans over: the root and, for `related`, everything beneath it, with
// the schema and the files and attachments those records hold. Read through a narrow view of the
// snapshot store, so the planner core never depends on how snapshots are kept.

import type { BackedUpRecord, SnapshotStore } from '@restorelab/snapshots';
import type { RestoreMethod, SnapshotSlice } from './types.ts';

/** The store reads a slice needs. */
export type SliceSource = Pick<SnapshotStore, 'descendants' | 'schema' | 'filesOf' | 'attachmentsOf'>;

/**
 * What a restore reads of its snapshot: the root and, for `related`, everything beneath it, with
 * the schema and the files and attachments those records hold.
 */
export function snapshotSlice(
  store: SliceSource,
  snapshotId: string,
  root: BackedUpRecord,
  method: RestoreMethod,
): SnapshotSlice {
  const records = method === 'related' ? [root, ...store.descendants(snapshotId, root.id)] : [root];
  const ids = records.map((r) => r.id);
  return {
    schema: store.schema(snapshotId),
    records,
    files: store.filesOf(snapshotId, ids),
    attachments: store.attachmentsOf(snapshotId, ids),
  };
}
