import { fc, test } from '@fast-check/vitest';
import { makeId } from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { isIndexedReference, ReferenceIndex } from './reference-index.ts';

const parents = [makeId('a01', 1), makeId('a01', 2), makeId('001', 3)];

describe('ReferenceIndex', () => {
  it('keys a 15-character reference by its 18-character form and forgets removed holders', () => {
    const index = new ReferenceIndex();
    index.add(parents[0]!.slice(0, 15), 'c1');
    index.add(parents[0], 'c2');
    index.add(null, 'c3');
    index.add('', 'c4');
    expect([...index.holders(parents[0]!)]).toEqual(['c1', 'c2']);
    index.remove(parents[0], 'c1');
    expect([...index.holders(parents[0]!)]).toEqual(['c2']);
    index.remove(parents[0]!.slice(0, 15), 'c2');
    expect(index.count(parents[0]!)).toBe(0);
  });

  // Children ids drawn from a range wider than a small bucket (64), so buckets grow into Sets and shrink.
  test.prop([
    fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...parents), fc.integer({ min: 0, max: 150 })), { maxLength: 600 }),
  ])('agrees with a scan after any adds and removes', (ops) => {
    const index = new ReferenceIndex();
    const held = new Map<string, string>();
    for (const [add, parent, n] of ops) {
      const id = `child${n}`;
      const current = held.get(id);
      if (current !== undefined) index.remove(current, id);
      held.delete(id);
      if (add) {
        index.add(parent, id);
        held.set(id, parent);
      }
    }
    for (const parent of parents) {
      const scan = [...held].filter(([, p]) => p === parent).map(([id]) => id);
      expect([...index.holders(parent)].sort()).toEqual(scan.sort());
      expect(index.count(parent)).toBe(scan.length);
    }
  });
});

describe('isIndexedReference', () => {
  const ref = (referenceTo: string[]) => ({ name: 'X', type: 'reference', referenceTo }) as never;
  it('indexes lookups, master-details and polymorphic references, not those to users or record types', () => {
    expect(isIndexedReference(ref(['Milestone__c']))).toBe(true);
    expect(isIndexedReference(ref(['Account', 'Opportunity']))).toBe(true); // WhatId
    expect(isIndexedReference(ref(['Contact', 'User']))).toBe(true); // a reference that may name a user
    expect(isIndexedReference(ref(['Group', 'User']))).toBe(false); // OwnerId
    expect(isIndexedReference(ref(['User']))).toBe(false); // CreatedById
    expect(isIndexedReference(ref(['RecordType']))).toBe(false);
    expect(isIndexedReference({ name: 'Name', type: 'string' } as never)).toBe(false);
  });
});
