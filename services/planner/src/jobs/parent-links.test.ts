import type { SnapshotSlice } from '@restorelab/restore-plan';
import { toId18 } from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { parentLinks } from './parent-links.ts';

const field = (name: string, type: string) => ({
  name,
  label: name,
  type,
  nillable: true,
  createable: true,
  updateable: true,
  defaultedOnCreate: false,
});
const object = (name: string, keyPrefix: string, fields: ReturnType<typeof field>[]) => ({
  name,
  label: name,
  keyPrefix,
  custom: true,
  createable: true,
  updateable: true,
  deletable: true,
  queryable: true,
  undeletable: true,
  fields: [field('Id', 'id'), ...fields],
  recordTypeInfos: [],
  childRelationships: [],
});
const id = (prefix: string, n: number) => toId18(`${prefix}M00000000${String(n).padStart(3, '0')}`)!;
const P = id('a02', 1);
const M1 = id('a01', 1);
const M2 = id('a01', 2);
const D1 = id('a00', 1);
const D2 = id('a00', 2);
const OUTSIDE = id('003', 9);

const slice = {
  schema: {
    objects: [
      object('Project__c', 'a02', []),
      object('Milestone__c', 'a01', [field('Owner__c', 'reference'), field('Project__c', 'reference')]),
      object('Deliverable__c', 'a00', [field('Reviewer__c', 'reference'), field('Milestone__c', 'reference')]),
    ],
  },
  records: [
    { id: P, type: 'Project__c', lastModifiedDate: '', fields: {} },
    { id: M1, type: 'Milestone__c', lastModifiedDate: '', fields: { Project__c: P, Owner__c: OUTSIDE } },
    { id: M2, type: 'Milestone__c', lastModifiedDate: '', fields: { Project__c: P } },
    { id: D1, type: 'Deliverable__c', lastModifiedDate: '', fields: { Reviewer__c: OUTSIDE, Milestone__c: M1 } },
    { id: D2, type: 'Deliverable__c', lastModifiedDate: '', fields: { Milestone__c: M2 } },
  ],
} as unknown as Pick<SnapshotSlice, 'schema' | 'records'>;

describe('parentLinks', () => {
  it('links each record to a parent of the restore through its first such reference field', () => {
    expect(parentLinks(slice, [P, M1, M2, D1, D2])).toEqual([
      { id: M1, field: 'Project__c', parentId: P },
      { id: M2, field: 'Project__c', parentId: P },
      { id: D1, field: 'Milestone__c', parentId: M1 },
      { id: D2, field: 'Milestone__c', parentId: M2 },
    ]);
  });

  it('leaves out records and parents outside the ids asked about', () => {
    expect(parentLinks(slice, [M1, D1, D2])).toEqual([{ id: D1, field: 'Milestone__c', parentId: M1 }]);
  });

  it('speaks of live ids: copies an earlier restore made, and their parents copies too', () => {
    const copies = new Map([
      [M1, id('a01', 51)],
      [D1, id('a00', 51)],
    ]);
    const live = (x: string) => copies.get(x) ?? x;
    expect(parentLinks(slice, [...copies.values()], live)).toEqual([
      { id: id('a00', 51), field: 'Milestone__c', parentId: id('a01', 51) },
    ]);
  });
});
