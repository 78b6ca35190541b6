// Cases found by mutation testing (issue #15): each pins a behaviour a surviving mutant changed
// without any other test noticing.
import { MASTER_RECORD_TYPE_ID, makeId } from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { sameInstant } from './dates.ts';
import { PlanError } from './errors.ts';
import { exists, fields, input, NEW, OLD, object, record } from './fixtures.ts';
import { planRestore } from './plan-restore.ts';
import { SchemaIndex } from './schema-index.ts';
import type { PlanInput, RestorePlan } from './types.ts';
import { chooseValues } from './values.ts';

const A = (n: number) => makeId('001', n);
const L = (n: number) => makeId('a15', n);
const N = (n: number) => makeId('a13', n);
const item = (p: RestorePlan, id: string) => p.records.find((r) => r.sourceId === id)!;
function refusal(i: PlanInput): PlanError {
  try {
    planRestore(i);
  } catch (err) {
    if (err instanceof PlanError) return err;
    throw err;
  }
  throw new Error('expected a PlanError');
}

describe('found by mutation testing', () => {
  it('sameInstant: identical text is the same instant even when it is no date', () => {
    expect(sameInstant('unknown', 'unknown')).toBe(true);
  });

  it('R11 a backed-up master record type in 18 characters is not listed as dropped', () => {
    const spec = new SchemaIndex({ objects: [object('Account', '001', [fields.recordType()])] }).get('Account')!;
    const chosen = chooseValues(spec, { RecordTypeId: MASTER_RECORD_TYPE_ID }, 'create', undefined, new Map());
    expect(chosen.omitted).toEqual([]);
  });

  it('R11 multi-select values of several characters are kept or dropped whole', () => {
    const spec = new SchemaIndex({
      objects: [object('Account', '001', [fields.picklist('Tags__c', ['aa', 'bb'], true)])],
    }).get('Account')!;
    const allowed = { id: MASTER_RECORD_TYPE_ID, allowed: { Tags__c: ['aa', 'b'] } };
    const chosen = chooseValues(spec, { Tags__c: 'aa;bb' }, 'update', allowed, new Map());
    expect(chosen.fields).toEqual({ Tags__c: 'aa' });
    expect(chosen.omitted[0]!.value).toBe('bb');
  });

  const loops = [
    object('Loop__c', 'a15', [fields.lookup('Other__c', 'Loop__c', true), fields.lookup('Back__c', 'Loop__c', true)]),
    object('NoCreate__c', 'a13', [fields.lookup('Loop__c', 'Loop__c', true)], { createable: false }),
  ];

  it('R09 each record of a loop names its own links', () => {
    const p = planRestore(
      input({
        root: L(1),
        objects: loops,
        records: [record('Loop__c', L(1), { Other__c: L(2) }), record('Loop__c', L(2), { Back__c: L(1) })],
      }),
    );
    expect(item(p, L(1)).failure?.fields).toEqual(['Other__c']);
    expect(item(p, L(2)).failure?.fields).toEqual(['Back__c']);
  });

  it('a record that fails for its own reason keeps that reason when a loop or a parent fails too', () => {
    const p = planRestore(
      input({
        root: L(1),
        objects: loops,
        records: [record('Loop__c', L(1), { Other__c: L(1) }), record('NoCreate__c', N(1), { Loop__c: L(1) })],
      }),
    );
    expect(item(p, L(1)).failure?.code).toBe('MANDATORY_LOOP');
    expect(item(p, N(1)).failure?.code).toBe('OBJECT_NOT_CREATEABLE');
  });

  it('a plan says nothing to write for a skipped record, and no target for a created one', () => {
    const objects = [object('Account', '001', [fields.text('Name'), fields.lookup('ParentId', 'Account')])];
    const p = planRestore(
      input({
        root: A(1),
        objects,
        records: [record('Account', A(1), { Name: 'a' }), record('Account', A(2), { Name: 'b', ParentId: A(1) })],
        live: { [A(1)]: exists(OLD) },
      }),
    );
    expect(item(p, A(1))).toMatchObject({ action: 'skip', targetId: undefined });
    // toMatchObject would accept any fields for `{}`.
    expect(item(p, A(1)).fields).toEqual({});
    expect(item(p, A(2))).toMatchObject({ action: 'create', targetId: undefined });
  });

  it('R08 says why an optional link to a deleted outside record is written empty', () => {
    const objects = [object('Account', '001', [fields.lookup('ParentId', 'Account')])];
    const p = planRestore(
      input({
        root: A(1),
        method: 'record',
        objects,
        records: [record('Account', A(1), { ParentId: A(9) })],
        references: { [A(9)]: 'deleted' },
      }),
    );
    expect(item(p, A(1)).omitted).toEqual([
      {
        field: 'ParentId',
        value: A(9),
        rule: 'R08',
        reason: 'optional link to a record deleted in the org and not in this restore',
      },
    ]);
  });

  it('R01 record leaves the root’s children out; a text field holding an id is no link', () => {
    const objects = [object('Account', '001', [fields.lookup('ParentId', 'Account'), fields.text('Note__c')])];
    const records = [
      record('Account', A(1)),
      record('Account', A(2), { ParentId: A(1) }),
      record('Account', A(3), { Note__c: A(1) }),
    ];
    expect(planRestore(input({ root: A(1), method: 'record', objects, records })).records).toHaveLength(1);
    expect(
      planRestore(input({ root: A(1), objects, records }))
        .records.map((r) => r.sourceId)
        .sort(),
    ).toEqual([A(1), A(2)]);
  });

  it('R02 and R12 refusals name their rule, types (sorted) and records', () => {
    const objects = [
      object('Account', '001', [fields.text('Name')]),
      object('Task', '00T', [fields.lookup('WhatId', 'Account')]),
      object('Event', '00U', [fields.lookup('WhatId', 'Account')]),
    ];
    const err = refusal(
      input({
        root: A(1),
        objects,
        records: [
          record('Account', A(1)),
          record('Task', makeId('00T', 1), { WhatId: A(1) }),
          record('Event', makeId('00U', 1), { WhatId: A(1) }),
        ],
        downloadOnly: ['Task', 'Event'],
      }),
    );
    expect(err).toMatchObject({ rule: 'R02', objectTypes: ['Event', 'Task'] });
    const doc = makeId('069', 1);
    const file = refusal(input({ root: doc, objects, records: [record('ContentVersion', doc)] }));
    expect(file).toMatchObject({ rule: 'R12', objectTypes: ['ContentVersion'], recordIds: [doc] });
  });

  it('R01 walks through records the schema lacks, by any id-valued field but Id, to parents only', () => {
    const objects = [object('Account', '001', [fields.text('Name')]), object('User', '005', [fields.text('Name')])];
    const user = makeId('005', 1);
    const many: Record<string, string> = {};
    for (let k = 0; k < 20; k++) many[`F${k}__c`] = A(1);
    const err = refusal(
      input({
        root: A(1),
        objects,
        records: [
          record('Account', A(1)),
          record('User', user),
          // Twenty links from one record: more than the edge list starts with.
          record('Zed__c', makeId('a99', 1), { ...many }),
          record('Yak__c', makeId('a98', 1), { Up__c: makeId('a99', 1).slice(0, 15) }),
          record('Wasp__c', makeId('a97', 1), { Owner__c: user, Note__c: 'not an id at all', Num__c: 7 }),
          record('Vole__c', makeId('a96', 1), { Self__c: makeId('a96', 1), Other__c: A(2) }),
        ],
      }),
    );
    expect(err.code).toBe('OBJECT_NOT_IN_SCHEMA');
    expect(err.objectTypes).toEqual(['Yak__c', 'Zed__c']);
  });

  it('files and attachments match 15-character ids to 18-character ones', () => {
    const objects = [
      object('Account', '001', [fields.text('Name')]),
      object('Attachment', '00P', [fields.lookup('ParentId', 'Account', true)]),
    ];
    const owner = makeId('005', 1);
    const att = makeId('00P', 1);
    const p = planRestore(
      input({
        root: A(1),
        objects,
        records: [record('Account', A(1)), record('Attachment', att.slice(0, 15), { ParentId: A(1) })],
        attachments: [
          {
            id: makeId('00P', 2),
            parentId: A(1).slice(0, 15),
            name: 'a',
            contentType: null,
            isPrivate: false,
            ownerId: owner,
            description: null,
            lastModifiedDate: NEW,
            bodyHash: 'b',
            bodyLength: 1,
          },
        ],
        files: [
          {
            contentDocumentId: makeId('069', 1),
            latestVersionId: makeId('068', 1),
            title: 't',
            pathOnClient: 'p',
            ownerId: owner.slice(0, 15),
            lastModifiedDate: NEW,
            contentModifiedDate: null,
            versionNumber: '1',
            contentHash: 'h',
            contentSize: 1,
            fileType: null,
            links: [
              { linkedEntityId: A(1), shareType: 'V', visibility: 'AllUsers' },
              { linkedEntityId: owner, shareType: 'I', visibility: 'AllUsers' },
            ],
          },
        ],
      }),
    );
    expect(p.attachments.map((a) => [a.sourceId, a.parentSourceId, a.parentRewrite])).toEqual([
      [att, A(1), true],
      [makeId('00P', 2), A(1), true],
    ]);
    expect(p.files[0]!.links.map((l) => [l.linkedEntityId, l.ownerLink])).toEqual([
      [A(1), false],
      [owner, true],
    ]);
  });
});
