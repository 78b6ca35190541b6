// R01 and R02: which backed-up records a request selects, and the refusals that stop a plan before
// it starts (download-only types, a root that is not in the snapshot, a file on its own).
import { toId18 } from '@restorelab/salesforce';
import type { BackedUpRecord } from '@restorelab/snapshots';
import { PlanError } from './errors.ts';
import { buildCsr } from './graph.ts';
import { ATTACHMENT_OBJECT_TYPE, FILE_OBJECT_TYPES, isHierarchyTarget, type SchemaIndex } from './schema-index.ts';
import type { RestoreRequest, SnapshotSlice } from './types.ts';

export interface RestoreScope {
  root: BackedUpRecord;
  /** Records to plan as records, sorted by id (file and attachment objects left out). */
  records: BackedUpRecord[];
  /** Records of Objects/Attachment in the scope: restored as metadata only (R13). */
  attachmentRecords: BackedUpRecord[];
  /** 18-character id → position in `records`. */
  index: Map<string, number>;
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
  // id → position in the slice; a record listed twice counts once (the last copy wins).
  const byId = new Map<string, number>();
  const sliceRecords = slice.records;
  for (let i = 0; i < sliceRecords.length; i++) {
    const id = id18(sliceRecords[i]!.id);
    if (id) byId.set(id, i);
  }
  const rootIndex = byId.get(rootId);
  const root = rootIndex === undefined ? undefined : sliceRecords[rootIndex];
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

  const selected = request.method === 'related' ? descendantsAndSelf(rootIndex!, byId, sliceRecords, schema) : [root];
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
  const sorted = sortById(records, byId, sliceRecords);
  const index = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) index.set(id18(sorted[i]!.id)!, i);
  return { root, records: sorted, attachmentRecords: sortById(attachmentRecords, byId, sliceRecords), index };
}

// Sorting the id strings with the built-in comparison is several times faster than a comparator
// over records, which matters at a million records.
function sortById(
  records: readonly BackedUpRecord[],
  byId: ReadonlyMap<string, number>,
  sliceRecords: readonly BackedUpRecord[],
): BackedUpRecord[] {
  return records
    .map((r) => id18(r.id)!)
    .sort()
    .map((id) => sliceRecords[byId.get(id)!]!);
}

// Breadth-first over "who points at me" links. One pass builds parent → children adjacency (flat
// arrays, no per-record lists) for the whole slice, so the walk costs O(records × links).
function descendantsAndSelf(
  rootIndex: number,
  byId: ReadonlyMap<string, number>,
  sliceRecords: readonly BackedUpRecord[],
  schema: SchemaIndex,
): BackedUpRecord[] {
  const parents: number[] = [];
  const children: number[] = [];
  const link = (child: number, value: unknown) => {
    if (typeof value !== 'string') return;
    const target = id18(value);
    if (!target || !isHierarchyTarget(target)) return;
    const parent = byId.get(target);
    if (parent === undefined || parent === child) return;
    parents.push(parent);
    children.push(child);
  };
  for (let child = 0; child < sliceRecords.length; child++) {
    const record = sliceRecords[child]!;
    const spec = schema.get(record.type);
    if (spec) {
      for (const ref of spec.references) if (ref.hierarchy) link(child, record.fields[ref.name]);
      continue;
    }
    // An object the schema lacks: any id-valued field is a link (the plan then refuses the type).
    for (const [name, value] of Object.entries(record.fields)) {
      if (name !== 'Id' && typeof value === 'string' && (value.length === 15 || value.length === 18))
        link(child, value);
    }
  }
  const adjacency = buildCsr(sliceRecords.length, parents, children);
  const seen = new Uint8Array(sliceRecords.length);
  const queue = [rootIndex];
  seen[rootIndex] = 1;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (let e = adjacency.start[v]!; e < adjacency.start[v + 1]!; e++) {
      const child = adjacency.targets[e]!;
      if (seen[child]) continue;
      seen[child] = 1;
      queue.push(child);
    }
  }
  return queue.map((i) => sliceRecords[i]!);
}
