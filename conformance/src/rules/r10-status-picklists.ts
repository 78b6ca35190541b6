// R10: custom status picklists are restored; standard ones (Case.Status, ...) are left to the org.
// Branches the generator reaches: an Account with 0–2 Cases (any backed-up status) and a Field
// Programme (custom status) with Stages, each record deleted (re-created: a Case gets the org's
// default status), modified (overwritten: a modified Case was moved to another status, which the
// overwrite must leave as the org has it) or left (skipped), restored from the top with related records.
import { demand, goneBefore, only, scenarioArb, scenarioRule, scopeOf, seenBefore } from './rule.ts';

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
    records: ['delete', 'modify', 'leave'],
    method: 'related',
    secondSnapshot: false,
  }),
  (o, s) => {
    for (const key of scopeOf(o, s)) {
      const after = only(o.after, key);
      demand('R10', after, `${key} is not in the org after the restore`);
      if (after.type === 'Case' && goneBefore(o, key)) {
        demand(
          'R10',
          after.fields.Status === CASE_DEFAULT_STATUS,
          `re-created ${key} has Status ${after.fields.Status}; the org default is ${CASE_DEFAULT_STATUS}`,
        );
      } else if (after.type === 'Case') {
        // Overwritten or skipped, the Case keeps the status the org has, not the backed-up one.
        const live = only(seenBefore(o), key)?.fields.Status;
        demand(
          'R10',
          after.fields.Status === live,
          `${s.changes.records[key] === 'modify' ? 'overwritten' : 'skipped'} ${key} has Status ${after.fields.Status}; the org had ${live} (backed up ${s.world.hierarchy.cases[Number(key.slice(4))]?.status})`,
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
