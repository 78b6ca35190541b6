// planRestore's handling of links and record types in the cases the rule tests leave out: a
// mandatory link inside a loop of optional ones, links the write may not carry, empty links to
// fields the org fills, files of failing records, and overwrites under a custom record type.
import { MASTER_RECORD_TYPE_ID, makeId } from '@restorelab/salesforce';
import type { BackedUpFile } from '@restorelab/snapshots';
import { describe, expect, it } from 'vitest';
import { exists, fields, input, NEW, OLD, object, record } from './fixtures.ts';
import { planRestore } from './plan-restore.ts';
import type { RestorePlan } from './types.ts';

const P = (n: number) => makeId('a10', n);
const C = (n: number) => makeId('a11', n);
const OWNER = makeId('005', 1);
const RT = makeId('012', 7);
const objects = [
  object('Parent__c', 'a10', [
    fields.text('Name'),
    fields.lookup('Favourite__c', 'Child__c'),
    fields.owner(),
    fields.picklist('Tier__c', ['Gold', 'Silver']),
    fields.recordType(),
  ]),
  object('Child__c', 'a11', [fields.masterDetail('Parent__c', 'Parent__c'), fields.text('Name')]),
];
const item = (p: RestorePlan, id: string) => p.records.find((r) => r.sourceId === id)!;

describe('planRestore links', () => {
  it('a mandatory link inside a loop of optional ones still orders the writes', () => {
    const p = planRestore(
      input({
        root: P(1),
        objects,
        records: [record('Parent__c', P(1), { Favourite__c: C(1) }), record('Child__c', C(1), { Parent__c: P(1) })],
      }),
    );
    expect(item(p, P(1))).toMatchObject({ wave: 0, fields: { Favourite__c: null } });
    expect(item(p, P(1)).deferredLinks).toEqual([{ field: 'Favourite__c', targetSourceId: C(1) }]);
    expect(item(p, C(1))).toMatchObject({ wave: 1, idRewrites: [{ field: 'Parent__c', targetSourceId: P(1) }] });
    expect(p.patches).toEqual([
      { sourceId: P(1), objectType: 'Parent__c', links: [{ field: 'Favourite__c', targetSourceId: C(1) }] },
    ]);
  });

  it('an overwrite does not carry a master-detail link the org will not update', () => {
    const p = planRestore(
      input({
        root: C(1),
        method: 'record',
        objects,
        records: [record('Child__c', C(1), { Parent__c: P(1), Name: 'n' })],
        live: { [C(1)]: exists(NEW) },
      }),
    );
    expect(item(p, C(1))).toMatchObject({ action: 'overwrite', fields: { Name: 'n' } });
    expect(Object.keys(item(p, C(1)).fields)).toEqual(['Name']);
  });

  it('an empty link is written only where the field takes null; an absent one not at all', () => {
    const p = planRestore(
      input({
        root: P(1),
        method: 'record',
        objects,
        records: [record('Parent__c', P(1), { OwnerId: null, Favourite__c: null })],
      }),
    );
    expect(item(p, P(1)).fields).toEqual({ Favourite__c: null, RecordTypeId: MASTER_RECORD_TYPE_ID });
    const q = planRestore(
      input({ root: P(1), method: 'record', objects, records: [record('Parent__c', P(1), { Name: 'x' })] }),
    );
    expect(Object.keys(item(q, P(1)).fields).sort()).toEqual(['Name', 'RecordTypeId']);
  });

  it('the summary names the request, with the root as an 18-character id', () => {
    const p = planRestore(
      input({ root: P(1).slice(0, 15), method: 'record', objects, records: [record('Parent__c', P(1))] }),
    );
    expect([p.summary.snapshotId, p.summary.rootId, p.summary.method]).toEqual(['snap-1', P(1), 'record']);
    expect(item(p, P(1)).itemId).toBe(`record:${P(1)}`);
  });

  it('a file drops its link to a record that fails and is not in the org, and keeps one to a record the org has', () => {
    const file: BackedUpFile = {
      contentDocumentId: makeId('069', 1),
      latestVersionId: makeId('068', 1),
      title: 't',
      pathOnClient: 'p',
      ownerId: OWNER,
      lastModifiedDate: OLD,
      contentModifiedDate: null,
      versionNumber: '1',
      contentHash: 'h',
      contentSize: 1,
      fileType: null,
      links: [C(1), C(2), P(1)].map((linkedEntityId) => ({ linkedEntityId, shareType: 'V', visibility: 'AllUsers' })),
    };
    const p = planRestore(
      input({
        root: P(1),
        objects: [
          ...objects.slice(0, 1),
          object('Child__c', 'a11', [fields.masterDetail('Parent__c', 'Parent__c')], {
            createable: false,
            updateable: false,
          }),
        ],
        records: [
          record('Parent__c', P(1)),
          record('Child__c', C(1), { Parent__c: P(1) }),
          record('Child__c', C(2), { Parent__c: P(1) }),
        ],
        live: { [C(2)]: exists(NEW) },
        files: [file],
      }),
    );
    expect(item(p, C(1)).action).toBe('willFail');
    expect(item(p, C(2)).action).toBe('willFail');
    expect(p.files[0]!.links.map((l) => l.linkedEntityId)).toEqual([C(2), P(1), OWNER]);
  });

  it('R11 an overwrite under a custom record type the org says nothing about keeps its values', () => {
    const plan = (org: object) =>
      item(
        planRestore(
          input({
            root: P(1),
            method: 'record',
            objects,
            records: [record('Parent__c', P(1), { Tier__c: 'Gold' })],
            live: { [P(1)]: { state: 'exists', lastModifiedDate: NEW, recordTypeId: RT } },
            org: { masterPicklistValues: { Parent__c: { Tier__c: ['Silver'] } }, ...org },
          }),
        ),
        P(1),
      );
    expect(plan({}).fields).toEqual({ Tier__c: 'Gold' });
    expect(plan({ recordTypePicklistValues: {} }).fields).toEqual({ Tier__c: 'Gold' });
    expect(plan({ recordTypePicklistValues: { Parent__c: { [RT]: { Tier__c: ['Silver'] } } } }).fields).toEqual({});
    // No record type in the org's answer: the master's values apply.
    const none = item(
      planRestore(
        input({
          root: P(1),
          method: 'record',
          objects,
          records: [record('Parent__c', P(1), { Tier__c: 'Gold' })],
          live: { [P(1)]: { state: 'exists', lastModifiedDate: NEW, recordTypeId: null } },
          org: { masterPicklistValues: { Parent__c: { Tier__c: ['Silver'] } } },
        }),
      ),
      P(1),
    );
    expect(none.fields).toEqual({});
  });
});
