import { makeId } from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { PlanError } from './errors.ts';
import { fields, input, object, record } from './fixtures.ts';
import { planRestore } from './plan-restore.ts';
import { scopeOf, scopeRestore } from './scope-query.ts';

describe('scopeRestore', () => {
  const acc = makeId('001', 1);
  const con = makeId('003', 1);
  const other = makeId('001', 2);
  const owner = makeId('005', 1);
  const objects = [
    object('Account', '001', [fields.text('Name'), fields.owner()]),
    object('Contact', '003', [fields.lookup('AccountId', 'Account'), fields.lookup('Other__c', 'Account')]),
  ];
  const records = [
    record('Account', acc, { OwnerId: owner }),
    record('Contact', con, { AccountId: acc, Other__c: other }),
  ];

  it('R01 lists the records of the restore and the outside records they link to', () => {
    const i = input({ root: acc, objects, records });
    const q = scopeRestore(i.request, i.slice, i.downloadOnlyTypes);
    expect(q.recordIds).toEqual([acc, con]);
    expect(q.referenceIds).toEqual([other, owner].sort());
    expect(q.objectTypes).toEqual(['Account', 'Contact']);
  });

  it('R02 refuses what planRestore refuses', () => {
    const i = input({ root: acc, objects, records, downloadOnly: ['Contact'] });
    expect(() => scopeRestore(i.request, i.slice, i.downloadOnlyTypes)).toThrow(PlanError);
  });

  it('hands its scope to planRestore for the same request and slice only; the plan is the same either way', () => {
    const i = input({ root: acc, objects, records });
    const q = scopeRestore(i.request, i.slice, i.downloadOnlyTypes);
    expect(scopeOf(q, i.request, i.slice, i.downloadOnlyTypes)?.scope.records.map((r) => r.id)).toEqual([acc, con]);
    expect(planRestore({ ...i, query: q })).toEqual(planRestore(i));
    // Another root, other records or other download-only types: resolved afresh.
    expect(scopeOf(q, { ...i.request, rootId: con }, i.slice, i.downloadOnlyTypes)).toBeUndefined();
    expect(scopeOf(q, i.request, { ...i.slice, records: [...i.slice.records] }, i.downloadOnlyTypes)).toBeUndefined();
    expect(scopeOf(q, i.request, i.slice, new Set(['Contact']))).toBeUndefined();
    expect(scopeOf({ ...q }, i.request, i.slice, i.downloadOnlyTypes)).toBeUndefined();
    const onlyAccount = { ...i.slice, records: i.slice.records.slice(0, 1) };
    const fresh = planRestore({ ...i, slice: onlyAccount, query: q });
    expect(fresh.records.map((r) => r.sourceId)).toEqual([acc]);
  });
});
