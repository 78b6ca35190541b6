// Example tests, one block per rule (names start with the rule id).
import { MASTER_RECORD_TYPE_ID, makeId } from '@restorelab/salesforce';
import type { BackedUpFile } from '@restorelab/snapshots';
import { describe, expect, it } from 'vitest';
import { PlanError } from './errors.ts';
import { ADMIN, exists, fields, input, NEW, OLD, object, record } from './fixtures.ts';
import { planRestore } from './plan-restore.ts';
import type { PlanInput, RestorePlan } from './types.ts';

const ACC = (n: number) => makeId('001', n);
const CON = (n: number) => makeId('003', n);
const CASE = (n: number) => makeId('500', n);
const OWNER = makeId('005', 7);
const RT_CUSTOM = makeId('012', 5);

const Account = object('Account', '001', [
  fields.text('Name'),
  fields.owner(),
  fields.lookup('ParentId', 'Account'),
  fields.formula('Score__c'),
  fields.picklist('Tier__c', ['Gold', 'Silver', 'Bronze']),
  fields.picklist('Tags__c', ['a', 'b', 'c'], true),
  fields.recordType(),
]);
const Contact = object('Contact', '003', [
  fields.text('LastName'),
  fields.lookup('AccountId', 'Account'),
  fields.lookup('ReportsToId', 'Contact'),
]);
const Case = object('Case', '500', [
  fields.text('Subject'),
  fields.lookup('AccountId', 'Account', true),
  fields.picklist('Status', ['New', 'Closed']),
  fields.picklist('Stage__c', ['Open', 'Done']),
]);
const Detail = object('Detail__c', 'a00', [fields.text('Name'), fields.masterDetail('Case__c', 'Case')]);
const Loop = object('Loop__c', 'a01', [
  fields.text('Name'),
  fields.lookup('Other__c', 'Loop__c', true),
  fields.lookup('Soft__c', 'Loop__c'),
]);
const Attachment = object('Attachment', '00P', [
  fields.text('Name'),
  fields.lookup('ParentId', 'Account', true),
  fields.owner(),
]);
const User = object('User', '005', [fields.text('Username')]);
const objects = [Account, Contact, Case, Detail, Loop, Attachment, User];

const hierarchy = () => [
  record('Account', ACC(1), { Name: 'Acme', OwnerId: OWNER }),
  record('Contact', CON(1), { LastName: 'One', AccountId: ACC(1) }),
  record('Contact', CON(2), { LastName: 'Two', AccountId: ACC(1), ReportsToId: CON(1) }),
  record('Case', CASE(1), { Subject: 'Broken', AccountId: ACC(1), Status: 'Closed', Stage__c: 'Done' }),
  record('Detail__c', makeId('a00', 1), { Name: 'D', Case__c: CASE(1) }),
  record('Account', ACC(2), { Name: 'Unrelated' }),
];

function plan(overrides: Partial<Parameters<typeof input>[0]> = {}): RestorePlan {
  return planRestore(input({ root: ACC(1), objects, records: hierarchy(), ...overrides }));
}
const item = (p: RestorePlan, id: string) => p.records.find((r) => r.sourceId === id)!;

describe('R01 scope-modes', () => {
  it('R01 record only plans the root alone', () => {
    const p = plan({ method: 'record' });
    expect(p.records.map((r) => r.sourceId)).toEqual([ACC(1)]);
    expect(p.summary.selected).toBe(1);
  });

  it('R01 with related records plans children and grandchildren but never parents or strangers', () => {
    const p = plan({ root: CASE(1) });
    expect(p.records.map((r) => r.sourceId).sort()).toEqual([CASE(1), makeId('a00', 1)].sort());
    const all = plan();
    expect(all.records.map((r) => r.sourceId)).not.toContain(ACC(2));
    expect(all.records).toHaveLength(5);
  });

  it('R01 links to users (owner, audit) do not make records children of the user', () => {
    expect(() =>
      plan({ root: OWNER, records: [...hierarchy(), record('User', OWNER)], downloadOnly: ['User'] }),
    ).toThrow(PlanError);
    const p = plan({ records: [...hierarchy(), record('User', OWNER)] });
    expect(p.records.map((r) => r.objectType)).not.toContain('User');
  });
});

