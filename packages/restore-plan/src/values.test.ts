// R03, R10, R11 on chooseValues alone: which backed-up values a create or an update carries.
import type { FieldDescribe } from '@restorelab/salesforce';
import { MASTER_RECORD_TYPE_ID, makeId } from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { fields, object } from './fixtures.ts';
import { isHierarchyTarget, SchemaIndex } from './schema-index.ts';
import { chooseValues, type WrittenRecordType } from './values.ts';

const CUSTOM_RT = makeId('012', 5);
const picklist = (name: string, values: string[], extra: Partial<FieldDescribe> = {}): FieldDescribe => ({
  ...fields.picklist(name, values),
  ...extra,
});

// Built afresh per look-up, inside each test: built at load time, it would run outside any test,
// and Stryker would count every mutant it reaches as static.
const objects = () => ({
  objects: [
    object('Thing__c', 'a00', [
      fields.text('Name'),
      { ...fields.text('CreateOnly__c'), updateable: false },
      { ...fields.text('UpdateOnly__c'), createable: false },
      { ...fields.text('Required__c'), nillable: false },
      fields.formula('Calc__c'),
      fields.picklist('Tier__c', ['Gold', 'Silver']),
      fields.picklist('Tags__c', ['a', 'b', 'c'], true),
      fields.recordType(),
    ]),
    object('Opportunity', '006', [
      fields.text('Name'),
      picklist('StageName', ['Prospecting', 'Closed Won', 'Qualified'], {
        nillable: false,
        picklistValues: [
          { value: 'Old', label: 'Old', active: false, defaultValue: true },
          { value: 'Prospecting', label: 'P', active: true, defaultValue: false },
          { value: 'Qualified', label: 'Q', active: true, defaultValue: true },
        ],
      }),
    ]),
    object('Lead', '00Q', [
      picklist('Status', ['Open', 'Closed'], {
        nillable: false,
        picklistValues: [
          { value: 'Gone', label: 'Gone', active: false, defaultValue: false },
          { value: 'Open', label: 'Open', active: true, defaultValue: false },
          { value: 'Closed', label: 'Closed', active: true, defaultValue: false },
        ],
      }),
    ]),
    object('Case', '500', [picklist('Status', ['New', 'Closed'])]),
    object('Plain__c', 'a01', [fields.text('Name'), { ...fields.recordType(), createable: false }]),
  ],
});
const spec = (name: string) => new SchemaIndex(objects()).get(name)!;
const master = (allowed: Record<string, string[]>): WrittenRecordType => ({ id: MASTER_RECORD_TYPE_ID, allowed });

