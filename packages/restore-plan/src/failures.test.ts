// R06–R09 failures as a person reads them: the exact code, rule, fields and message of each kind of
// will-fail record, how a failure flows down mandatory links, and what optional links to failing
// records become.
import { makeId } from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { exists, fields, input, NEW, OLD, object, record } from './fixtures.ts';
import { planRestore } from './plan-restore.ts';
import type { RestorePlan } from './types.ts';

const P = (n: number) => makeId('a10', n);
const C = (n: number) => makeId('a11', n);
const N = (n: number) => makeId('a13', n);
const U = (n: number) => makeId('a14', n);
const G = (n: number) => makeId('a12', n);
const X = (n: number) => makeId('a17', n);
const L = (n: number) => makeId('a15', n);
const K = (n: number) => makeId('a16', n);
const S = (n: number) => makeId('a18', n);

const objects = [
  object('Parent__c', 'a10', [fields.text('Name')]),
  object('Child__c', 'a11', [
    fields.masterDetail('Parent__c', 'Parent__c'),
    fields.lookup('Opt__c', 'NoCreate__c'),
    fields.lookup('Req__c', 'Parent__c', true),
  ]),
  object('NoCreate__c', 'a13', [fields.masterDetail('Parent__c', 'Parent__c')], { createable: false }),
  object('NoUpdate__c', 'a14', [fields.masterDetail('Parent__c', 'Parent__c')], { updateable: false }),
  object('Grand__c', 'a12', [fields.masterDetail('Up__c', 'NoCreate__c')]),
  object('Great__c', 'a17', [fields.masterDetail('G__c', 'Grand__c')]),
  object('Loop__c', 'a15', [fields.lookup('Other__c', 'Loop__c', true)]),
  object('LoopKid__c', 'a16', [fields.masterDetail('Loop__c', 'Loop__c')]),
  object('Soft__c', 'a18', [fields.lookup('Soft__c', 'Loop__c')]),
];
const item = (p: RestorePlan, id: string) => p.records.find((r) => r.sourceId === id)!;