describe('R02 object-kinds', () => {
  it('R02 refuses a download-only root with a clear error and plans nothing', () => {
    const err = catchPlanError(() => plan({ root: OWNER, records: [record('User', OWNER)], downloadOnly: ['User'] }));
    expect(err.code).toBe('DOWNLOAD_ONLY_TYPE');
    expect(err.rule).toBe('R02');
    expect(err.message).toMatch(/download\/share only/);
  });

  it('R02 refuses a related restore that would include a download-only record', () => {
    const err = catchPlanError(() => plan({ downloadOnly: ['Detail__c'] }));
    expect(err.code).toBe('DOWNLOAD_ONLY_TYPE');
    expect(err.recordIds).toEqual([makeId('a00', 1)]);
  });

  it('R02 a root missing from the snapshot or not an id is refused', () => {
    expect(catchPlanError(() => plan({ root: ACC(99) })).code).toBe('RECORD_NOT_IN_SNAPSHOT');
    expect(catchPlanError(() => plan({ root: 'nope' })).code).toBe('INVALID_RECORD_ID');
    expect(item(plan({ root: ACC(1).slice(0, 15) }), ACC(1)).action).toBe('create');
  });
});

describe('R03 point-in-time', () => {
  it('R03 writes the snapshot values, never audit, formula or Id fields', () => {
    const p = plan({
      method: 'record',
      records: [record('Account', ACC(1), { Name: 'Acme', Score__c: 9, CreatedDate: OLD, Tier__c: 'Gold' })],
    });
    const acc = item(p, ACC(1));
    expect(acc.fields).toEqual({ Name: 'Acme', Tier__c: 'Gold', RecordTypeId: MASTER_RECORD_TYPE_ID });
  });
});

describe('R04 summary-then-confirm', () => {
  it('R04 counts records per object and action, with will-fail reasons', () => {
    const p = plan({
      live: { [CON(1)]: exists(OLD), [CON(2)]: exists(NEW) },
      records: [...hierarchy(), record('Case', CASE(2), { Subject: 'x', AccountId: ACC(3) })],
      root: ACC(1),
      references: {},
    });
    expect(p.summary.records.byObject.Contact).toEqual({
      create: 0,
      overwrite: 1,
      newVersion: 0,
      skip: 1,
      willFail: 0,
      total: 2,
    });
    expect(p.summary.records.byObject.Account).toEqual({
      create: 1,
      overwrite: 0,
      newVersion: 0,
      skip: 0,
      willFail: 0,
      total: 1,
    });
    expect(p.summary.records.total).toEqual({ create: 3, overwrite: 1, newVersion: 0, skip: 1, willFail: 0, total: 5 });
    expect(p.summary.selected).toBe(5);
  });
});

describe('R05 metafiles', () => {
  it('R05 counts file links and owner links apart from the selection', () => {
    const p = plan({ method: 'record', files: [file('0695g0000000001AAA', [ACC(1), makeId('005', 8)])] });
    expect(p.summary.metafiles).toMatchObject({ create: 3, total: 3, fileLinks: 2, ownerLinks: 1 });
    expect(p.summary.itemsToWrite).toBe(1 + 1 + 3);
  });
});

describe('R06 new-ids and R07 exists-same-id', () => {
  it('R06 a record the org lacks is created with a new id placeholder and its children point at it', () => {
    const p = plan();
    const acc = item(p, ACC(1));
    expect(acc.action).toBe('create');
    expect(acc.newIdPlaceholder).toBe(`new:${ACC(1)}`);
    expect(item(p, CON(1)).idRewrites).toEqual([{ field: 'AccountId', targetSourceId: ACC(1) }]);
    expect(item(p, CON(1)).fields).not.toHaveProperty('AccountId');
    expect(item(p, CON(1)).wave).toBeGreaterThan(acc.wave!);
  });

  it('R07 equal LastModifiedDate skips (no write), a different one overwrites in place', () => {
    const p = plan({
      method: 'record',
      live: { [ACC(1)]: { state: 'exists', lastModifiedDate: '2025-01-01T00:00:00Z', recordTypeId: RT_CUSTOM } },
    });
    expect(item(p, ACC(1)).action).toBe('skip');
    expect(item(p, ACC(1)).wave).toBeUndefined();
    expect(p.waves.flatMap((w) => w.batches)).toEqual([]);
    const q = plan({ method: 'record', live: { [ACC(1)]: exists(NEW) } });
    expect(item(q, ACC(1))).toMatchObject({ action: 'overwrite', targetId: ACC(1) });
    expect(q.waves[0]!.batches[0]).toMatchObject({ operation: 'update', sourceIds: [ACC(1)] });
  });

  it('R07 an existing child keeps links to an existing parent as they are', () => {
    const p = plan({ live: { [ACC(1)]: exists(NEW), [CON(1)]: exists(NEW) } });
    expect(item(p, CON(1)).fields.AccountId).toBe(ACC(1));
    expect(item(p, CON(1)).idRewrites).toEqual([]);
  });
});

