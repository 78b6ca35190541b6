// Graph algorithms the plan runs over up to millions of records, so they work on integer node ids
// and flat typed arrays, iteratively (no recursion that a deep hierarchy could overflow).

/** Adjacency in compressed sparse row form: the targets of node n are targets[start[n] .. start[n+1]). */
export interface Csr {
  start: Int32Array;
  targets: Int32Array;
  /** Per edge, the caller's tag (e.g. an index into its edge list). */
  tags: Int32Array;
}

/** Builds adjacency from parallel edge arrays; edges of each node keep their input order. */
export function buildCsr(
  nodeCount: number,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  tags?: ArrayLike<number>,
): Csr {
  const start = new Int32Array(nodeCount + 1);
  for (let e = 0; e < from.length; e++) start[from[e]! + 1]!++;
  for (let n = 0; n < nodeCount; n++) start[n + 1]! += start[n]!;
  const fill = start.slice(0, nodeCount);
  const targets = new Int32Array(from.length);
  const edgeTags = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) {
    const slot = fill[from[e]!]!++;
    targets[slot] = to[e]!;
    edgeTags[slot] = tags ? tags[e]! : e;
  }
  return { start, targets, tags: edgeTags };
}

export interface Components {
  /** Component number of each node. */
  of: Int32Array;
  count: number;
  size: Int32Array;
}

/**
 * Strongly connected components (Tarjan), iterative. Only nodes with `include[n]` take part (others
 * get component -1); edges into excluded nodes are ignored.
 */
export function stronglyConnectedComponents(csr: Csr, include?: (node: number) => boolean): Components {
  const n = csr.start.length - 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const of = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let cp = 0;
  let counter = 0;
  let count = 0;
  const sizes: number[] = [];
  const inGraph = include ?? (() => true);

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1 || !inGraph(root)) continue;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[cp] = root;
    callEdge[cp++] = csr.start[root]!;
    while (cp > 0) {
      const v = callNode[cp - 1]!;
      const e = callEdge[cp - 1]!;
      if (e < csr.start[v + 1]!) {
        callEdge[cp - 1] = e + 1;
        const w = csr.targets[e]!;
        if (!inGraph(w)) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[cp] = w;
          callEdge[cp++] = csr.start[w]!;
        } else if (onStack[w] && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      // All edges of v done: close its component if it is a root, then return to the caller.
      if (low[v] === index[v]) {
        let size = 0;
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          of[w] = count;
          size++;
        } while (w !== v);
        sizes.push(size);
        count++;
      }
      cp--;
      if (cp > 0) {
        const parent = callNode[cp - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  return { of, count, size: Int32Array.from(sizes) };
}

/**
 * Longest-path layering of a DAG whose edges run from a dependent node to what it depends on:
 * layer(n) = 1 + max(layer of its dependencies), 0 without any. Nodes without `include` get -1.
 * Throws if the edges among included nodes have a cycle (the caller must have broken them).
 */
export function layerByDependencies(
  csr: Csr,
  include: (node: number) => boolean,
  keepEdge: (edge: number) => boolean,
): Int32Array {
  const n = csr.start.length - 1;
  const pending = new Int32Array(n);
  // At most every edge is kept: sized once, no list grows edge by edge.
  const fromList = new Int32Array(csr.targets.length);
  const toList = new Int32Array(csr.targets.length);
  let kept = 0;
  for (let v = 0; v < n; v++) {
    if (!include(v)) continue;
    for (let e = csr.start[v]!; e < csr.start[v + 1]!; e++) {
      const w = csr.targets[e]!;
      if (!include(w) || !keepEdge(e)) continue;
      pending[v]!++;
      fromList[kept] = w;
      toList[kept++] = v;
    }
  }
  const dependents = buildCsr(n, fromList.subarray(0, kept), toList.subarray(0, kept));
  const layer = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let included = 0;
  for (let v = 0; v < n; v++) {
    if (!include(v)) continue;
    included++;
    if (pending[v] === 0) {
      layer[v] = 0;
      queue[tail++] = v;
    }
  }
  while (head < tail) {
    const v = queue[head++]!;
    for (let e = dependents.start[v]!; e < dependents.start[v + 1]!; e++) {
      const w = dependents.targets[e]!;
      if (layer[v]! + 1 > layer[w]!) layer[w] = layer[v]! + 1;
      if (--pending[w]! === 0) queue[tail++] = w;
    }
  }
  if (tail !== included) throw new Error('layerByDependencies: the dependency edges have a cycle');
  return layer;
}
