// R11: a re-created record comes back under the master record type, without values the master
// does not allow; an existing record keeps its record type.
import { STATUSES_BY_RECORD_TYPE } from '../generators/hierarchy.ts';
import { demand, goneBefore, only, scenarioArb, scenarioRule, seenBefore } from './rule.ts';

const MASTER = new Set([null, undefined, '012000000000000AAA']);

export const r11 = scenarioRule(
  {
    id: 'R11',
    slug: 'record-types',
    statement:
      'A re-created record comes back under the master record type without values the master disallows; an overwritten one keeps its type.',
  },
  scenarioArb({
    hierarchy: { recordType: 'Lab', account: false },
    records: ['delete', 'modify'],
    roots: 'prog',
    method: 'record',
    secondSnapshot: false,
  }),
  (o, s) => {
    const after = only(o.after, 'prog');
    if (!after) return;
    if (goneBefore(o, 'prog')) {
      demand(
        'R11',
        MASTER.has(after.fields.RecordTypeId as string),
        `re-created Programme has record type ${after.fields.RecordTypeId}, not the master`,
      );
      const allowed = STATUSES_BY_RECORD_TYPE.master.includes(s.world.hierarchy.status);
      if (!allowed)
        demand(
          'R11',
          after.fields.Status__c !== s.world.hierarchy.status,
          `re-created Programme kept status ${s.world.hierarchy.status}, which the master record type does not allow`,
        );
    } else {
      demand(
        'R11',
        after.fields.RecordTypeId === only(seenBefore(o), 'prog')?.fields.RecordTypeId,
        'an overwritten Programme changed record type',
      );
    }
  },
);