describe('R08 mandatory-parent', () => {
  it('R08 a child whose mandatory parent is deleted and not restored will fail, naming the field', () => {
    const p = plan({ root: CASE(1), references: { [ACC(1)]: 'deleted' } });
    const c = item(p, CASE(1));
    expect(c.action).toBe('willFail');
    expect(c.failure).toMatchObject({ rule: 'R08', code: 'MANDATORY_PARENT_DELETED', fields: ['AccountId'] });
    // and its master-detail child goes with it
    expect(item(p, makeId('a00', 1)).failure).toMatchObject({ code: 'PARENT_WILL_FAIL' });
    expect(p.waves).toEqual([]);
  });

  it('R08 restoring the parent with related records (or first) succeeds', () => {
    const p = plan({ references: { [ACC(1)]: 'deleted' } });
    expect(item(p, CASE(1)).action).toBe('create');
    const q = plan({ root: CASE(1), references: { [ACC(1)]: 'exists' } });
    expect(item(q, CASE(1)).action).toBe('create');
    expect(item(q, CASE(1)).fields.AccountId).toBe(ACC(1));
  });

  it('R08 an optional link to a deleted outside record is written empty, not failed', () => {
    const p = plan({ root: CON(1), method: 'record', references: { [ACC(1)]: 'deleted' } });
    expect(item(p, CON(1))).toMatchObject({ action: 'create', fields: { AccountId: null } });
    expect(item(p, CON(1)).omitted[0]).toMatchObject({ field: 'AccountId', rule: 'R08' });
  });

  it('R08 a defaulted link (OwnerId) to a deleted outside record is left to the org, not written as null', () => {
    const p = plan({ method: 'record', references: { [OWNER]: 'deleted' } });
    expect(item(p, ACC(1)).fields).not.toHaveProperty('OwnerId');
    expect(item(p, ACC(1)).omitted).toContainEqual(expect.objectContaining({ field: 'OwnerId', value: OWNER }));
  });
});

describe('R09 mandatory-cycle', () => {
  const L = (n: number) => makeId('a01', n);
  const loopRecords = () => [
    record('Account', ACC(1), { Name: 'root' }),
    record('Loop__c', L(1), { Other__c: L(2), Name: 'x' }),
    record('Loop__c', L(2), { Other__c: L(1), Name: 'y' }),
  ];

  it('R09 a loop of mandatory links is will-fail, naming records and fields, and nothing of it is written', () => {
    const p = planRestore(input({ root: L(1), objects, records: loopRecords() }));
    for (const id of [L(1), L(2)]) {
      const r = item(p, id);
      expect(r.action).toBe('willFail');
      expect(r.failure?.code).toBe('MANDATORY_LOOP');
      expect(r.failure?.cycle?.records.map((x) => x.sourceId).sort()).toEqual([L(1), L(2)]);
      expect(r.failure?.cycle?.links).toContainEqual({ fromSourceId: L(1), field: 'Other__c', toSourceId: L(2) });
    }
    expect(p.waves).toEqual([]);
    expect(p.summary.willFail).toHaveLength(2);
  });

  it('R09 a record pointing at itself through a mandatory link is a loop too', () => {
    const p = planRestore(
      input({ root: L(1), method: 'record', objects, records: [record('Loop__c', L(1), { Other__c: L(1) })] }),
    );
    expect(item(p, L(1)).failure?.code).toBe('MANDATORY_LOOP');
  });

  it('R09 a loop through optional links is written empty first, then patched', () => {
    const p = planRestore(
      input({
        root: CON(1),
        objects,
        records: [
          record('Contact', CON(1), { ReportsToId: CON(2) }),
          record('Contact', CON(2), { ReportsToId: CON(1) }),
        ],
      }),
    );
    // CON(2) is beneath CON(1) (it reports to it) and vice versa: both in scope, neither fails.
    expect(p.records.every((r) => r.action === 'create')).toBe(true);
    expect(p.patches.map((x) => x.sourceId).sort()).toEqual([CON(1), CON(2)]);
    expect(item(p, CON(1)).fields.ReportsToId).toBeNull();
    expect(p.patchBatches).toEqual([
      { wave: p.waves.length, batchIndex: 0, objectType: 'Contact', operation: 'update', sourceIds: [CON(1), CON(2)] },
    ]);
  });

  it('R09 an existing record in a loop with a re-created one needs no patch', () => {
    const p = planRestore(
      input({
        root: CON(1),
        objects,
        records: [
          record('Contact', CON(1), { ReportsToId: CON(2) }),
          record('Contact', CON(2), { ReportsToId: CON(1) }),
        ],
        live: { [CON(2)]: exists(NEW) },
      }),
    );
    expect(p.patches).toEqual([]);
    expect(item(p, CON(2)).wave).toBe(item(p, CON(1)).wave! + 1);
  });
});

