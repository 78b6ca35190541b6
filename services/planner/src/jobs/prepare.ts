// createRestoreSummary's work: the snapshot slice from the store (the root, its descendants for
// `related`, their files and attachments, the schema), the live org state through jsforce, then the
// pure planRestore. Nothing is written to the org here (R04).
import { randomBytes } from 'node:crypto';
import { isMandatoryLink, sameId, toId18 } from '@restorelab/salesforce';
import { readOrgState } from '@restorelab/salesforce/client';
import {
  type BackedUpRecord,
  DOWNLOAD_ONLY_TYPES,
  describedSince,
  type SnapshotInfo,
  type SnapshotStore,
} from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import { PlannerError } from '../errors.ts';
import {
  PlanError,
  planRestore,
  type RestoreMethod,
  type RestorePlan,
  type SnapshotSlice,
  scopeRestore,
} from '../plan/index.ts';
import { readLiveOrg } from './live-org.ts';
import type { PendingPlan, StoredPlan } from './types.ts';

export interface RestoreRequestInput {
  /** Default: the latest snapshot of the connected org (R03). */
  snapshotId?: string | undefined;
  recordId: string;
  method: RestoreMethod;
}

export interface PreparedRestore {
  pending: PendingPlan;
  stored: StoredPlan;
  apiCalls: number;
}

export async function prepareRestore(
  conn: Connection,
  store: SnapshotStore,
  input: RestoreRequestInput,
  orgId: string | undefined,
): Promise<PreparedRestore> {
  const rootId = toId18(input.recordId);
  if (!rootId) throw new PlannerError('BAD_REQUEST', `"${input.recordId}" is not a Salesforce record id`);
  const snapshot = resolveSnapshot(store, input.snapshotId, orgId);
  if (orgId && !sameId(snapshot.orgId, orgId)) {
    throw new PlannerError(
      'NOT_RESTORABLE',
      `snapshot ${snapshot.id} is of org ${snapshot.orgId}, but the planner is connected to org ${orgId}: restores are in place`,
    );
  }
  const root = store.record(snapshot.id, rootId) ?? attachmentAsRecord(store, snapshot.id, rootId);
  if (!root) {
    throw new PlannerError('RECORD_NOT_IN_SNAPSHOT', `record ${rootId} is not in snapshot ${snapshot.id}`);
  }
  const slice = snapshotSlice(store, snapshot.id, root, input.method);
  const request = { snapshotId: snapshot.id, rootId, method: input.method };
  let plan: RestorePlan;
  let apiCalls = 0;
  try {
    let query = scopeRestore(request, slice, DOWNLOAD_ONLY_TYPES);
    // R06/R07 across jobs: a record an earlier job re-created under a new id IS that record now. When
    // its copy still exists, the restore targets the copy (overwrite or skip by LastModifiedDate)
    // instead of creating a second one; a copy deleted since is re-created like any deleted record.
    const copies = store.restoredIdsOf(snapshot.orgId, query.recordIds);
    if (copies.size > 0) {
      const counter = { calls: 0, retries: 0 };
      const states = await readOrgState(conn, [...copies.values()], { counter });
      apiCalls += counter.calls;
      const live = new Map([...copies].filter(([, copy]) => states.get(toId18(copy) ?? copy)?.state === 'exists'));
      if (live.size > 0) {
        Object.assign(slice, moveToCopies(slice, live));
        request.rootId = live.get(request.rootId) ?? request.rootId;
        query = scopeRestore(request, slice, DOWNLOAD_ONLY_TYPES);
      }
    }
    // R08: a parent an earlier job re-created lives under a new id; the child follows it there.
    const restored = store.restoredIdsOf(snapshot.orgId, query.referenceIds);
    if (restored.size > 0) {
      slice.records = followRestoredIds(slice.records, restored);
      query = scopeRestore(request, slice, DOWNLOAD_ONLY_TYPES);
    }
    const live = await readLiveOrg(conn, store, query, slice, describedSince(snapshot));
    apiCalls += live.apiCalls;
    plan = planRestore({
      request,
      slice,
      org: live.org,
      downloadOnlyTypes: DOWNLOAD_ONLY_TYPES,
      adminUserId: live.adminUserId,
    });
  } catch (err) {
    throw toPlannerError(err);
  }
  const types = new Set(plan.records.map((r) => r.objectType));
  const mandatoryLinks: string[] = [];
  for (const object of slice.schema.objects) {
    if (!types.has(object.name)) continue;
    for (const field of object.fields) if (isMandatoryLink(field)) mandatoryLinks.push(`${object.name}.${field.name}`);
  }
  const planId = `plan-${randomBytes(9).toString('base64url')}`;
  return {
    pending: { planId, orgId: snapshot.orgId, createdAt: new Date().toISOString(), request, summary: plan.summary },
    stored: { planId, plan, mandatoryLinks },
    apiCalls,
  };
}

