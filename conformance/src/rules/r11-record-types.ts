// R11: a re-created record comes back under the master record type, without values the master
// does not allow; an existing record keeps its record type; values are filtered for the record type
// the written record has, so restoring again (onto the first restore's copy, now of the master
// record type) writes no value the master does not allow either.
// Branches the generator reaches: a Lab Programme (any Lab status, Lab-only 'Lab Hold' included)
// deleted (re-created: master record type, disallowed status dropped) or modified (overwritten: keeps
// Lab), restored record only, once or twice (the second restore writes onto the first one's copy).
import { STATUSES_BY_RECORD_TYPE } from '../generators/hierarchy.ts';
import type { Scenario } from '../scenario.ts';
import { demand, goneBefore, only, scenarioArb, scenarioRule, seenBefore } from './rule.ts';

const MASTER = new Set([null, undefined, '012000000000000AAA']);

const rule = scenarioRule(
  {
    id: 'R11',
    slug: 'record-types',
    statement:
      'A re-created record comes back under the master record type without values the master disallows; an overwritten one keeps its type; every write is filtered for the type the record has.',
  },
  scenarioArb({
    hierarchy: { recordType: 'Lab', account: false },
    records: ['delete', 'modify'],
    roots: 'prog',
    method: 'record',
    secondSnapshot: false,
    repeat: 'maybe',
  }),
  (o, s) => {
    for (const [which, job] of [
      ['the restore', o.first?.job ?? o.job],
      ['the repeated restore', o.first ? o.job : undefined],
    ] as const) {
      if (!job) continue;
      demand(
        'R11',
        job.status === 'succeeded',
        `${which} of the Programme ended ${job.status}: ${job.failures.map((f) => `${f.code} ${f.message}`).join('; ')}`,
      );
    }
    const copies = o.after.rows.get('prog') ?? [];
    demand('R11', copies.length <= 1, `the Programme exists ${copies.length} times`);
    const after = only(o.after, 'prog');
    // Deleted or modified, the Programme is restored: a missing one is a finding, not a pass.
    demand('R11', after, `the Programme is not in the org after the restore (${s.changes.records.prog})`);
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

/**
 * Always tried: a Lab Programme with a status only Lab allows, deleted, restored twice. The second
 * restore once wrote the dropped status onto the first one's copy (master record type) and failed.
 */
const restoredTwice: Scenario = {
  world: {
    hierarchy: { account: false, cases: [], recordType: 'Lab', status: 'Lab Hold', stages: [], leadStage: false },
    files: [],
    attachments: [],
  },
  secondSnapshot: false,
  changes: { records: { prog: 'delete' }, files: [] },
  sameTime: false,
  request: { root: 'prog', method: 'record', snapshot: 'default' },
  repeat: true,
};

export const r11 = { ...rule, examples: [restoredTwice] };