describe('chooseValues', () => {
  it('writes createable values on create and updateable ones on update, never formulas or absent values', () => {
    const values = {
      Name: 'n',
      CreateOnly__c: 'c',
      UpdateOnly__c: 'u',
      Calc__c: 'f',
      Required__c: 'r',
    };
    expect(chooseValues(spec('Thing__c'), values, 'create', undefined, new Map()).fields).toEqual({
      Name: 'n',
      CreateOnly__c: 'c',
      Required__c: 'r',
      RecordTypeId: MASTER_RECORD_TYPE_ID,
    });
    expect(chooseValues(spec('Thing__c'), values, 'update', undefined, new Map())).toEqual({
      fields: { Name: 'n', UpdateOnly__c: 'u', Required__c: 'r' },
      omitted: [],
    });
  });

  it('writes null only where the field takes null', () => {
    const chosen = chooseValues(spec('Thing__c'), { Name: null, Required__c: null }, 'update', undefined, new Map());
    expect(chosen.fields).toEqual({ Name: null });
    expect(chosen.omitted).toEqual([]);
  });

  it('R10 never writes a standard status; a create that needs one gets the org’s default or first active value', () => {
    const opp = chooseValues(spec('Opportunity'), { StageName: 'Closed Won' }, 'create', undefined, new Map());
    expect(opp.fields).toEqual({ StageName: 'Qualified' });
    expect(opp.omitted).toEqual([
      {
        field: 'StageName',
        value: 'Closed Won',
        rule: 'R10',
        reason: 'standard status picklist: the org sets it; the backed-up value stays readable in the preview',
      },
    ]);
    // Backed up with the value the org would pick anyway: nothing is lost, nothing listed.
    expect(
      chooseValues(spec('Opportunity'), { StageName: 'Qualified' }, 'create', undefined, new Map()).omitted,
    ).toEqual([]);
    const lead = chooseValues(spec('Lead'), { Status: 'Closed' }, 'create', undefined, new Map());
    expect(lead.fields).toEqual({ Status: 'Open' });
    const update = chooseValues(spec('Opportunity'), { StageName: 'Qualified' }, 'update', undefined, new Map());
    expect(update.fields).toEqual({});
    expect(update.omitted.map((o) => [o.field, o.rule])).toEqual([['StageName', 'R10']]);
    // A nillable status the org fills is left out on create; an empty one is not listed.
    const kase = chooseValues(spec('Case'), { Status: 'Closed' }, 'create', undefined, new Map());
    expect(kase.fields).toEqual({});
    expect(kase.omitted).toHaveLength(1);
    expect(chooseValues(spec('Case'), { Status: null }, 'update', undefined, new Map()).omitted).toEqual([]);
  });

  it('R11 drops a single picklist value the record type does not allow, and says why per operation', () => {
    const allowed = master({ Tier__c: ['Silver'] });
    const create = chooseValues(spec('Thing__c'), { Tier__c: 'Gold' }, 'create', allowed, new Map());
    expect(create.fields).toEqual({ RecordTypeId: MASTER_RECORD_TYPE_ID });
    expect(create.omitted).toEqual([
      {
        field: 'Tier__c',
        value: 'Gold',
        rule: 'R11',
        reason: 'not allowed by the master record type the re-created record comes back under',
      },
    ]);
    const custom: WrittenRecordType = { id: CUSTOM_RT, allowed: { Tier__c: ['Silver'] } };
    const update = chooseValues(spec('Thing__c'), { Tier__c: 'Gold' }, 'update', custom, new Map());
    expect(update.fields).toEqual({});
    expect(update.omitted[0]!.reason).toBe('not allowed by the record type the record has in the org');
    const kept = chooseValues(spec('Thing__c'), { Tier__c: 'Silver' }, 'update', custom, new Map());
    expect(kept).toEqual({ fields: { Tier__c: 'Silver' }, omitted: [] });
  });

  it('R11 keeps the allowed part of a multi-select and lists the dropped part', () => {
    const allowed = master({ Tags__c: ['a', 'c'] });
    const some = chooseValues(spec('Thing__c'), { Tags__c: 'a;b;c' }, 'update', allowed, new Map());
    expect(some.fields).toEqual({ Tags__c: 'a;c' });
    expect(some.omitted).toEqual([expect.objectContaining({ field: 'Tags__c', value: 'b', rule: 'R11' })]);
    const none = chooseValues(spec('Thing__c'), { Tags__c: 'b' }, 'update', allowed, new Map());
    expect(none.fields).toEqual({});
    expect(none.omitted[0]!.value).toBe('b');
    const all = chooseValues(spec('Thing__c'), { Tags__c: 'c;a' }, 'update', allowed, new Map());
    expect(all).toEqual({ fields: { Tags__c: 'c;a' }, omitted: [] });
  });

  it('R11 leaves a field the record type says nothing about, and non-string picklist values, as they are', () => {
    const allowed = master({ Tags__c: ['a'] });
    expect(chooseValues(spec('Thing__c'), { Tier__c: 'Gold' }, 'update', allowed, new Map()).fields).toEqual({
      Tier__c: 'Gold',
    });
    expect(chooseValues(spec('Thing__c'), { Tier__c: 7 }, 'update', master({ Tier__c: [] }), new Map()).fields).toEqual(
      {
        Tier__c: 7,
      },
    );
  });

  it('caches allowed values per object, record type and field', () => {
    const cache = new Map<string, ReadonlySet<string>>();
    chooseValues(spec('Thing__c'), { Tier__c: 'Gold' }, 'update', master({ Tier__c: ['Gold'] }), cache);
    expect([...cache.keys()]).toEqual([`Thing__c.${MASTER_RECORD_TYPE_ID}.Tier__c`]);
    // A cached set is what counts from then on.
    const again = chooseValues(spec('Thing__c'), { Tier__c: 'Gold' }, 'update', master({ Tier__c: [] }), cache);
    expect(again.fields).toEqual({ Tier__c: 'Gold' });
  });

  it('R11 a create takes the master record type and lists a backed-up custom one', () => {
    const custom = chooseValues(spec('Thing__c'), { RecordTypeId: CUSTOM_RT }, 'create', undefined, new Map());
    expect(custom.fields).toEqual({ RecordTypeId: MASTER_RECORD_TYPE_ID });
    expect(custom.omitted).toEqual([
      {
        field: 'RecordTypeId',
        value: CUSTOM_RT,
        rule: 'R11',
        reason: 're-created records come back under the master record type',
      },
    ]);
    const short = MASTER_RECORD_TYPE_ID.slice(0, 15);
    expect(chooseValues(spec('Thing__c'), { RecordTypeId: short }, 'create', undefined, new Map()).omitted).toEqual([]);
    expect(chooseValues(spec('Thing__c'), { RecordTypeId: null }, 'create', undefined, new Map()).omitted).toEqual([]);
    expect(chooseValues(spec('Thing__c'), { RecordTypeId: CUSTOM_RT }, 'update', undefined, new Map())).toEqual({
      fields: {},
      omitted: [],
    });
    expect(chooseValues(spec('Plain__c'), { RecordTypeId: CUSTOM_RT }, 'create', undefined, new Map()).fields).toEqual(
      {},
    );
  });
});

describe('SchemaIndex', () => {
  it('sorts fields into references and values, leaving system, id, base64 and read-only fields out', () => {
    const s = new SchemaIndex({
      objects: [
        object('Doc__c', 'a02', [
          fields.text('Name'),
          { ...fields.text('Body'), type: 'base64' },
          { ...fields.text('IsDeleted'), type: 'boolean' },
          { ...fields.text('ReadOnly__c'), createable: false, updateable: false },
          fields.lookup('Parent__c', 'Doc__c'),
          fields.owner(),
          fields.lookup('Group__c', 'Group'),
          fields.masterDetail('Master__c', 'Account'),
        ]),
      ],
    }).get('Doc__c')!;
    expect(s.values.map((f) => f.name)).toEqual(['Name']);
    expect(s.references.map((f) => [f.name, f.mandatory, f.hierarchy])).toEqual([
      ['Parent__c', false, true],
      ['OwnerId', false, false],
      ['Group__c', false, false],
      ['Master__c', true, true],
    ]);
    expect(s.recordTypeField).toBe(false);
    expect(s.parentKind).toBe(true);
    expect(s.name).toBe('Doc__c');
  });

  it('knows which objects and ids can be parents', () => {
    const s = new SchemaIndex({ objects: [object('User', '005', [])] });
    expect(s.get('User')!.parentKind).toBe(false);
    expect(s.get('Nope')).toBeUndefined();
    expect(isHierarchyTarget(makeId('005', 1))).toBe(false);
    expect(isHierarchyTarget(makeId('001', 1))).toBe(true);
  });
});
