// createRestoreSummary's work: the snapshot slice from the store (the root, its descendants for
// `related`, their files and attachments, the schema), the live org state through jsforce, then the
// pure planRestore. Nothing is written to the org here (R04).
import { randomBytes } from 'node:crypto';
import {
  attachmentAsRecord,
  copyableIds,
  followRestoredIds,
  itemChanges,
  mandatoryLinksOf,
  moveToCopies,
  overwritesToRead,
  PlanError,
  planRestore,
  type RestoreMethod,
  type RestorePlan,
  SUMMARY_CHANGES_LIMIT,
  scopeRestore,
  snapshotSlice,
  summarizeChanges,
} from '@restorelab/restore-plan';
import { sameId, toId18 } from '@restorelab/salesforce';
import { type LiveRecordState, readOrgState } from '@restorelab/salesforce/client';
import { DOWNLOAD_ONLY_TYPES, describedSince, type SnapshotInfo, type SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import { PlannerError } from '../errors.ts';
import type { PlanSeam } from '../seams.ts';
import { MetadataCheck } from './live-metadata.ts';
import { readLiveOrg, readOptions } from './live-org.ts';
import { readLiveValues } from './live-values.ts';
import { assumeWritten, backedUpItems } from './overlap.ts';
import { parentLinks } from './parent-links.ts';
import type { PendingPlan, StoredPlan, WriteMode } from './types.ts';

export interface RestoreRequestInput {
  /** Default: the newest snapshot of the connected org that holds the record (R03). */
  snapshotId?: string | undefined;
  recordId: string;
  method: RestoreMethod;
  /** How the job will write new records (set by the planner's configuration, never by a request). */
  writeMode?: WriteMode;
  /** List every change in the summary, not only the first SUMMARY_CHANGES_LIMIT items (R04). */
  allChanges?: boolean | undefined;
}

export interface PreparedRestore {
  pending: PendingPlan;
  stored: StoredPlan;
  apiCalls: number;
}

export async function prepareRestore(
  conn: Connection,
  store: SnapshotStore,
  asked: RestoreRequestInput,
  orgId: string | undefined,
  /** Suite power only: bends the plan on purpose (see seams.ts). */
  seam?: PlanSeam,
  /** Backed-up items that jobs this restore waited for wrote from the same snapshot (see overlap.ts). */
  written: ReadonlySet<string> = new Set(),
): Promise<PreparedRestore> {
  const input = seam?.request ? seam.request(asked) : asked;
  const downloadOnly = seam?.downloadOnlyTypes ? seam.downloadOnlyTypes(DOWNLOAD_ONLY_TYPES) : DOWNLOAD_ONLY_TYPES;
  const rootId = toId18(input.recordId);
  if (!rootId) throw new PlannerError('BAD_REQUEST', `"${input.recordId}" is not a Salesforce record id`);
  const snapshot = resolveSnapshot(store, input.snapshotId, orgId, rootId);
  if (orgId && !sameId(snapshot.orgId, orgId)) {
    throw new PlannerError(
      'NOT_RESTORABLE',
      `snapshot ${snapshot.id} is of org ${snapshot.orgId}, but the planner is connected to org ${orgId}: restores are in place`,
    );
  }
  const attachment = store.attachment(snapshot.id, rootId);
  const root = store.record(snapshot.id, rootId) ?? (attachment ? attachmentAsRecord(attachment) : undefined);
  if (!root) {
    throw new PlannerError('RECORD_NOT_IN_SNAPSHOT', `record ${rootId} is not in snapshot ${snapshot.id}`);
  }
  const slice = snapshotSlice(store, snapshot.id, root, input.method);
  const request = { snapshotId: snapshot.id, rootId, method: input.method };
  // Before the org is read: a job that ends after this may have written what the plan did not see.
  const plannedAt = new Date().toISOString();
  let plan: RestorePlan;
  let apiCalls = 0;
  const copyOf = new Map<string, string>();
  try {
    let query = scopeRestore(request, slice, downloadOnly);
    // R06/R07/R19 across jobs: a record, file or attachment an earlier job re-created under a new id
    // IS that item now. When its copy still exists, the restore targets the copy (overwrite, skip or
    // a new version, by the rules of an item that exists) instead of creating a second one; a copy
    // deleted since is re-created like any deleted item.
    const counter = { calls: 0, retries: 0 };
    // One conditional global describe for the whole plan, sent along the first read of the org: the
    // copies check and the live read share it.
    const check = new MetadataCheck(conn, slice.schema, describedSince(snapshot), counter);
    const copies = store.restoredIdsOf(snapshot.orgId, copyableIds(query));
    let known: Map<string, LiveRecordState> | undefined;
    if (copies.size > 0) {
      // The copies of a tree form a tree too: read by their parents' copies where that is fewer calls.
      const liveId = (id: string) => toId18(copies.get(id) ?? id) ?? id;
      const parents = parentLinks(slice, [...copies.values()].map(liveId), liveId);
      const states = await check.read((metadata, alongside) =>
        readOrgState(conn, [...copies.values()], { counter, parents, ...readOptions(metadata, alongside) }),
      );
      // Read once: the live read below answers these ids from here.
      known = states;
      const live = new Map([...copies].filter(([, copy]) => states.get(toId18(copy) ?? copy)?.state === 'exists'));
      if (live.size > 0) {
        for (const [backedUp, copy] of live) copyOf.set(toId18(copy) ?? copy, backedUp);
        Object.assign(slice, moveToCopies(slice, live));
        request.rootId = live.get(request.rootId) ?? request.rootId;
        query = scopeRestore(request, slice, downloadOnly);
      }
    }
    // R08: a parent an earlier job re-created lives under a new id; the child follows it there.
    const restored = store.restoredIdsOf(snapshot.orgId, query.referenceIds);
    if (restored.size > 0) {
      slice.records = followRestoredIds(slice.records, restored);
      query = scopeRestore(request, slice, downloadOnly);
    }
    const live = await readLiveOrg(conn, store, query, slice, describedSince(snapshot), {
      check,
      ...(known ? { known } : {}),
    });
    apiCalls += counter.calls + live.apiCalls;
    plan = planRestore({
      request,
      slice,
      org: (seam?.org ?? ((org) => org))(assumeWritten(live.org, slice, copyOf, written)),
      downloadOnlyTypes: downloadOnly,
      adminUserId: live.adminUserId,
      // The scope the org was read for: planned from as it is, not resolved a second time.
      query,
    });
    if (seam?.plan) plan = await seam.plan(plan, { conn, store, request });
    // R04: the fields the first overwrites (or all, when asked) change, old → new, from the org's values.
    const limit = input.allChanges ? plan.records.length + plan.attachments.length : SUMMARY_CHANGES_LIMIT;
    const toRead = overwritesToRead(plan.records, plan.attachments, limit);
    if (toRead.length > 0) {
      const counter = { calls: 0, retries: 0 };
      const values = await readLiveValues(conn, toRead, counter);
      apiCalls += counter.calls;
      plan.summary.changes = summarizeChanges(itemChanges(plan.records, plan.attachments, values), limit);
    } else if (input.allChanges) {
      plan.summary.changes = summarizeChanges(itemChanges(plan.records, plan.attachments), limit);
    }
  } catch (err) {
    throw toPlannerError(err);
  }
  const mandatoryLinks = mandatoryLinksOf(slice.schema, new Set(plan.records.map((r) => r.objectType)));
  const planId = `plan-${randomBytes(9).toString('base64url')}`;
  return {
    pending: { planId, orgId: snapshot.orgId, createdAt: new Date().toISOString(), request, summary: plan.summary },
    stored: {
      planId,
      plan,
      mandatoryLinks,
      plannedAt,
      requested: { recordId: rootId, method: input.method, snapshotId: snapshot.id },
      items: backedUpItems(plan, Object.fromEntries(copyOf)),
      copyOf: Object.fromEntries(copyOf),
      ...(input.writeMode ? { writeMode: input.writeMode } : {}),
    },
    apiCalls,
  };
}

function resolveSnapshot(
  store: SnapshotStore,
  snapshotId: string | undefined,
  orgId: string | undefined,
  rootId: string,
): SnapshotInfo {
  if (snapshotId !== undefined) {
    const info = store.findSnapshot(snapshotId);
    if (!info) throw new PlannerError('SNAPSHOT_NOT_FOUND', `no snapshot ${snapshotId}`);
    return info;
  }
  const org = orgId ?? onlyOrg(store);
  // The newest snapshot that holds the record: a partial backup of other objects is never the default.
  // When none does, the newest one, so the refusal names it (RECORD_NOT_IN_SNAPSHOT).
  const latest = org ? (store.latestSnapshotHolding(org, rootId) ?? store.latestSnapshot(org)) : undefined;
  if (!latest)
    throw new PlannerError('SNAPSHOT_NOT_FOUND', `no snapshot of org ${org ?? '(unknown)'} yet: take a backup first`);
  return latest;
}

function onlyOrg(store: SnapshotStore): string | undefined {
  const orgs = store.listOrgs();
  return orgs.length === 1 ? orgs[0] : undefined;
}

/** PlanError and connection failures as the planner's own errors (4xx for what the caller asked). */
export function toPlannerError(err: unknown): Error {
  if (err instanceof PlannerError) return err;
  if (err instanceof PlanError) {
    switch (err.code) {
      case 'DOWNLOAD_ONLY_TYPE':
        return new PlannerError('DOWNLOAD_ONLY_TYPE', err.message, { rule: 'R02', cause: err });
      case 'RECORD_NOT_IN_SNAPSHOT':
        return new PlannerError('RECORD_NOT_IN_SNAPSHOT', err.message, { cause: err });
      case 'INVALID_RECORD_ID':
        return new PlannerError('BAD_REQUEST', err.message, { cause: err });
      default:
        return new PlannerError('NOT_RESTORABLE', err.message, { ...(err.rule ? { rule: err.rule } : {}), cause: err });
    }
  }
  return err instanceof Error ? err : new Error(String(err));
}
