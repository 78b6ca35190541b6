// R01 / R02 on resolveScope: refusals with the messages a person reads, and which records a related
// restore reaches (through objects the schema lacks too).
import { makeId } from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { PlanError } from './errors.ts';
import { fields, input, object, record } from './fixtures.ts';
import { SchemaIndex } from './schema-index.ts';
import { resolveScope } from './scope.ts';
import type { PlanInput } from './types.ts';

const A = (n: number) => makeId('001', n);
const T = (n: number) => makeId('00T', n);
const Z = (n: number) => makeId('a99', n);
const objects = [
  object('Account', '001', [fields.text('Name'), fields.lookup('ParentId', 'Account'), fields.owner()]),
  object('Task', '00T', [fields.lookup('WhatId', 'Account')]),
];

function scope(i: PlanInput) {
  return resolveScope(i.request, i.slice, new SchemaIndex(i.slice.schema), i.downloadOnlyTypes);
}
function refusal(i: PlanInput): PlanError {
  try {
    scope(i);
  } catch (err) {
    if (err instanceof PlanError) return err;
    throw err;
  }
  throw new Error('expected a PlanError');
}

describe('resolveScope refusals', () => {
  it('refuses a root that is no id, or not in the snapshot', () => {
    const bad = refusal(input({ root: 'xyz', objects, records: [] }));
    expect([bad.code, bad.message]).toEqual(['INVALID_RECORD_ID', '"xyz" is not a Salesforce record id']);
    const missing = refusal(input({ root: A(1).slice(0, 15), objects, records: [record('Account', A(2))] }));
    expect(missing.code).toBe('RECORD_NOT_IN_SNAPSHOT');
    expect(missing.message).toBe(`record ${A(1)} is not in snapshot snap-1`);
    expect(missing.recordIds).toEqual([A(1)]);
  });

  it('R02 refuses a download-only root, naming it', () => {
    const err = refusal(input({ root: T(1), objects, records: [record('Task', T(1))], downloadOnly: ['Task'] }));
    expect(err).toMatchObject({ code: 'DOWNLOAD_ONLY_TYPE', rule: 'R02', objectTypes: ['Task'], recordIds: [T(1)] });
    expect(err.message).toBe(`Task records are download/share only: ${T(1)} can be downloaded, never restored`);
  });

  it('R12 refuses a file part as the root', () => {
    const doc = makeId('069', 1);
    const err = refusal(input({ root: doc, objects, records: [record('ContentDocument', doc)] }));
    expect(err).toMatchObject({ code: 'NOT_RESTORABLE_ALONE', rule: 'R12', objectTypes: ['ContentDocument'] });
    expect(err.message).toBe(
      `ContentDocument ${doc} is part of a file: files come back with the record they are attached to`,
    );
  });

  it('R02 refuses a related restore over download-only records, listing types sorted and at most ten ids', () => {
    const tasks = Array.from({ length: 11 }, (_, k) => record('Task', T(k + 1), { WhatId: A(1) }));
    const err = refusal(
      input({
        root: A(1),
        objects: [...objects, object('Event', '00U', [fields.lookup('WhatId', 'Account')])],
        records: [record('Account', A(1)), record('Event', makeId('00U', 1), { WhatId: A(1) }), ...tasks],
        downloadOnly: ['Task', 'Event'],
      }),
    );
    expect(err.objectTypes).toEqual(['Event', 'Task']);
    expect(err.recordIds).toHaveLength(12);
    expect(err.recordIds[0]).toBe(makeId('00U', 1));
    const shown = err.recordIds.slice(0, 10).join(', ');
    expect(err.message).toBe(`the restore includes download/share-only records (Event, Task): ${shown}, …`);

    const few = refusal(
      input({ root: A(1), objects, records: [record('Account', A(1)), ...tasks.slice(0, 10)], downloadOnly: ['Task'] }),
    );
    expect(few.message).toBe(`the restore includes download/share-only records (Task): ${few.recordIds.join(', ')}`);
  });

  it('refuses records the schema does not describe, types sorted', () => {
    const err = refusal(
      input({
        root: A(1),
        objects,
        records: [
          record('Account', A(1)),
          record('Zed__c', Z(1), { Link__c: A(1) }),
          record('Bee__c', makeId('a98', 1), { Link__c: A(1).slice(0, 15) }),
        ],
      }),
    );
    expect(err.code).toBe('OBJECT_NOT_IN_SCHEMA');
    expect(err.objectTypes).toEqual(['Bee__c', 'Zed__c']);
    expect(err.message).toBe("the snapshot's schema does not describe Bee__c, Zed__c");
  });
});

