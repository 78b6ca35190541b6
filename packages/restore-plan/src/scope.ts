// R01 and R02: which backed-up records a request selects, and the refusals that stop a plan before
// it starts (download-only types, a root that is not in the snapshot, a file on its own).
import { toId18 } from '@restorelab/salesforce';
import type { BackedUpRecord } from '@restorelab/snapshots';
import { PlanError } from './errors.ts';
import { buildCsr } from './graph.ts';
import {
  ATTACHMENT_OBJECT_TYPE,
  FILE_OBJECT_TYPES,
  isHierarchyTarget,
  type ObjectSpec,
  type SchemaIndex,
} from './schema-index.ts';
import type { RestoreRequest, SnapshotSlice } from './types.ts';

export interface RestoreScope {
  root: BackedUpRecord;
  /** Records to plan as records, sorted by id (file and attachment objects left out). */
  records: BackedUpRecord[];
  /** Records of Objects/Attachment in the scope: restored as metadata only (R13). */
  attachmentRecords: BackedUpRecord[];
  /**
   * Resolved links: for record i and the k-th reference field of its object (`ObjectSpec.references`),
   * `linkTarget[linkStart[i] + k]` is the position in `records` of the record it points at, or -1
   * (no value, or a record outside the scope). Resolved once, so planning never looks an id up twice.
   */
  linkStart: Int32Array;
  linkTarget: Int32Array;
  /** Position in `records` of a record by its 18-character id. */
  positionOf(id: string): number | undefined;
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

