// The orgs a planner knows: every org with snapshots in the store, plus the org it is connected to
// (which may have none yet). Shared by the API and the console.
import { sameId } from '@restorelab/salesforce';
import type { SnapshotInfo, SnapshotStore } from '@restorelab/snapshots';

export interface KnownOrg {
  orgId: string;
  snapshots: number;
  connected: boolean;
  latest?: SnapshotInfo;
}

export function knownOrgs(store: SnapshotStore, connected: string | undefined): KnownOrg[] {
  const ids = new Set(store.listOrgs());
  if (connected) ids.add(connected);
  return [...ids].sort().map((orgId) => {
    const latest = store.latestSnapshot(orgId);
    return {
      orgId,
      snapshots: store.listSnapshots(orgId).length,
      connected: connected !== undefined && sameId(connected, orgId),
      ...(latest ? { latest } : {}),
    };
  });
}
