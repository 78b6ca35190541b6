// R11 as a property: whatever record types a record had and has, every picklist value a write carries
// is allowed by the record type the written record will have (the master on create, the live one on
// overwrite), and every value dropped for that reason is listed as omitted.
import { fc, test } from '@fast-check/vitest';
import { MASTER_RECORD_TYPE_ID, makeId } from '@restorelab/salesforce';
import { expect } from 'vitest';
import { fields, input, NEW, object, record } from './fixtures.ts';
import { planRestore } from './plan-restore.ts';
import type { LiveRecord, PlanInput } from './types.ts';

const VALUES = ['a', 'b', 'c', 'd'] as const;
const CUSTOM = makeId('012', 5);
const ID = makeId('001', 1);
const Account = object('Account', '001', [
  fields.text('Name'),
  fields.picklist('Tier__c', [...VALUES]),
  fields.picklist('Tags__c', [...VALUES], true),
  fields.recordType(),
]);

const subset = fc.subarray([...VALUES]);
const allowedArb = fc.record({ Tier__c: subset, Tags__c: subset });
const liveArb = fc.constantFrom<'absent' | 'deleted' | 'master' | 'custom' | 'none'>(
  'absent',
  'deleted',
  'master',
  'custom',
  'none',
);

function liveRecord(kind: 'absent' | 'deleted' | 'master' | 'custom' | 'none'): LiveRecord {
  if (kind === 'absent' || kind === 'deleted') return { state: kind };
  const recordTypeId = kind === 'master' ? MASTER_RECORD_TYPE_ID : kind === 'custom' ? CUSTOM : null;
  return { state: 'exists', lastModifiedDate: NEW, recordTypeId };
}

test.prop([fc.constantFrom(...VALUES), fc.subarray([...VALUES], { minLength: 1 }), liveArb, allowedArb, allowedArb])(
  'R11 every picklist value written is allowed by the written record type; every one dropped is listed',
  (tier, tags, live, master, custom) => {
    const p = planRestore(
      input({
        root: ID,
        method: 'record',
        objects: [Account],
        records: [record('Account', ID, { Name: 'A', RecordTypeId: CUSTOM, Tier__c: tier, Tags__c: tags.join(';') })],
        live: { [ID]: liveRecord(live) },
        org: {
          masterPicklistValues: { Account: master },
          recordTypePicklistValues: { Account: { [CUSTOM]: custom } },
        } as Partial<PlanInput['org']>,
      }),
    );
    const item = p.records[0]!;
    const allowed = item.action === 'overwrite' && live === 'custom' ? custom : master;
    const written = (field: 'Tier__c' | 'Tags__c') => {
      const value = item.fields[field];
      return typeof value === 'string' ? value.split(';') : [];
    };
    for (const field of ['Tier__c', 'Tags__c'] as const) {
      for (const value of written(field)) expect(allowed[field]).toContain(value);
      const backedUp = field === 'Tier__c' ? [tier] : tags;
      const dropped = backedUp.filter((v) => !allowed[field].includes(v));
      const listed = item.omitted.find((o) => o.field === field && o.rule === 'R11');
      if (dropped.length === 0) expect(listed).toBeUndefined();
      else expect(String(listed?.value).split(';')).toEqual(dropped);
      expect([...written(field), ...dropped].sort()).toEqual([...backedUp].sort());
    }
  },
);
