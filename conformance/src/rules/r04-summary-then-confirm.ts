// R04: a summary (per object and action) comes first; nothing is written before it is confirmed.
import { demand, goneBefore, scenarioArb, scenarioRule, scopeOf, seenBefore } from './rule.ts';

const fingerprint = (w: import('../org/world.ts').LiveWorld) =>
  JSON.stringify(
    [...w.rows.entries()].sort().map(([k, rows]) => [k, rows.map((r) => [r.id, r.fields.LastModifiedDate])]),
  );

export const r04 = scenarioRule(
  {
    id: 'R04',
    slug: 'summary-then-confirm',
    statement:
      'The summary counts records per action before anything is written; the org only changes after confirmation.',
  },
  scenarioArb({ records: ['leave', 'modify', 'delete'], method: 'related', secondSnapshot: false }),
  (o, s) => {
    demand(
      'R04',
      o.afterSummary !== undefined && fingerprint(o.afterSummary) === fingerprint(seenBefore(o)),
      'the org changed between the summary and the confirmation',
    );
    const scope = scopeOf(o, s);
    const gone = scope.filter((k) => goneBefore(o, k)).length;
    demand(
      'R04',
      o.summary.records.total.create === gone,
      `summary says ${o.summary.records.total.create} create(s), ${gone} record(s) of the request were gone`,
    );
    demand(
      'R04',
      o.summary.selected === scope.length,
      `summary selected ${o.summary.selected}, the request covers ${scope.length}`,
    );
  },
  { observeSummary: true },
);
