// R10: custom status picklists are restored; standard ones (Case.Status, ...) are left to the org.
import { demand, goneBefore, only, scenarioArb, scenarioRule, scopeOf } from './rule.ts';

const CASE_DEFAULT_STATUS = 'New';

export const r10 = scenarioRule(
  {
    id: 'R10',
    slug: 'status-picklists',
    statement:
      'Custom status picklists come back as backed up; standard status fields (Case.Status, ...) keep what the org gives.',
  },
  scenarioArb({
    hierarchy: { account: true, recordType: 'Field' },
    records: ['delete', 'leave'],
    method: 'related',
    secondSnapshot: false,
  }),
  (o, s) => {
    for (const key of scopeOf(o, s)) {
      const after = only(o.after, key);
      if (!after) continue;
      if (after.type === 'Case' && goneBefore(o, key)) {
        demand(
          'R10',
          after.fields.Status === CASE_DEFAULT_STATUS,
          `re-created ${key} has Status ${after.fields.Status}; the org default is ${CASE_DEFAULT_STATUS}`,
        );
      }
      if (after.type === 'Programme__c') {
        demand(
          'R10',
          after.fields.Status__c === s.world.hierarchy.status,
          `Programme status is ${after.fields.Status__c}, backed up ${s.world.hierarchy.status}`,
        );
      }
    }
  },
);
