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

/**
 * The new records by position (their wave order), with what packing reads of each, in arrays: a
 * million records in Maps keyed by id cost seconds; by position, a fraction of that.
 */
interface Tree {
  ids: string[];
  /** Parents of each record among the new records, by position, in the order its links name them. */
  parents: number[][];
  children: Array<number[] | undefined>;
  size: Int32Array;
  height: Int32Array;
  /** Bit per object type of the subtree (types numbered in order of appearance, up to 30). */
  types: Int32Array;
  /** The record's object type, numbered in order of appearance. */
  type: Int32Array;
  typeBit: number[];
  tooManyTypes: boolean;
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

function popcount(n: number): number {
  let c = 0;
  for (let v = n; v; v &= v - 1) c++;
  return c;
}

/** The tree a payload packs: a record with exactly one parent among the new records hangs under it. */
function treeOf(records: readonly PlannedRecord[]): { tree: Tree; roots: number[] } {
  const n = records.length;
  const at = new Map<string, number>();
  for (let i = 0; i < n; i++) at.set((records[i] as PlannedRecord).sourceId, i);
  const typeNumber = new Map<string, number>();
  const tree: Tree = {
    ids: new Array<string>(n),
    parents: new Array<number[]>(n),
    children: new Array<number[] | undefined>(n),
    size: new Int32Array(n),
    height: new Int32Array(n),
    types: new Int32Array(n),
    type: new Int32Array(n),
    typeBit: [],
    tooManyTypes: false,
  };
  // One with none or several parents starts a tree of its own (placed after all its parents).
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = records[i] as PlannedRecord;
    tree.ids[i] = r.sourceId;
    const ps: number[] = [];
    for (const rewrite of r.idRewrites) {
      const q = at.get(rewrite.targetSourceId);
      if (q !== undefined && !ps.includes(q)) ps.push(q);
    }
    tree.parents[i] = ps;
    if (ps.length === 1) {
      const p = ps[0] as number;
      const list = tree.children[p];
      if (list) list.push(i);
      else tree.children[p] = [i];
    } else roots.push(i);
    let t = typeNumber.get(r.objectType);
    if (t === undefined) {
      t = typeNumber.size;
      typeNumber.set(r.objectType, t);
      // Beyond 30 types a subtree's types are not tracked: every record is then packed on its own.
      tree.typeBit.push(t < 30 ? 1 << t : 0);
    }
    tree.type[i] = t;
  }
  tree.tooManyTypes = typeNumber.size > 30;
  for (let i = n - 1; i >= 0; i--) {
    let size = 1;
    let height = 1;
    let types = tree.typeBit[tree.type[i] as number] as number;
    for (const c of tree.children[i] ?? []) {
      size += tree.size[c] as number;
      height = Math.max(height, 1 + (tree.height[c] as number));
      types |= tree.types[c] as number;
    }
    tree.size[i] = size;
    tree.height[i] = height;
    tree.types[i] = types;
  }
  return { tree, roots };
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
  const { tree, roots } = treeOf(createsInOrder(plan, byId));
  return layOut(pack(roots, tree), tree);
}

interface OpenPayload {
  /** Distinct per payload, open or being tried: marks which records a payload holds. */
  id: number;
  nodes: number[];
  types: Set<number>;
  typeMask: number;
}

