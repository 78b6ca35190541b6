import { describe, expect, it } from 'vitest';
import { expectedCalls, packParents } from './parent-walk.ts';

describe('packParents', () => {
  it('fills each query up to a page of expected children, a big parent alone', () => {
    const parents = [
      { parentId: 'a', children: 1500 },
      { parentId: 'b', children: 400 },
      { parentId: 'c', children: 200 },
      { parentId: 'd', children: 4500 },
      { parentId: 'e', children: 1 },
    ];
    const packed = packParents(parents);
    expect(packed).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
    const counts = new Map(parents.map((p) => [p.parentId, p.children]));
    // 1,900 rows, 200, 4,500 (three pages), 1.
    expect(expectedCalls(packed, counts)).toBe(6);
  });

  it('names at most maxIds parents in one query', () => {
    const parents = Array.from({ length: 1200 }, (_, i) => ({ parentId: `p${i}`, children: 1 }));
    expect(packParents(parents).map((q) => q.length)).toEqual([500, 500, 200]);
    expect(packParents(parents, 300, 2000).map((q) => q.length)).toEqual([300, 300, 300, 300]);
  });

  it('4 children a parent: 500 parents make one full page', () => {
    const parents = Array.from({ length: 2000 }, (_, i) => ({ parentId: `m${i}`, children: 4 }));
    const packed = packParents(parents);
    expect(packed).toHaveLength(4);
    expect(expectedCalls(packed, new Map(parents.map((p) => [p.parentId, p.children])))).toBe(4);
  });
});