describe('resolveScope selection', () => {
  it('R01 related follows hierarchy links down through every level, sorted by id, never up or through users', () => {
    const owner = makeId('005', 1);
    const s = scope(
      input({
        root: A(2),
        objects: [...objects, object('User', '005', [fields.text('Name')])],
        records: [
          record('Account', A(3), { ParentId: A(2) }),
          record('Account', A(1)),
          record('Account', A(2), { ParentId: A(1), OwnerId: owner }),
          record('Task', T(1), { WhatId: A(3) }),
          record('User', owner),
          record('Account', A(4), { OwnerId: owner }),
        ],
      }),
    );
    expect(s.records.map((r) => r.id)).toEqual([T(1), A(2), A(3)].sort());
    expect(s.root.id).toBe(A(2));
    expect(s.positionOf(A(3))).toBe(s.records.findIndex((r) => r.id === A(3)));
    expect(s.positionOf(A(1))).toBeUndefined();
    expect(s.positionOf(A(9))).toBeUndefined();
  });

  it('R01 record selects the root alone and resolves only its links', () => {
    const s = scope(
      input({
        root: A(2),
        method: 'record',
        objects,
        records: [record('Account', A(2), { ParentId: A(1) }), record('Account', A(1))],
      }),
    );
    expect(s.records.map((r) => r.id)).toEqual([A(2)]);
    // The parent is outside the scope: the link resolves to -1.
    expect([...s.linkTarget]).toEqual([-1, -1]);
    expect([...s.linkStart]).toEqual([0, 2]);
  });

  it('resolves links to scope positions, 15-character values included', () => {
    const s = scope(
      input({
        root: A(1),
        objects,
        records: [
          record('Account', A(1)),
          record('Account', A(2), { ParentId: A(1).slice(0, 15) }),
          record('Account', A(3), { ParentId: A(1).slice(0, 15) }),
          record('Account', A(4), { ParentId: A(2) }),
        ],
      }),
    );
    expect(s.records.map((r) => r.id)).toEqual([A(1), A(2), A(3), A(4)]);
    // Two references per Account: ParentId, OwnerId.
    expect([...s.linkStart]).toEqual([0, 2, 4, 6, 8]);
    expect([...s.linkTarget]).toEqual([-1, -1, 0, -1, 0, -1, 1, -1]);
  });

  it('a record listed twice counts once, and file parts and attachments are kept apart', () => {
    const att = makeId('00P', 1);
    const s = scope(
      input({
        root: A(1),
        objects,
        records: [
          record('Account', A(1), { Name: 'first' }),
          record('Account', A(1), { Name: 'second' }),
          record('ContentDocumentLink', makeId('06A', 1), { LinkedEntityId: A(1) }),
          record('Attachment', att, { ParentId: A(1) }),
        ],
      }),
    );
    expect(s.records.map((r) => [r.id, r.fields.Name])).toEqual([[A(1), 'second']]);
    expect(s.attachmentRecords.map((r) => r.id)).toEqual([att]);
    expect(s.root.fields.Name).toBe('second');
  });

  it('follows id-valued fields of objects the schema lacks, so their types can be refused', () => {
    // Zed__c is not described: its Link__c still makes it a child; its child Task comes along.
    const err = refusal(
      input({
        root: A(1),
        objects,
        records: [
          record('Account', A(1)),
          record('Zed__c', Z(1), { Link__c: A(1), Owner: makeId('005', 1), Note: 'hello', Num: 5 }),
          record('Zed__c', Z(2), { Link__c: Z(1) }),
          record('Zed__c', Z(3), { Link__c: makeId('005', 1) }),
        ],
      }),
    );
    expect(err.objectTypes).toEqual(['Zed__c']);
  });
});
