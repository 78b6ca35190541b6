// JSON in pieces: the pieces joined are JSON.stringify's text, for any value and any split depth.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from './json-chunks.ts';
import { makeStoredPlan, sfId } from './plan-fixtures.ts';

describe('jsonChunks', () => {
  test.prop([fc.anything({ withNullPrototype: true, withSparseArray: true, maxDepth: 4 }), fc.nat({ max: 4 })])(
    'joined, is exactly what JSON.stringify writes',
    (value, depth) => {
      expect([...jsonChunks(value, depth)].join('')).toBe(JSON.stringify(value) ?? '');
    },
  );

  it('writes undefined properties, functions and toJSON as JSON.stringify does', () => {
    const value = {
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, { at: new Date(0) }],
      when: new Date(0),
      own: { toJSON: () => 'mine', hidden: 1 },
    };
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value));
  });

  it('splits a plan of many records into pieces of a few hundred records', () => {
    const records = Array.from({ length: 2_000 }, (_, i) => ({
      sourceId: sfId('a00', i),
      objectType: 'A__c',
      action: 'create' as const,
    }));
    const stored = makeStoredPlan({ records });
    const pieces = [...jsonChunks(stored)];
    expect(pieces.join('')).toBe(JSON.stringify(stored));
    expect(pieces.length).toBeGreaterThan(4);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(stored).length / 3);
  });
});