describe('will-fail records', () => {
  it('R06 an object the org will not create fails, and takes its mandatory children down with it (R08)', () => {
    const p = planRestore(
      input({
        root: P(1),
        objects,
        records: [
          record('Parent__c', P(1)),
          record('NoCreate__c', N(1), { Parent__c: P(1) }),
          record('Grand__c', G(1), { Up__c: N(1) }),
          record('Great__c', X(1), { G__c: G(1) }),
          record('Child__c', C(1), { Parent__c: P(1), Opt__c: N(1), Req__c: P(1) }),
        ],
      }),
    );
    expect(item(p, N(1)).failure).toEqual({
      rule: 'R06',
      code: 'OBJECT_NOT_CREATEABLE',
      message: 'NoCreate__c records cannot be created',
      fields: [],
    });
    const grand = `mandatory parent ${N(1)} (Up__c) will not be restored: NoCreate__c records cannot be created`;
    expect(item(p, G(1)).failure).toEqual({ rule: 'R08', code: 'PARENT_WILL_FAIL', message: grand, fields: ['Up__c'] });
    expect(item(p, X(1)).failure).toEqual({
      rule: 'R08',
      code: 'PARENT_WILL_FAIL',
      message: `mandatory parent ${G(1)} (G__c) will not be restored: ${grand}`,
      fields: ['G__c'],
    });
    // An optional link to a failing record is written empty and said so.
    const child = item(p, C(1));
    expect(child.action).toBe('create');
    expect(child.fields.Opt__c).toBeNull();
    expect(child.omitted).toEqual([
      { field: 'Opt__c', value: N(1), rule: 'R08', reason: `optional link to ${N(1)}, which will not be restored` },
    ]);
    expect(child.idRewrites).toEqual([
      { field: 'Parent__c', targetSourceId: P(1) },
      { field: 'Req__c', targetSourceId: P(1) },
    ]);
    expect(p.summary.willFail.map((w) => w.itemId)).toEqual([`record:${G(1)}`, `record:${N(1)}`, `record:${X(1)}`]);
  });

  it('R07 an object the org will not update fails when it changed, and is skipped when it did not', () => {
    const plan = (lastModifiedDate: string) =>
      planRestore(
        input({
          root: U(1),
          method: 'record',
          objects,
          records: [record('NoUpdate__c', U(1), { Parent__c: P(1) })],
          live: { [U(1)]: exists(lastModifiedDate) },
        }),
      );
    expect(item(plan(NEW), U(1)).failure).toEqual({
      rule: 'R07',
      code: 'OBJECT_NOT_UPDATEABLE',
      message: 'NoUpdate__c records cannot be updated',
      fields: [],
    });
    expect(item(plan(OLD), U(1)).action).toBe('skip');
  });

  it('R08 names every deleted mandatory parent, in field order', () => {
    const p = planRestore(
      input({
        root: C(1),
        method: 'record',
        objects,
        records: [record('Child__c', C(1), { Parent__c: P(8), Opt__c: N(8), Req__c: P(9) })],
        references: { [P(8)]: 'deleted', [P(9)]: 'deleted', [N(8)]: 'exists' },
      }),
    );
    expect(item(p, C(1)).failure).toEqual({
      rule: 'R08',
      code: 'MANDATORY_PARENT_DELETED',
      message: `mandatory parent deleted in the org and not in this restore (Parent__c → ${P(8)}, Req__c → ${P(9)}); restore the parent first`,
      fields: ['Parent__c', 'Req__c'],
    });
  });

  it('R08 leaves a record that already fails, or is skipped, as it is', () => {
    const plan = (root: string, rec: ReturnType<typeof record>, live = {}) =>
      item(
        planRestore(
          input({ root, method: 'record', objects, records: [rec], references: { [P(8)]: 'deleted' }, live }),
        ),
        root,
      );
    expect(plan(N(1), record('NoCreate__c', N(1), { Parent__c: P(8) })).failure?.code).toBe('OBJECT_NOT_CREATEABLE');
    const skipped = plan(C(1), record('Child__c', C(1), { Parent__c: P(8) }), { [C(1)]: exists(OLD) });
    expect(skipped.action).toBe('skip');
    expect(skipped.failure).toBeUndefined();
  });

  it('R09 a mandatory loop names its links; children fail under R09 and optional links say R09', () => {
    const p = planRestore(
      input({
        root: L(1),
        objects,
        records: [
          record('Loop__c', L(1), { Other__c: L(2) }),
          record('Loop__c', L(2), { Other__c: L(1) }),
          record('LoopKid__c', K(1), { Loop__c: L(1) }),
          record('Soft__c', S(1), { Soft__c: L(2) }),
        ],
      }),
    );
    const links = `${L(1)}.Other__c → ${L(2)}, ${L(2)}.Other__c → ${L(1)}`;
    expect(item(p, L(1)).failure).toMatchObject({
      rule: 'R09',
      code: 'MANDATORY_LOOP',
      message: `in a loop of mandatory links: ${links}`,
      fields: ['Other__c'],
    });
    expect(item(p, L(1)).failure?.cycle).toEqual({
      records: [
        { sourceId: L(1), objectType: 'Loop__c' },
        { sourceId: L(2), objectType: 'Loop__c' },
      ],
      links: [
        { fromSourceId: L(1), field: 'Other__c', toSourceId: L(2) },
        { fromSourceId: L(2), field: 'Other__c', toSourceId: L(1) },
      ],
    });
    expect(item(p, K(1)).failure).toEqual({
      rule: 'R09',
      code: 'PARENT_WILL_FAIL',
      message: `mandatory parent ${L(1)} (Loop__c) will not be restored: in a loop of mandatory links: ${links}`,
      fields: ['Loop__c'],
    });
    expect(item(p, S(1))).toMatchObject({ action: 'create', fields: { Soft__c: null } });
    expect(item(p, S(1)).omitted).toEqual([
      { field: 'Soft__c', value: L(2), rule: 'R09', reason: `optional link to ${L(2)}, which will not be restored` },
    ]);
  });

  it('R09 a chain of mandatory links into a loop is not part of the loop', () => {
    const p = planRestore(
      input({
        root: L(1),
        objects,
        records: [
          record('Loop__c', L(1), { Other__c: L(1) }),
          record('Loop__c', L(2), { Other__c: L(1) }),
          record('Loop__c', L(3), { Other__c: L(2) }),
        ],
      }),
    );
    expect(item(p, L(1)).failure?.code).toBe('MANDATORY_LOOP');
    expect(item(p, L(1)).failure?.cycle?.records).toEqual([{ sourceId: L(1), objectType: 'Loop__c' }]);
    expect(item(p, L(2)).failure).toMatchObject({ rule: 'R09', code: 'PARENT_WILL_FAIL' });
    expect(item(p, L(3)).failure).toMatchObject({ rule: 'R09', code: 'PARENT_WILL_FAIL', fields: ['Other__c'] });
  });

  it('a loop the org already has part of is no loop: the existing record is the parent', () => {
    const p = planRestore(
      input({
        root: L(1),
        objects,
        records: [record('Loop__c', L(1), { Other__c: L(2) }), record('Loop__c', L(2), { Other__c: L(1) })],
        live: { [L(2)]: exists(NEW) },
      }),
    );
    expect(item(p, L(1))).toMatchObject({ action: 'create', fields: { Other__c: L(2) } });
    expect(item(p, L(2))).toMatchObject({
      action: 'overwrite',
      idRewrites: [{ field: 'Other__c', targetSourceId: L(1) }],
    });
    expect(item(p, L(2)).wave).toBe(1);
  });
});