/**
 * References to records an earlier restore re-created, rewritten to the new ids. The live org then
 * decides: a copy that exists is an existing parent; a copy deleted since is a deleted one.
 */
function followRestoredIds(
  records: readonly BackedUpRecord[],
  restored: ReadonlyMap<string, string>,
): BackedUpRecord[] {
  return records.map((record) => {
    let fields: Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(record.fields)) {
      if (name === 'Id' || typeof value !== 'string') continue;
      const newId = restored.get(toId18(value) ?? value);
      if (!newId) continue;
      fields ??= { ...record.fields };
      fields[name] = newId;
    }
    return fields ? { ...record, fields } : record;
  });
}

/**
 * The slice with every record that has a live copy moved onto the copy's id: the record itself, every
 * reference to it, its files' links and its attachments' parent.
 */
function moveToCopies(
  slice: SnapshotSlice,
  copies: ReadonlyMap<string, string>,
): Pick<SnapshotSlice, 'records' | 'files' | 'attachments'> {
  const moved = (id: string) => copies.get(toId18(id) ?? id);
  const records = followRestoredIds(slice.records, copies).map((record) => {
    const copy = moved(record.id);
    return copy ? { ...record, id: copy, fields: { ...record.fields, Id: copy } } : record;
  });
  const files = slice.files.map((file) =>
    file.links.some((l) => moved(l.linkedEntityId))
      ? {
          ...file,
          links: file.links.map((l) => ({ ...l, linkedEntityId: moved(l.linkedEntityId) ?? l.linkedEntityId })),
        }
      : file,
  );
  const attachments = slice.attachments.map((a) => {
    const copy = moved(a.parentId);
    return copy ? { ...a, parentId: copy } : a;
  });
  return { records, files, attachments };
}

/**
 * R13: an item of Objects/Attachment is restorable, as metadata only. The store keeps attachments
 * apart from records, so the item becomes an Attachment record for the plan, which restores such
 * records without content.
 */
function attachmentAsRecord(store: SnapshotStore, snapshotId: string, id: string): BackedUpRecord | undefined {
  const a = store.attachment(snapshotId, id);
  if (!a) return undefined;
  return {
    id: a.id,
    type: 'Attachment',
    lastModifiedDate: a.lastModifiedDate,
    fields: {
      Id: a.id,
      ParentId: a.parentId,
      Name: a.name,
      ContentType: a.contentType,
      IsPrivate: a.isPrivate,
      OwnerId: a.ownerId,
      Description: a.description,
      BodyLength: a.bodyLength,
      LastModifiedDate: a.lastModifiedDate,
    },
  };
}

function resolveSnapshot(
  store: SnapshotStore,
  snapshotId: string | undefined,
  orgId: string | undefined,
): SnapshotInfo {
  if (snapshotId !== undefined) {
    const info = store.findSnapshot(snapshotId);
    if (!info) throw new PlannerError('SNAPSHOT_NOT_FOUND', `no snapshot ${snapshotId}`);
    return info;
  }
  const org = orgId ?? onlyOrg(store);
  const latest = org ? store.latestSnapshot(org) : undefined;
  if (!latest)
    throw new PlannerError('SNAPSHOT_NOT_FOUND', `no snapshot of org ${org ?? '(unknown)'} yet: take a backup first`);
  return latest;
}

function onlyOrg(store: SnapshotStore): string | undefined {
  const orgs = store.listOrgs();
  return orgs.length === 1 ? orgs[0] : undefined;
}

/** PlanError and connection failures as the planner's own errors (4xx for what the caller asked). */
/**
 * What a restore reads of its snapshot: the root and, for `related`, everything beneath it, with
 * the schema and the files and attachments those records hold.
 */
export function snapshotSlice(
  store: SnapshotStore,
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