function pack(roots: readonly number[], tree: Tree): OpenPayload[] {
  const L = GRAPH_LAYOUT_LIMITS;
  const n = tree.ids.length;
  // The payload each record was put in, and its depth there.
  const inPayload = new Int32Array(n).fill(-1);
  const depthOf = new Int32Array(n);
  const done: OpenPayload[] = [];
  let payloads = 0;
  const fresh = (): OpenPayload => ({ id: payloads++, nodes: [], types: new Set(), typeMask: 0 });
  let open = fresh();
  const depthIn = (p: OpenPayload, i: number) => {
    let deepest = 0;
    for (const q of tree.parents[i] as number[]) {
      if (inPayload[q] === p.id && (depthOf[q] as number) > deepest) deepest = depthOf[q] as number;
    }
    return 1 + deepest;
  };
  const fitsWhole = (p: OpenPayload, i: number) =>
    !tree.tooManyTypes &&
    p.nodes.length + (tree.size[i] as number) <= L.nodes &&
    depthIn(p, i) + (tree.height[i] as number) - 1 <= L.depth &&
    popcount(p.typeMask | (tree.types[i] as number)) <= L.objectTypes;
  const fitsAlone = (p: OpenPayload, i: number) =>
    p.nodes.length + 1 <= L.nodes &&
    depthIn(p, i) <= L.depth &&
    (p.types.has(tree.type[i] as number) || p.types.size < L.objectTypes);
  const add = (p: OpenPayload, i: number) => {
    depthOf[i] = depthIn(p, i);
    inPayload[i] = p.id;
    p.nodes.push(i);
    const type = tree.type[i] as number;
    p.types.add(type);
    p.typeMask |= tree.typeBit[type] as number;
  };
  const addSubtree = (p: OpenPayload, i: number) => {
    const stack = [i];
    while (stack.length > 0) {
      const next = stack.pop() as number;
      add(p, next);
      const children = tree.children[next] ?? [];
      for (let k = children.length - 1; k >= 0; k--) stack.push(children[k] as number);
    }
  };
  const restart = () => {
    if (open.nodes.length > 0) done.push(open);
    open = fresh();
  };
  // Units still to place, the next on top: whole subtrees while they fit.
  const units = [...roots].reverse();
  while (units.length > 0) {
    const i = units.pop() as number;
    if (fitsWhole(open, i)) {
      addSubtree(open, i);
      continue;
    }
    // Its parent is in the open payload, so whatever comes after this payload waits for it anyway:
    // the room left is filled with the top of the subtree (its other records follow, naming it)
    // instead of going out empty. 496 + 500 + 4 nodes became 500 + 500 for a 1,000-record tree.
    const parent = (tree.parents[i] as number[])[0];
    if (parent !== undefined && inPayload[parent] === open.id && fitsAlone(open, i)) {
      add(open, i);
      const children = tree.children[i] ?? [];
      for (let k = children.length - 1; k >= 0; k--) units.push(children[k] as number);
      continue;
    }
    if (fitsWhole(fresh(), i)) {
      restart();
      addSubtree(open, i);
      continue;
    }
    if (!fitsAlone(open, i)) restart();
    add(open, i);
    const children = tree.children[i] ?? [];
    for (let k = children.length - 1; k >= 0; k--) units.push(children[k] as number);
  }
  restart();
  return done;
}

/** Levels from the payloads' dependencies, and graphs within each payload. */
function layOut(payloads: readonly OpenPayload[], tree: Tree): GraphLayout {
  const payloadAt = new Int32Array(tree.ids.length);
  const payloadOf = new Map<string, number>();
  payloads.forEach((p, index) => {
    for (const i of p.nodes) {
      payloadAt[i] = index;
      payloadOf.set(tree.ids[i] as string, index);
    }
  });
  const levels: GraphPayload[][] = [];
  const levelOf: number[] = [];
  payloads.forEach((p, index) => {
    let level = 0;
    for (const i of p.nodes) {
      for (const q of tree.parents[i] as number[]) {
        const other = payloadAt[q] as number;
        if (other !== index) level = Math.max(level, (levelOf[other] as number) + 1);
      }
    }
    levelOf[index] = level;
    const list = levels[level] ?? [];
    list.push({ index, level, nodes: graphsOf(p.nodes, tree, payloadAt, index) });
    levels[level] = list;
  });
  return { levels, payloadOf };
}

/** Linked records of a payload in one graph; small graphs joined so there are at most 75. */
function graphsOf(nodes: readonly number[], tree: Tree, payloadAt: Int32Array, index: number): GraphNode[] {
  const component = new Map<number, number>();
  const sizes: number[] = [];
  const merged: number[] = [];
  const find = (c: number): number => {
    let root = c;
    while (merged[root] !== root) root = merged[root] as number;
    return root;
  };
  for (const i of nodes) {
    const linked: number[] = [];
    for (const q of tree.parents[i] as number[]) {
      if (payloadAt[q] === index && component.has(q)) linked.push(find(component.get(q) as number));
    }
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
    component.set(i, c);
    sizes[c] = (sizes[c] as number) + 1;
  }
  // Components in order of first appearance, joined into graphs of at least ceil(n / 75) records.
  const target = Math.ceil(nodes.length / GRAPH_LAYOUT_LIMITS.graphs);
  const graphOf = new Map<number, number>();
  let graph = -1;
  let filled = target;
  for (const i of nodes) {
    const c = find(component.get(i) as number);
    if (graphOf.has(c)) continue;
    if (filled >= target) {
      graph++;
      filled = 0;
    }
    graphOf.set(c, graph);
    filled += sizes[c] as number;
  }
  return nodes.map((i) => ({
    sourceId: tree.ids[i] as string,
    graph: graphOf.get(find(component.get(i) as number)) as number,
  }));
}