describe('R10 status-picklists and R11 record-types', () => {
  it('R10 standard status fields are never written; custom status picklists are', () => {
    const p = plan({ root: CASE(1), method: 'record', references: { [ACC(1)]: 'exists' } });
    const c = item(p, CASE(1));
    expect(c.fields).not.toHaveProperty('Status');
    expect(c.fields.Stage__c).toBe('Done');
    expect(c.omitted).toContainEqual(expect.objectContaining({ field: 'Status', value: 'Closed', rule: 'R10' }));
    const q = plan({ root: CASE(1), method: 'record', live: { [CASE(1)]: exists(NEW) } });
    expect(item(q, CASE(1)).fields).not.toHaveProperty('Status');
  });

  it('R10 a required standard status with no default gets the first value the org offers on create, never the backed-up one', () => {
    const stage = { ...fields.picklist('StageName', ['Prospecting', 'Closed Won']), nillable: false };
    const Opportunity = object('Opportunity', '006', [fields.text('Name'), stage]);
    const opp = makeId('006', 1);
    const records = [record('Opportunity', opp, { Name: 'Deal', StageName: 'Closed Won' })];
    const created = planRestore(input({ root: opp, method: 'record', objects: [Opportunity], records }));
    expect(item(created, opp).fields.StageName).toBe('Prospecting');
    expect(item(created, opp).omitted).toContainEqual(
      expect.objectContaining({ field: 'StageName', value: 'Closed Won', rule: 'R10' }),
    );
    const overwritten = planRestore(
      input({ root: opp, method: 'record', objects: [Opportunity], records, live: { [opp]: exists(NEW) } }),
    );
    expect(item(overwritten, opp).fields).not.toHaveProperty('StageName');
  });

  it('R11 a re-created record comes back under the master record type without values the master forbids', () => {
    const records = [
      record('Account', ACC(1), { Name: 'A', RecordTypeId: RT_CUSTOM, Tier__c: 'Gold', Tags__c: 'a;b;c' }),
    ];
    const masterPicklistValues = { Account: { Tier__c: ['Silver', 'Bronze'], Tags__c: ['a', 'c'] } };
    const p = plan({ method: 'record', records, org: { masterPicklistValues } as Partial<PlanInput['org']> });
    const acc = item(p, ACC(1));
    expect(acc.fields.RecordTypeId).toBe(MASTER_RECORD_TYPE_ID);
    expect(acc.fields).not.toHaveProperty('Tier__c');
    expect(acc.fields.Tags__c).toBe('a;c');
    expect(acc.omitted.map((o) => [o.field, o.rule, o.value])).toEqual([
      ['Tier__c', 'R11', 'Gold'],
      ['Tags__c', 'R11', 'b'],
      ['RecordTypeId', 'R11', RT_CUSTOM],
    ]);
  });

  it('R11 an existing record keeps its record type and values when overwritten', () => {
    const records = [record('Account', ACC(1), { Name: 'A', RecordTypeId: RT_CUSTOM, Tier__c: 'Gold' })];
    const p = plan({
      method: 'record',
      records,
      live: { [ACC(1)]: { state: 'exists', lastModifiedDate: NEW, recordTypeId: RT_CUSTOM } },
      org: {
        masterPicklistValues: { Account: { Tier__c: ['Silver'] } },
        recordTypePicklistValues: { Account: { [RT_CUSTOM]: { Tier__c: ['Gold', 'Silver'] } } },
      } as Partial<PlanInput['org']>,
    });
    expect(item(p, ACC(1)).fields).not.toHaveProperty('RecordTypeId');
    expect(item(p, ACC(1)).fields.Tier__c).toBe('Gold');
    expect(item(p, ACC(1)).omitted).toEqual([]);
  });

  it('R11 an overwrite writes only the values the live record type allows (an earlier restore left it the master)', () => {
    const records = [
      record('Account', ACC(1), { Name: 'A', RecordTypeId: RT_CUSTOM, Tier__c: 'Gold', Tags__c: 'a;b' }),
    ];
    const masterPicklistValues = { Account: { Tier__c: ['Silver'], Tags__c: ['a'] } };
    const overwrite = (recordTypeId: string | null) =>
      item(
        plan({
          method: 'record',
          records,
          live: { [ACC(1)]: { state: 'exists', lastModifiedDate: NEW, recordTypeId } },
          org: {
            masterPicklistValues,
            recordTypePicklistValues: { Account: { [RT_CUSTOM]: { Tier__c: ['Gold'], Tags__c: ['a', 'b'] } } },
          } as Partial<PlanInput['org']>,
        }),
        ACC(1),
      );
    for (const copy of [overwrite(MASTER_RECORD_TYPE_ID), overwrite(null)]) {
      expect(copy.action).toBe('overwrite');
      expect(copy.fields).not.toHaveProperty('RecordTypeId');
      expect(copy.fields).not.toHaveProperty('Tier__c');
      expect(copy.fields.Tags__c).toBe('a');
      expect(copy.omitted.map((o) => [o.field, o.rule, o.value])).toEqual([
        ['Tier__c', 'R11', 'Gold'],
        ['Tags__c', 'R11', 'b'],
      ]);
    }
    const custom = overwrite(RT_CUSTOM);
    expect(custom.fields.Tier__c).toBe('Gold');
    expect(custom.fields.Tags__c).toBe('a;b');
  });
});