  // Every link of every record the closure may visit, resolved to slice positions in one pass.
  const sliceLinks = resolveLinks(sliceRecords, byId, schema, request.method === 'related' ? undefined : rootIndex!);
  const selected =
    request.method === 'related'
      ? descendantsAndSelf(rootIndex!, sliceRecords, sliceLinks, byId)
      : Int32Array.of(rootIndex!);
  const chosen: number[] = [];
  const attachmentIndexes: number[] = [];
  const refused = new Map<string, string[]>();
  const unknown = new Set<string>();
  for (const at of selected) {
    const record = sliceRecords[at]!;
    if (FILE_OBJECT_TYPES.has(record.type)) continue; // files follow their records instead (R14)
    if (downloadOnlyTypes.has(record.type)) {
      const ids = refused.get(record.type) ?? [];
      ids.push(id18(record.id)!);
      refused.set(record.type, ids);
      continue;
    }
    if (record.type === ATTACHMENT_OBJECT_TYPE) attachmentIndexes.push(at);
    else {
      if (!schema.get(record.type)) unknown.add(record.type);
      chosen.push(at);
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

  const order = sortById(chosen, sliceRecords, byId);
  const scopeOf = new Int32Array(sliceRecords.length).fill(-1);
  for (let i = 0; i < order.length; i++) scopeOf[order[i]!] = i;
  const linkStart = new Int32Array(order.length + 1);
  for (let i = 0; i < order.length; i++) {
    const at = order[i]!;
    linkStart[i + 1] = linkStart[i]! + (sliceLinks.start[at + 1]! - sliceLinks.start[at]!);
  }
  const linkTarget = new Int32Array(linkStart[order.length]!);
  for (let i = 0; i < order.length; i++) {
    const at = order[i]!;
    let out = linkStart[i]!;
    for (let e = sliceLinks.start[at]!; e < sliceLinks.start[at + 1]!; e++) {
      const t = sliceLinks.target[e]!;
      linkTarget[out++] = t < 0 ? -1 : scopeOf[t]!;
    }
  }
  return {
    root,
    records: order.map((at) => sliceRecords[at]!),
    attachmentRecords: sortById(attachmentIndexes, sliceRecords, byId).map((at) => sliceRecords[at]!),
    linkStart,
    linkTarget,
    positionOf(id: string) {
      const at = byId.get(id);
      if (at === undefined) return undefined;
      const i = scopeOf[at]!;
      return i < 0 ? undefined : i;
    },
  };
}

// Sorting the id strings with the built-in comparison is several times faster than a comparator
// over records, which matters at a million records.
function sortById(
  indexes: readonly number[],
  sliceRecords: readonly BackedUpRecord[],
  byId: ReadonlyMap<string, number>,
): number[] {
  return indexes
    .map((at) => id18(sliceRecords[at]!.id)!)
    .sort()
    .map((id) => byId.get(id)!);
}

interface SliceLinks {
  /** Each slice record's object, looked up once. */
  specs: Array<ObjectSpec | undefined>;
  start: Int32Array;
  /** Slice position of the target, or -1. */
  target: Int32Array;
}

// Resolves the reference fields of every slice record (or of `only`) to slice positions.
function resolveLinks(
  sliceRecords: readonly BackedUpRecord[],
  byId: ReadonlyMap<string, number>,
  schema: SchemaIndex,
  only: number | undefined,
): SliceLinks {
  const start = new Int32Array(sliceRecords.length + 1);
  const specs = new Array<ObjectSpec | undefined>(sliceRecords.length);
  for (let at = 0; at < sliceRecords.length; at++) {
    const spec = schema.get(sliceRecords[at]!.type);
    specs[at] = spec;
    start[at + 1] = start[at]! + (spec?.references.length ?? 0);
  }
  const target = new Int32Array(start[sliceRecords.length]!).fill(-1);
  // Records that share a parent tend to sit together in a slice (siblings are backed up together),
  // so the last id looked up is remembered per field name: a string comparison instead of a look-up
  // in a map of every record of the slice.
  const lastValue = new Map<string, { value: string; target: number }>();
  const resolve = (at: number) => {
    const record = sliceRecords[at]!;
    const refs = specs[at]?.references;
    if (!refs) return;
    const base = start[at]!;
    for (let k = 0; k < refs.length; k++) {
      const name = refs[k]!.name;
      const value = record.fields[name];
      if (typeof value !== 'string') continue;
      let last = lastValue.get(name);
      if (last?.value !== value) {
        const id = id18(value);
        const t = id === undefined ? undefined : byId.get(id);
        if (last) {
          last.value = value;
          last.target = t ?? -1;
        } else {
          last = { value, target: t ?? -1 };
          lastValue.set(name, last);
        }
      }
      if (last.target >= 0) target[base + k] = last.target;
    }
  };
  if (only !== undefined) resolve(only);
  else for (let at = 0; at < sliceRecords.length; at++) resolve(at);
  return { specs, start, target };
}

// Breadth-first over "who points at me" links. One pass builds parent → children adjacency (flat
// arrays, no per-record lists) for the whole slice, so the walk costs O(records × links).
function descendantsAndSelf(
  rootIndex: number,
  sliceRecords: readonly BackedUpRecord[],
  links: SliceLinks,
  byId: ReadonlyMap<string, number>,
): Int32Array {
  // Flat edge lists sized for every resolved link; only objects the schema lacks can add more.
  let parents = new Int32Array(links.target.length + 16);
  let children = new Int32Array(parents.length);
  let edges = 0;
  const addEdge = (parent: number, child: number) => {
    if (edges === parents.length) {
      const grown = new Int32Array(parents.length * 2);
      grown.set(parents);
      parents = grown;
      const grownChildren = new Int32Array(grown.length);
      grownChildren.set(children);
      children = grownChildren;
    }
    parents[edges] = parent;
    children[edges++] = child;
  };
  for (let child = 0; child < sliceRecords.length; child++) {
    const record = sliceRecords[child]!;
    const spec = links.specs[child];
    if (spec) {
      const base = links.start[child]!;
      const refs = spec.references;
      for (let k = 0; k < refs.length; k++) {
        const parent = links.target[base + k]!;
        if (parent < 0 || parent === child || !refs[k]!.hierarchy) continue;
        const parentSpec = links.specs[parent];
        if (parentSpec ? !parentSpec.parentKind : !isHierarchyTarget(sliceRecords[parent]!.id)) continue;
        addEdge(parent, child);
      }
      continue;
    }
    // An object the schema lacks: any id-valued field is a link (the plan then refuses the type).
    for (const [name, value] of Object.entries(record.fields)) {
      if (name === 'Id' || typeof value !== 'string' || (value.length !== 15 && value.length !== 18)) continue;
      const id = toId18(value);
      const parent = id === undefined ? undefined : byId.get(id);
      if (parent === undefined || parent === child || !isHierarchyTarget(id!)) continue;
      addEdge(parent, child);
    }
  }
  const adjacency = buildCsr(sliceRecords.length, parents.subarray(0, edges), children.subarray(0, edges));
  const seen = new Uint8Array(sliceRecords.length);
  const queue = new Int32Array(sliceRecords.length);
  let tail = 0;
  queue[tail++] = rootIndex;
  seen[rootIndex] = 1;
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (let e = adjacency.start[v]!; e < adjacency.start[v + 1]!; e++) {
      const child = adjacency.targets[e]!;
      if (seen[child]) continue;
      seen[child] = 1;
      queue[tail++] = child;
    }
  }
  return queue.subarray(0, tail);
}
