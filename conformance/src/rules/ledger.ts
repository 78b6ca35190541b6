// The summary is a promise about the writes (R04): what it announces per kind and per action is what
// the job then does, item for item. These checks compare a summary with the job that wrote it (its
// counts and its failures) and with the org read before and after, and are shared by the rules whose
// scenarios reach those paths (R04 every kind and action, R08/R09 the will-fail items).
import type { ActionCounts, EngineJob, EngineSummary, OutcomeCounts } from '../engine.ts';
import { NOTE_FIELD } from '../org/world.ts';
import type { Outcome, Scenario } from '../scenario.ts';
import { demand, goneBefore, scopeOf, seenBefore } from './rule.ts';

const ZERO: ActionCounts = { create: 0, overwrite: 0, skip: 0, willFail: 0 };
const NONE: OutcomeCounts = { created: 0, updated: 0, skipped: 0, failed: 0 };

const said = (c: ActionCounts) =>
  `create ${c.create}, overwrite ${c.overwrite}, skip ${c.skip}, will-fail ${c.willFail}`;
const did = (c: OutcomeCounts) =>
  `created ${c.created}, updated ${c.updated}, skipped ${c.skipped}, failed ${c.failed}`;
const n = (v: number | undefined) => v ?? 0;

/**
 * The items that fail are the ones the summary named will-fail, with the same codes: every will-fail
 * item is among the job's failures under its code, and (with `exact`, where nothing in the org can
 * refuse a write the plan did not foresee) the job lists no other failure.
 */
export function demandWillFailIsWhatFails(
  rule: string,
  summary: EngineSummary,
  job: EngineJob,
  options: { exact: boolean },
): void {
  const key = (f: { itemId?: string | undefined; code: string }) => `${f.itemId ?? '?'} ${f.code}`;
  const announced = summary.willFail.map(key).sort();
  const failed = job.failures.map(key).sort();
  for (const item of announced)
    demand(
      rule,
      failed.includes(item),
      `the summary said ${item} will fail; the job's failures are [${failed.join(', ')}]`,
    );
  if (options.exact)
    demand(
      rule,
      failed.length === announced.length,
      `the job failed [${failed.join(', ')}], the summary announced [${announced.join(', ')}]`,
    );
  const total = summary.records.total.willFail + n(summary.files.willFail) + n(summary.attachments.willFail);
  demand(
    rule,
    total === summary.willFail.length,
    `the summary counts ${total} will-fail item(s) and lists ${summary.willFail.length}`,
  );
}

/** One kind's outcomes are its announced actions; `refused` items may move from a write to failed. */
function demandOutcomes(rule: string, what: string, announced: ActionCounts, outcome: OutcomeCounts, refused: number) {
  const ok =
    outcome.skipped === announced.skip &&
    outcome.failed === announced.willFail + refused &&
    outcome.created + outcome.updated + refused === announced.create + announced.overwrite &&
    outcome.created <= announced.create &&
    outcome.updated <= announced.overwrite;
  demand(rule, ok, `${what}: the summary said ${said(announced)}; the job ${did(outcome)}`);
}

/**
 * The metafiles end per action as announced, when the engine tells both (the planner does): a link
 * planned as an overwrite (a file still in the org, shared otherwise since the backup, R17) is
 * counted overwritten, never created, and the totals alone cannot show the difference.
 */
export function demandMetafilesAsAnnounced(rule: string, summary: EngineSummary, job: EngineJob): void {
  const m = summary.metafiles;
  const outcome = job.counts?.metafileOutcomes;
  if (!outcome || m.create === undefined) return;
  const refused = job.failures.filter((f) => f.phase === 'write' && f.objectType === 'ContentDocumentLink').length;
  const announced = { create: n(m.create), overwrite: n(m.overwrite), skip: n(m.skip), willFail: n(m.willFail) };
  demandOutcomes(rule, 'metafiles', announced, outcome, refused);
}

/**
 * Each item ends as the summary announced it: create → created, overwrite (or a file's new version)
 * → updated, skip → skipped, will-fail → failed, per object for records and per kind for files and
 * attachments; the metafiles written are the ones announced, and so is the number of items written.
 * With `noWriteFailures` (every write of the scenario is one the org takes) the equality is exact;
 * otherwise an item refused at write time may move from created/updated to failed, no further.
 */
