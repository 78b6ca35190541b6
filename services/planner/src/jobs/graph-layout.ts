// How a plan's new records are grouped for Composite Graph (pure; the same plan always gives the
// same layout, so a resumed planner republishes identical work). Records are packed into payloads
// of at most 500 nodes, one API call each, whole subtrees together: a child goes in its parent's
// payload and names it by reference, so the levels of a hierarchy no longer wait for each other.
// Only a subtree that does not fit waits for the payload holding its parent: payloads are put in
// levels, a level published once the levels before it have answered.
//
// Within a payload, records linked to each other form one graph (one transaction); small graphs
// are joined so a payload holds at most 75. Every documented limit is kept: 500 nodes per payload,
// 75 graphs, depth 15, 15 object types per payload.
import type { PlannedRecord, RestorePlan } from '@restorelab/restore-plan';

export const GRAPH_LAYOUT_LIMITS = { nodes: 500, graphs: 75, depth: 15, objectTypes: 15 } as const;

export interface GraphNode {
  sourceId: string;
  /** Which graph of its payload the record belongs to. */
  graph: number;
}

export interface GraphPayload {
  /** Position among all payloads (the batch index of its message). */
  index: number;
  level: number;
  /** Nodes in link order: a record's parents of the same payload come before it. */
  nodes: GraphNode[];
}

export interface GraphLayout {
  /** Payloads by level. */
  levels: GraphPayload[][];
  /** Payload index of every new record. */
  payloadOf: Map<string, number>;
}

interface Tree {
  children: Map<string, string[]>;
  size: Map<string, number>;
  height: Map<string, number>;
  /** Bit per object type of the subtree (types numbered in order of appearance, up to 30). */
  types: Map<string, number>;
}

/** The new records of the plan in wave order (a record's parents are in earlier waves). */
function createsInOrder(plan: RestorePlan, byId: ReadonlyMap<string, PlannedRecord>): PlannedRecord[] {
  const out: PlannedRecord[] = [];
  for (const wave of plan.waves) {
    for (const batch of wave.batches) {
      if (batch.operation !== 'create') continue;
      for (const id of batch.sourceIds) out.push(byId.get(id) as PlannedRecord);
    }
  }
  return out;
}

/** A record's parents among the new records (the links the org's answer fills). */
function parentsIn(record: PlannedRecord, creates: ReadonlySet<string>): string[] {
  return [...new Set(record.idRewrites.map((r) => r.targetSourceId).filter((id) => creates.has(id)))];
}

function popcount(n: number): number {
  let c = 0;
  for (let v = n; v; v &= v - 1) c++;
  return c;
}

/**
 * The layout of a plan's new records.
 *
 * ```ts
 * const layout = graphLayout(plan, byId);
 * // layout.levels[0][0].nodes → the first payload: a root and as many of its subtrees as fit
 * ```
 */
export function graphLayout(plan: RestorePlan, byId: ReadonlyMap<string, PlannedRecord>): GraphLayout {
  const records = createsInOrder(plan, byId);
  const creates = new Set(records.map((r) => r.sourceId));
  const parents = new Map(records.map((r) => [r.sourceId, parentsIn(r, creates)]));
  // The tree a payload packs: a record with exactly one parent among the new records hangs under
  // it; one with none or several starts a tree of its own (placed after all its parents).
  const typeBits = new Map<string, number>();
  const tree: Tree = { children: new Map(), size: new Map(), height: new Map(), types: new Map() };
  const roots: string[] = [];
  for (const r of records) {
    const ps = parents.get(r.sourceId) as string[];
    if (ps.length === 1) {
      const list = tree.children.get(ps[0] as string) ?? [];
      list.push(r.sourceId);
      tree.children.set(ps[0] as string, list);
    } else roots.push(r.sourceId);
    if (!typeBits.has(r.objectType)) typeBits.set(r.objectType, typeBits.size < 30 ? 1 << typeBits.size : 0);
  }
  // Beyond 30 types a subtree's types are not tracked: every record is then packed on its own.
  const tooManyTypes = typeBits.size > 30;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i] as PlannedRecord;
    let size = 1;
    let height = 1;
    let types = typeBits.get(r.objectType) as number;
    for (const c of tree.children.get(r.sourceId) ?? []) {
      size += tree.size.get(c) as number;
      height = Math.max(height, 1 + (tree.height.get(c) as number));
      types |= tree.types.get(c) as number;
    }
    tree.size.set(r.sourceId, size);
    tree.height.set(r.sourceId, height);
    tree.types.set(r.sourceId, types);
  }
  const typeOf = new Map(records.map((r) => [r.sourceId, r.objectType]));
  return pack(roots, tree, parents, typeOf, typeBits, tooManyTypes);
}

interface OpenPayload {
  nodes: string[];
  depth: Map<string, number>;
  types: Set<string>;
  typeMask: number;
}