describe('R12–R19 files and attachments', () => {
  const DOC = '0695g0000000001AAA';
  const files = [file(DOC, [ACC(1), CON(1)]), file('0695g0000000002AAA', [ACC(2)])];

  it('R12 R14 files follow their records; with related, every restored record brings its files', () => {
    const p = plan({ method: 'record', root: CON(1), references: {}, files });
    expect(p.files.map((f) => f.contentDocumentId)).toEqual([DOC]);
    expect(item(p, CON(1)).files).toEqual([DOC]);
    expect(plan({ files }).files.map((f) => f.followsRecords)).toEqual([[ACC(1), CON(1)]]);
  });

  it('R12 a file on its own cannot be restored', () => {
    const doc = record('ContentDocument', DOC, {});
    expect(catchPlanError(() => plan({ root: DOC, records: [doc] })).code).toBe('NOT_RESTORABLE_ALONE');
  });

  it('R15 R16 R17 R18 a created file keeps its owner, is created by the admin in the owner library, latest version, all links', () => {
    const p = plan({ files });
    const f = p.files[0]!;
    expect(f).toMatchObject({
      action: 'create',
      ownerId: OWNER,
      createdById: ADMIN,
      placement: 'ownerLibrary',
      modifiedAt: 'restoreTime',
      latestVersionId: '0685g0000000001AAA',
    });
    expect(f.links.map((l) => [l.linkedEntityId, l.rewriteToNewId, l.ownerLink])).toEqual([
      [ACC(1), true, false],
      [CON(1), true, false],
      [OWNER, false, true],
    ]);
  });

  it('R19 skip on equal modification time, new version on other content, overwrite on same content', () => {
    const live = (lastModifiedDate: string, contentHash: string) =>
      new Map([[DOC, { state: 'exists' as const, lastModifiedDate, latestVersionId: makeId('068', 9), contentHash }]]);
    const action = (m: ReturnType<typeof live>) =>
      plan({ files, org: { files: m } as Partial<PlanInput['org']> }).files[0]!;
    expect(action(live(OLD, 'other')).action).toBe('skip');
    expect(action(live(NEW, 'other'))).toMatchObject({ action: 'newVersion', targetContentDocumentId: DOC });
    expect(action(live(NEW, 'hash-1'))).toMatchObject({ action: 'overwrite', targetContentDocumentId: DOC });
  });

  it('R14 an unchanged file is skipped but linked to its records that come back with new ids', () => {
    const unchanged = new Map([
      [DOC, { state: 'exists' as const, lastModifiedDate: OLD, latestVersionId: makeId('068', 9), contentHash: 'x' }],
    ]);
    const files = [file(DOC, [ACC(1), CON(1), OWNER])];
    // ACC(1) is gone (re-created), CON(1) still exists: only the link to the new Account is written.
    const p = plan({ files, live: { [CON(1)]: exists(NEW) }, org: { files: unchanged } as Partial<PlanInput['org']> });
    const f = p.files[0]!;
    expect(f.action).toBe('skip');
    expect(f.links.map((l) => [l.linkedEntityId, l.rewriteToNewId, l.ownerLink])).toEqual([[ACC(1), true, false]]);
    expect(p.summary.metafiles.fileLinks).toBe(1);
    // Nothing re-created: an unchanged file has nothing to write at all.
    const all = Object.fromEntries([ACC(1), CON(1), CON(2), CASE(1), makeId('a00', 1)].map((id) => [id, exists(NEW)]));
    expect(plan({ files, live: all, org: { files: unchanged } as Partial<PlanInput['org']> }).files[0]!.links).toEqual(
      [],
    );
  });

  it('R14 a file whose records all fail will fail too', () => {
    const p = plan({ root: CASE(1), references: { [ACC(1)]: 'deleted' }, files: [file(DOC, [CASE(1)])] });
    expect(p.files[0]!.action).toBe('willFail');
  });

  it('R13 R14 attachments follow their parent (with body), Objects/Attachment items restore as metadata only', () => {
    const att = {
      id: makeId('00P', 1),
      parentId: ACC(1),
      name: 'a.txt',
      contentType: 'text/plain',
      isPrivate: false,
      ownerId: OWNER,
      description: null,
      lastModifiedDate: OLD,
      bodyHash: 'h',
      bodyLength: 3,
    };
    const p = plan({ attachments: [att] });
    expect(p.attachments[0]).toMatchObject({
      action: 'create',
      parentRewrite: true,
      metadataOnly: false,
      bodyHash: 'h',
    });
    expect(item(p, ACC(1)).attachments).toEqual([att.id]);

    const metaOnly = record('Attachment', makeId('00P', 2), { Name: 'm.pdf', ParentId: ACC(2), OwnerId: OWNER });
    const q = plan({ root: makeId('00P', 2), method: 'record', records: [...hierarchy(), metaOnly] });
    expect(q.records).toEqual([]);
    expect(q.attachments[0]).toMatchObject({
      action: 'create',
      metadataOnly: true,
      bodyHash: null,
      parentSourceId: ACC(2),
    });
    expect(q.summary.selected).toBe(1);
  });
});