export function demandSummaryIsWhatJobDid(
  rule: string,
  summary: EngineSummary,
  job: EngineJob,
  options: { noWriteFailures: boolean },
): void {
  const counts = job.counts;
  const writeFailures = job.failures.filter((f) => f.phase === 'write');
  if (options.noWriteFailures)
    demand(
      rule,
      writeFailures.length === 0,
      `the org refused ${writeFailures.length} write(s): ${writeFailures.map((f) => `${f.itemId} ${f.code} ${f.message}`).join('; ')}`,
    );
  const compare = (what: string, announced: ActionCounts, outcome: OutcomeCounts, refused: number) =>
    demandOutcomes(rule, what, announced, outcome, refused);
  const refusedOf = (objectType: string | undefined) =>
    writeFailures.filter((f) => (objectType === undefined ? true : f.objectType === objectType)).length;
  if (counts) {
    const objects = new Set([...Object.keys(summary.records.byObject), ...Object.keys(counts.records.byObject)]);
    for (const objectType of objects) {
      compare(
        `${objectType} records`,
        summary.records.byObject[objectType] ?? ZERO,
        counts.records.byObject[objectType] ?? NONE,
        refusedOf(objectType),
      );
    }
    const fileActions = summary.files;
    compare(
      'files',
      {
        create: n(fileActions.create),
        overwrite: n(fileActions.newVersion) + n(fileActions.overwrite),
        skip: n(fileActions.skip),
        willFail: n(fileActions.willFail),
      },
      counts.files,
      refusedOf('ContentDocument'),
    );
    compare(
      'attachments',
      {
        create: n(summary.attachments.create),
        overwrite: n(summary.attachments.overwrite),
        skip: n(summary.attachments.skip),
        willFail: n(summary.attachments.willFail),
      },
      counts.attachments,
      refusedOf('Attachment'),
    );
    demandMetafilesAsAnnounced(rule, summary, job);
  }
  if (options.noWriteFailures) {
    // Exact: the summary's metafiles are the links the job writes, for a file still in the org too
    // (the planner reads its live links and plans only those it lacks or shares otherwise).
    demand(
      rule,
      job.items.metafiles === summary.metafiles.total,
      `the job wrote ${job.items.metafiles} metafile(s), the summary announced ${summary.metafiles.total}`,
    );
    if (summary.itemsToWrite !== undefined)
      demand(
        rule,
        job.items.restored + job.items.metafiles === summary.itemsToWrite,
        `the job wrote ${job.items.restored} item(s) and ${job.items.metafiles} metafile(s), the summary announced ${summary.itemsToWrite} items to write`,
      );
  }
}

/**
 * What the org shows matches the summary's record actions, per object: a record of the scope that
 * was gone and is back was created, one whose modification time moved was overwritten, one left
 * with its time was skipped (R07's "no write at all"). Needs the org read before the restore.
 */
export function demandSummaryIsWhatOrgShows(rule: string, o: Outcome, s: Scenario): void {
  const before = seenBefore(o);
  const seen: Record<string, ActionCounts> = {};
  for (const key of scopeOf(o, s)) {
    const type = o.world.types[key] as string;
    seen[type] ??= { ...ZERO };
    const tally = seen[type];
    const was = before.rows.get(key)?.[0];
    const now = o.after.rows.get(key)?.[0];
    if (!was) {
      if (now) tally.create++;
      else tally.willFail++;
      continue;
    }
    demand(rule, now?.id === was.id, `${key} (${type}) was in the org before the restore and is not after it`);
    if (now.fields.LastModifiedDate === was.fields.LastModifiedDate) tally.skip++;
    else tally.overwrite++;
  }
  for (const type of new Set([...Object.keys(seen), ...Object.keys(o.summary.records.byObject)])) {
    const announced = o.summary.records.byObject[type] ?? ZERO;
    const shown = seen[type] ?? ZERO;
    demand(
      rule,
      announced.create === shown.create &&
        announced.overwrite === shown.overwrite &&
        announced.skip === shown.skip &&
        announced.willFail === shown.willFail,
      `${type}: the summary said ${said(announced)}; the org shows ${said(shown)}`,
    );
  }
}

/**
 * The fields the summary shows an overwrite changing are the ones that moved in the org since the
 * backup, no more: the scenario's 'modify' writes one note field (a Case's status too, which is
 * never written back, R10), so an overwritten record lists exactly that field and a record left
 * alone lists none. A field the org holds in another notation (an id's 15 or 18 characters, an
 * instant, a number as text) is the same value and is not a change.
 */
export function demandChangesAreWhatMoved(rule: string, o: Outcome, s: Scenario): void {
  const changes = o.summary.changes;
  if (!changes || changes.total > changes.items.length) return;
  for (const key of scopeOf(o, s)) {
    if (goneBefore(o, key)) continue;
    const type = o.world.types[key] as string;
    const note = NOTE_FIELD[type];
    const moved = s.changes.records[key] === 'modify' && note ? [note] : [];
    const item = changes.items.find((i) => i.itemId === `record:${o.world.ids[key]}`);
    const listed = (item?.changed ?? []).map((c) => c.field).sort();
    demand(
      rule,
      JSON.stringify(listed) === JSON.stringify(moved),
      `the summary lists [${listed.join(', ')}] as changed on ${key} (${s.changes.records[key] ?? 'leave'}); the org moved [${moved.join(', ')}]`,
    );
  }
}
