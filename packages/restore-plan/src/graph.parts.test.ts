// The graph helpers' exact answers on small graphs: component numbers and sizes, excluded nodes,
// and layers with nodes left out.
import { describe, expect, it } from 'vitest';
import { buildCsr, layerByDependencies, stronglyConnectedComponents } from './graph.ts';

describe('buildCsr', () => {
  it('keeps each node’s edges in input order, with their tags', () => {
    const csr = buildCsr(3, [2, 0, 2, 0], [0, 1, 1, 2], [7, 8, 9, 10]);
    expect([...csr.start]).toEqual([0, 2, 2, 4]);
    expect([...csr.targets]).toEqual([1, 2, 0, 1]);
    expect([...csr.tags]).toEqual([8, 10, 7, 9]);
    expect([...buildCsr(2, [1], [0]).tags]).toEqual([0]);
  });
});

describe('stronglyConnectedComponents', () => {
  it('numbers components in the order they close, with their sizes', () => {
    // 0 → 1 → 2 → 0 is one loop; 3 → 0 hangs off it; 4 is alone.
    const csr = buildCsr(5, [0, 1, 2, 3], [1, 2, 0, 0]);
    const c = stronglyConnectedComponents(csr);
    expect([...c.of]).toEqual([0, 0, 0, 1, 2]);
    expect(c.count).toBe(3);
    expect([...c.size]).toEqual([3, 1, 1]);
  });

  it('leaves excluded nodes out (component -1) and ignores edges into them', () => {
    const csr = buildCsr(3, [0, 1, 0], [1, 0, 2]);
    const c = stronglyConnectedComponents(csr, (v) => v !== 1);
    expect([...c.of]).toEqual([1, -1, 0]);
    expect(c.count).toBe(2);
    expect([...c.size]).toEqual([1, 1]);
  });

  it('closes a loop reached through a deeper one', () => {
    // 0 → 1 → 2 → 1 and 2 → 0: all one component, found only by passing low links up the stack.
    const csr = buildCsr(4, [0, 1, 2, 2, 3], [1, 2, 1, 0, 2]);
    const c = stronglyConnectedComponents(csr);
    expect([...c.of]).toEqual([0, 0, 0, 1]);
    expect([...c.size]).toEqual([3, 1]);
  });
});

describe('layerByDependencies', () => {
  it('gives excluded nodes -1 and ignores edges into them and edges not kept', () => {
    // 3 depends on 2 (excluded), 1 depends on 0, 4 depends on 1 through a dropped edge.
    const csr = buildCsr(5, [3, 1, 4], [2, 0, 1]);
    const layers = layerByDependencies(
      csr,
      (v) => v !== 2,
      (e) => e !== 2,
    );
    expect([...layers]).toEqual([0, 1, -1, 0, 0]);
  });

  it('takes the longest path, whatever order dependencies are met in', () => {
    // 4 depends on 0 directly and on 0 through 1 → 2 → 3.
    const csr = buildCsr(5, [4, 4, 3, 2, 1], [0, 3, 2, 1, 0]);
    expect([
      ...layerByDependencies(
        csr,
        () => true,
        () => true,
      ),
    ]).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a cycle among included nodes, and lets one through an excluded node pass', () => {
    const csr = buildCsr(3, [0, 1, 2], [1, 2, 0]);
    const all = () =>
      layerByDependencies(
        csr,
        () => true,
        () => true,
      );
    expect(all).toThrow('layerByDependencies: the dependency edges have a cycle');
    expect([
      ...layerByDependencies(
        csr,
        (v) => v !== 2,
        () => true,
      ),
    ]).toEqual([1, 0, -1]);
  });
});
