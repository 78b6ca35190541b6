// R01 and R02: which backed-up records a request selects, and the refusals that stop a plan before
// it starts (download-only types, a root that is not in the snapshot, a file on its own).
import { toId18 } from '@restorelab/salesforce';
import type { BackedUpRecord } from '@restorelab/snapshots';
import { PlanError } from './errors.ts';
import { ATTACHMENT_OBJECT_TYPE, FILE_OBJECT_TYPES, isHierarchyTarget, type SchemaIndex } from './schema-index.ts';
import type { RestoreRequest, SnapshotSlice } from './types.ts';

export interface RestoreScope {
  root: BackedUpRecord;
  /** Records to plan as records, sorted by id (file and attachment objects left out). */
  records: BackedUpRecord[];
  /** Records of Objects/Attachment in the scope: restored as metadata only (R13). */
  attachmentRecords: BackedUpRecord[];
}

/** The 18-character form of an id; ids from the API already are, so they pass untouched. */
export function id18(id: string): string | undefined {
  return id.length === 18 ? id : toId18(id);
}

/**
 * The records a request selects: the root alone (`record`), or the root and every record whose
 * hierarchy links lead up to it, transitively (`related`). Parents are never pulled in.
 */
export function resolveScope(
  request: RestoreRequest,
  slice: SnapshotSlice,
  schema: SchemaIndex,
  downloadOnlyTypes: ReadonlySet<string>,
): RestoreScope {
  const rootId = toId18(request.rootId);
  if (!rootId) throw new PlanError('INVALID_RECORD_ID', `"${request.rootId}" is not a Salesforce record id`);
  const byId = new Map<string, BackedUpRecord>();
  for (const record of slice.records) {
    const id = id18(record.id);
    if (id) byId.set(id, record);
  }
  const root = byId.get(rootId);
  if (!root) {
    throw new PlanError('RECORD_NOT_IN_SNAPSHOT', `record ${rootId} is not in snapshot ${request.snapshotId}`, {
      recordIds: [rootId],
    });
  }
  if (downloadOnlyTypes.has(root.type)) {
    throw new PlanError(
      'DOWNLOAD_ONLY_TYPE',
      `${root.type} records are download/share only: ${rootId} can be downloaded, never restored`,
      { rule: 'R02', objectTypes: [root.type], recordIds: [rootId] },
    );
  }
  if (FILE_OBJECT_TYPES.has(root.type)) {
    throw new PlanError(
      'NOT_RESTORABLE_ALONE',
      `${root.type} ${rootId} is part of a file: files come back with the record they are attached to`,
      { rule: 'R12', objectTypes: [root.type], recordIds: [rootId] },
    );
  }

  const selected = request.method === 'related' ? descendantsAndSelf(rootId, byId, schema) : [root];
  const records: BackedUpRecord[] = [];
  const attachmentRecords: BackedUpRecord[] = [];
  const refused = new Map<string, string[]>();
  const unknown = new Set<string>();
  for (const record of selected) {
    if (FILE_OBJECT_TYPES.has(record.type)) continue; // files follow their records instead (R14)
    if (downloadOnlyTypes.has(record.type)) {
      const ids = refused.get(record.type) ?? [];
      ids.push(id18(record.id)!);
      refused.set(record.type, ids);
      continue;
    }
    if (record.type === ATTACHMENT_OBJECT_TYPE) attachmentRecords.push(record);
    else {
      if (!schema.get(record.type)) unknown.add(record.type);
      records.push(record);
    }
  }
  if (refused.size > 0) {
    // The brief's reading of R02: a restore that would touch any download-only record is refused
    // whole, so nothing is written and the user learns which records stand in the way.
    const types = [...refused.keys()].sort();
    const ids = types.flatMap((t) => refused.get(t)!);
    throw new PlanError(
      'DOWNLOAD_ONLY_TYPE',
      `the restore includes download/share-only records (${types.join(', ')}): ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}`,
      { rule: 'R02', objectTypes: types, recordIds: ids },
    );
  }
  if (unknown.size > 0) {
    const types = [...unknown].sort();
    throw new PlanError('OBJECT_NOT_IN_SCHEMA', `the snapshot's schema does not describe ${types.join(', ')}`, {
      objectTypes: types,
    });
  }
  records.sort(byRecordId);
  attachmentRecords.sort(byRecordId);
  return { root, records, attachmentRecords };
}

function byRecordId(a: BackedUpRecord, b: BackedUpRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// Breadth-first over "who points at me" links. One pass builds parent → children for the whole
// slice, so the walk costs O(records × links), whatever the depth.
function descendantsAndSelf(rootId: string, byId: Map<string, BackedUpRecord>, schema: SchemaIndex): BackedUpRecord[] {
  const children = new Map<string, string[]>();
  for (const [childId, record] of byId) {
    for (const parentId of hierarchyParents(record, schema)) {
      if (parentId === childId) continue;
      const list = children.get(parentId);
      if (list) list.push(childId);
      else children.set(parentId, [childId]);
    }
  }
  const seen = new Set<string>([rootId]);
  const queue = [rootId];
  for (let head = 0; head < queue.length; head++) {
    for (const child of children.get(queue[head]!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return queue.map((id) => byId.get(id)!);
}

function hierarchyParents(record: BackedUpRecord, schema: SchemaIndex): string[] {
  const spec = schema.get(record.type);
  const out: string[] = [];
  if (spec) {
    for (const ref of spec.references) {
      if (!ref.hierarchy) continue;
      const value = record.fields[ref.name];
      if (typeof value !== 'string') continue;
      const target = id18(value);
      if (target && isHierarchyTarget(target)) out.push(target);
    }
    return out;
  }
  // An object the schema lacks: any id-valued field is a link (the plan then refuses the type).
  for (const [name, value] of Object.entries(record.fields)) {
    if (name === 'Id' || typeof value !== 'string' || (value.length !== 15 && value.length !== 18)) continue;
    const target = toId18(value);
    if (target && isHierarchyTarget(target)) out.push(target);
  }
  return out;
}
