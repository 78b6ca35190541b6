import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { buildCsr, layerByDependencies, stronglyConnectedComponents } from './graph.ts';

const graphArb = fc
  .integer({ min: 1, max: 25 })
  .chain((n) =>
    fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), { maxLength: 60 })),
  );

function reaches(edges: Array<[number, number]>, from: number, to: number): boolean {
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length) {
    const v = stack.pop()!;
    if (v === to) return true;
    for (const [a, b] of edges) {
      if (a !== v || seen.has(b)) continue;
      seen.add(b);
      stack.push(b);
    }
  }
  return false;
}

describe('graph', () => {
  test.prop([graphArb])('R09 two nodes share a component exactly when each reaches the other', ([n, edges]) => {
    const c = stronglyConnectedComponents(
      buildCsr(
        n,
        edges.map((e) => e[0]),
        edges.map((e) => e[1]),
      ),
    );
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        expect(c.of[a] === c.of[b]).toBe(reaches(edges, a, b) && reaches(edges, b, a));
      }
    }
    expect([...c.size].reduce((x, y) => x + y, 0)).toBe(n);
  });

  test.prop([graphArb])('layers put every dependency strictly earlier on acyclic graphs', ([n, edges]) => {
    const dag = edges.filter(([a, b]) => a > b); // edges to smaller numbers never close a loop
    const csr = buildCsr(
      n,
      dag.map((e) => e[0]),
      dag.map((e) => e[1]),
    );
    const layer = layerByDependencies(
      csr,
      () => true,
      () => true,
    );
    for (const [a, b] of dag) expect(layer[a]!).toBeGreaterThan(layer[b]!);
    for (let v = 0; v < n; v++) {
      const deps = dag.filter(([a]) => a === v);
      expect(layer[v]).toBe(deps.length === 0 ? 0 : Math.max(...deps.map(([, b]) => layer[b]!)) + 1);
    }
  });

  it('refuses to layer a cycle', () => {
    const csr = buildCsr(2, [0, 1], [1, 0]);
    expect(() =>
      layerByDependencies(
        csr,
        () => true,
        () => true,
      ),
    ).toThrow(/cycle/);
  });

  it('handles a chain of 200,000 nodes without recursion', () => {
    const n = 200_000;
    const from = Array.from({ length: n - 1 }, (_, i) => i + 1);
    const to = Array.from({ length: n - 1 }, (_, i) => i);
    const csr = buildCsr(n, from, to);
    expect(stronglyConnectedComponents(csr).count).toBe(n);
    expect(
      layerByDependencies(
        csr,
        () => true,
        () => true,
      )[n - 1],
    ).toBe(n - 1);
  });
});