function pack(
  roots: readonly string[],
  tree: Tree,
  parents: ReadonlyMap<string, string[]>,
  typeOf: ReadonlyMap<string, string>,
  typeBits: ReadonlyMap<string, number>,
  tooManyTypes: boolean,
): GraphLayout {
  const L = GRAPH_LAYOUT_LIMITS;
  const done: OpenPayload[] = [];
  const fresh = (): OpenPayload => ({ nodes: [], depth: new Map(), types: new Set(), typeMask: 0 });
  let open = fresh();
  const depthIn = (p: OpenPayload, id: string) =>
    1 + Math.max(0, ...(parents.get(id) as string[]).map((q) => p.depth.get(q) ?? 0));
  const fitsWhole = (p: OpenPayload, id: string) =>
    !tooManyTypes &&
    p.nodes.length + (tree.size.get(id) as number) <= L.nodes &&
    depthIn(p, id) + (tree.height.get(id) as number) - 1 <= L.depth &&
    popcount(p.typeMask | (tree.types.get(id) as number)) <= L.objectTypes;
  const fitsAlone = (p: OpenPayload, id: string) =>
    p.nodes.length + 1 <= L.nodes &&
    depthIn(p, id) <= L.depth &&
    (p.types.has(typeOf.get(id) as string) || p.types.size < L.objectTypes);
  const add = (p: OpenPayload, id: string) => {
    p.depth.set(id, depthIn(p, id));
    p.nodes.push(id);
    const type = typeOf.get(id) as string;
    p.types.add(type);
    p.typeMask |= typeBits.get(type) as number;
  };
  const addSubtree = (p: OpenPayload, id: string) => {
    const stack = [id];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      add(p, next);
      const children = tree.children.get(next) ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as string);
    }
  };
  const restart = () => {
    if (open.nodes.length > 0) done.push(open);
    open = fresh();
  };
  // Units still to place, the next on top: whole subtrees while they fit.
  const units = [...roots].reverse();
  while (units.length > 0) {
    const id = units.pop() as string;
    if (fitsWhole(open, id)) {
      addSubtree(open, id);
      continue;
    }
    // Its parent is in the open payload, so whatever comes after this payload waits for it anyway:
    // the room left is filled with the top of the subtree (its other records follow, naming it)
    // instead of going out empty. 496 + 500 + 4 nodes became 500 + 500 for a 1,000-record tree.
    const parent = (parents.get(id) as string[])[0];
    if (parent !== undefined && open.depth.has(parent) && fitsAlone(open, id)) {
      add(open, id);
      const children = tree.children.get(id) ?? [];
      for (let i = children.length - 1; i >= 0; i--) units.push(children[i] as string);
      continue;
    }
    if (fitsWhole(fresh(), id)) {
      restart();
      addSubtree(open, id);
      continue;
    }
    if (!fitsAlone(open, id)) restart();
    add(open, id);
    const children = tree.children.get(id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) units.push(children[i] as string);
  }
  restart();
  return layOut(done, parents);
}

/** Levels from the payloads' dependencies, and graphs within each payload. */
function layOut(payloads: readonly OpenPayload[], parents: ReadonlyMap<string, string[]>): GraphLayout {
  const payloadOf = new Map<string, number>();
  payloads.forEach((p, i) => {
    for (const id of p.nodes) payloadOf.set(id, i);
  });
  const levels: GraphPayload[][] = [];
  const levelOf: number[] = [];
  payloads.forEach((p, index) => {
    let level = 0;
    for (const id of p.nodes) {
      for (const q of parents.get(id) as string[]) {
        const other = payloadOf.get(q) as number;
        if (other !== index) level = Math.max(level, (levelOf[other] as number) + 1);
      }
    }
    levelOf[index] = level;
    const list = levels[level] ?? [];
    list.push({ index, level, nodes: graphsOf(p.nodes, parents) });
    levels[level] = list;
  });
  return { levels, payloadOf };
}

/** Linked records of a payload in one graph; small graphs joined so there are at most 75. */
function graphsOf(ids: readonly string[], parents: ReadonlyMap<string, string[]>): GraphNode[] {
  const inPayload = new Set(ids);
  const component = new Map<string, number>();
  const sizes: number[] = [];
  const merged: number[] = [];
  const find = (c: number): number => {
    let root = c;
    while (merged[root] !== root) root = merged[root] as number;
    return root;
  };
  for (const id of ids) {
    const linked = (parents.get(id) as string[])
      .filter((q) => inPayload.has(q))
      .map((q) => find(component.get(q) as number));
    let c: number;
    if (linked.length === 0) {
      c = merged.length;
      merged.push(c);
      sizes.push(0);
    } else {
      c = linked[0] as number;
      for (const other of linked.slice(1)) {
        if (other === c) continue;
        merged[other] = c;
        sizes[c] = (sizes[c] as number) + (sizes[other] as number);
      }
    }
    component.set(id, c);
    sizes[c] = (sizes[c] as number) + 1;
  }
  // Components in order of first appearance, joined into graphs of at least ceil(n / 75) records.
  const target = Math.ceil(ids.length / GRAPH_LAYOUT_LIMITS.graphs);
  const graphOf = new Map<number, number>();
  let graph = -1;
  let filled = target;
  for (const id of ids) {
    const c = find(component.get(id) as number);
    if (graphOf.has(c)) continue;
    if (filled >= target) {
      graph++;
      filled = 0;
    }
    graphOf.set(c, graph);
    filled += sizes[c] as number;
  }
  return ids.map((sourceId) => ({ sourceId, graph: graphOf.get(find(component.get(sourceId) as number)) as number }));
}
