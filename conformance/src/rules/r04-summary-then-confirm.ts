// R04: a summary (per object and action) comes first; nothing is written before it is confirmed.
// Branches the generator reaches: any hierarchy with 0–1 file and 0–1 attachment; each record left
// (skip), modified (overwrite) or deleted (create); each file left, versioned, touched with the same
// content or deleted; each attachment left or modified; restored from the top with related records.
// Not reached: will-fail items (nothing of the scope can fail from the top; R08/R09 hold those).
import {
  demandChangesAreWhatMoved,
  demandSummaryIsWhatJobDid,
  demandSummaryIsWhatOrgShows,
  demandWillFailIsWhatFails,
} from './ledger.ts';
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
  scenarioArb({
    records: ['leave', 'modify', 'delete'],
    files: ['leave', 'addVersion', 'sameContentVersion', 'delete'],
    // One of each is enough to reach every action; a second doubled the rule's cost (blob reads).
    maxFiles: 1,
    maxAttachments: 1,
    attachmentChanges: ['leave', 'modify'],
    method: 'related',
    secondSnapshot: false,
  }),
  (o, s) => {
    // Every write request the org answered, not only the tagged records' ids and times.
    const writes = o.writesBeforeConfirm ?? [];
    demand(
      'R04',
      writes.length === 0,
      `the org took ${writes.length} write request(s) between the summary and the confirmation: ${writes
        .slice(0, 3)
        .map((w) => `${w.method} ${w.path}`)
        .join(', ')}`,
    );
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
    // With related records the attachments of the scope are selected too (Objects/Attachment, R13).
    const attachments = s.world.attachments.filter((a) => scope.includes(a.on)).length;
    demand(
      'R04',
      o.summary.selected === scope.length + attachments,
      `summary selected ${o.summary.selected}, the request covers ${scope.length} record(s) and ${attachments} attachment(s)`,
    );
    // What the summary announced is what the job did and what the org shows, per action and kind:
    // every record of the hierarchy can be written (its parents come along), so nothing may fail.
    demandWillFailIsWhatFails('R04', o.summary, o.job, { exact: true });
    demandSummaryIsWhatJobDid('R04', o.summary, o.job, { noWriteFailures: true });
    demandSummaryIsWhatOrgShows('R04', o, s);
    demandChangesAreWhatMoved('R04', o, s);
  },
  { observeSummary: true },
);