describe('waves and batches', () => {
  it('batches hold at most 200 records per object and operation, numbered within the wave', () => {
    const many = Array.from({ length: 450 }, (_, i) => record('Contact', CON(i + 1), { AccountId: ACC(1) }));
    const p = plan({ records: [record('Account', ACC(1), { Name: 'A' }), ...many] });
    expect(p.waves[1]!.batches.map((b) => [b.batchIndex, b.sourceIds.length])).toEqual([
      [0, 200],
      [1, 200],
      [2, 50],
    ]);
  });
});

function file(contentDocumentId: string, linked: string[]): BackedUpFile {
  return {
    contentDocumentId,
    latestVersionId: '068' + contentDocumentId.slice(3),
    title: 'Plan',
    pathOnClient: 'plan.pdf',
    ownerId: OWNER,
    lastModifiedDate: OLD,
    contentModifiedDate: OLD,
    versionNumber: '3',
    contentHash: 'hash-1',
    contentSize: 10,
    fileType: 'PDF',
    links: linked.map((id) => ({ linkedEntityId: id, shareType: 'V' as const, visibility: 'AllUsers' as const })),
  };
}

function catchPlanError(fn: () => unknown): PlanError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PlanError) return err;
    throw err;
  }
  throw new Error('expected a PlanError');
}
