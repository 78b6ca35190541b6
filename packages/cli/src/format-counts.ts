// The one count model in the terminal (@restorelab/planner-api, schemas/counts.ts): a table per
// summary or job with a row per object type, then records, files, attachments, metafiles and all;
// every TOTAL is the sum of the columns beside it and the `all` row the sum of the kind rows. And
// one-line forms for the demo and progress, built from the same counts.
import type { JobCounts, OutcomeCounts, PlannedCounts, RestoreSummary } from '@restorelab/planner-api';
import { table } from './format.ts';

/** What a metafile is, said wherever metafiles are counted. */
export const METAFILE_MEANING =
  'metafiles: the sharing links (ContentDocumentLink) written beside the files, which attach a file to records and share it';

const PLANNED: ReadonlyArray<readonly [keyof PlannedCounts, string]> = [
  ['create', 'CREATE'],
  ['overwrite', 'OVERWRITE'],
  ['newVersion', 'NEW VERSION'],
  ['skip', 'SKIP'],
  ['willFail', 'WILL FAIL'],
];

const OUTCOME: ReadonlyArray<readonly [keyof OutcomeCounts, string]> = [
  ['created', 'CREATED'],
  ['overwritten', 'OVERWRITTEN'],
  ['newVersion', 'NEW VERSION'],
  ['skipped', 'SKIPPED'],
  ['failed', 'FAILED'],
];

interface Kinds<C> {
  records: C;
  files: C;
  attachments: C;
  metafiles: C;
  all: C;
}

function countsTable<C extends Record<string, number>>(
  columns: ReadonlyArray<readonly [keyof C & string, string]>,
  byObject: Record<string, C>,
  kinds: Kinds<C>,
): string[] {
  const row = (label: string, c: C) => [label, ...columns.map(([k]) => String(c[k])), String(c.total)];
  const objects = Object.entries(byObject)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, c]) => row(`  ${type}`, c));
  return table([
    ['', ...columns.map(([, label]) => label), 'TOTAL'],
    ...objects,
    row('records', kinds.records),
    row('files', kinds.files),
    row('attachments', kinds.attachments),
    row('metafiles', kinds.metafiles),
    row('all', kinds.all),
  ]);
}

/** The summary's items per action, object by object and kind by kind. */
export function summaryCountLines(s: RestoreSummary): string[] {
  const kinds: Kinds<PlannedCounts> = {
    records: s.records.total,
    files: s.files,
    attachments: s.attachments,
    metafiles: s.metafiles,
    all: s.all,
  };
  return [
    ...countsTable(PLANNED, s.records.byObject, kinds),
    `to write: ${s.itemsToWrite} (create + overwrite + new version of all items)`,
    `${METAFILE_MEANING}: ${s.metafiles.fileLinks} to records and people, ${s.metafiles.ownerLinks} owner ${s.metafiles.ownerLinks === 1 ? 'link' : 'links'} the org makes with each created file`,
  ];
}

/** The job's items per outcome, object by object and kind by kind. */
export function jobCountLines(c: JobCounts): string[] {
  const kinds: Kinds<OutcomeCounts> = {
    records: c.records.total,
    files: c.files,
    attachments: c.attachments,
    metafiles: c.metafiles,
    all: c.all,
  };
  const lines = countsTable(OUTCOME, c.records.byObject, kinds);
  if (c.unattributed > 0)
    lines.push(
      `and ${c.unattributed} ${c.unattributed === 1 ? 'failure' : 'failures'} tied to no item (a message the writers refused), listed below`,
    );
  lines.push(METAFILE_MEANING);
  return lines;
}

/** What the request selected, in words (R01). */
export function selectedWords(s: Pick<RestoreSummary, 'selected' | 'method'>): string {
  if (s.method === 'record') return `${s.selected} (this record only)`;
  const beneath = s.selected - 1;
  return `${s.selected} (the record and the ${beneath} ${beneath === 1 ? 'item' : 'items'} beneath it: records and attachments)`;
}

/** One line of planned counts: "7 (3 create, 2 overwrite, 2 skip)". */
export function plannedInWords(c: PlannedCounts): string {
  const parts = PLANNED.filter(([k]) => c[k] > 0).map(([k, label]) => `${c[k]} ${label.toLowerCase()}`);
  return parts.length ? `${c.total} (${parts.join(', ')})` : '0';
}

/** One line of outcomes: "7 (3 created, 2 overwritten, 2 skipped)". */
export function outcomesInWords(c: OutcomeCounts): string {
  const parts = OUTCOME.filter(([k]) => c[k] > 0).map(([k, label]) => `${c[k]} ${label.toLowerCase()}`);
  return parts.length ? `${c.total} (${parts.join(', ')})` : '0';
}

/** A value as a person reads it in one line: strings quoted, long ones cut, null as "empty". */
export function shownValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'empty';
  const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * What the restore changes (R04): per item, the fields an overwrite changes (old → new) and every
 * value not written with its rule and reason; the first `limit` items, the rest counted.
 */
export function changeLines(s: RestoreSummary): string[] {
  const c = s.changes;
  if (c.total === 0) return ['Changes: none beyond the counts above (no overwrite, no value left out)'];
  const perRule = Object.entries(c.dropped)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  const lines = [
    `Changes: ${c.total} ${c.total === 1 ? 'item overwrites or leaves out' : 'items overwrite or leave out'} values` +
      (c.items.length < c.total
        ? ` (the first ${c.items.length} shown; GET /v1/restores/<planId>/changes lists all)`
        : ''),
  ];
  if (perRule) lines.push(`  values not written, per rule: ${perRule}`);
  for (const item of c.items) {
    lines.push(`  ${item.objectType} ${item.itemId} (${item.action})`);
    if (item.action === 'overwrite' && item.changed === undefined) lines.push('    fields: the org was not read');
    else if (item.changed?.length === 0) lines.push('    fields: none differ from the org');
    for (const f of item.changed ?? []) lines.push(`    ${f.field}: ${shownValue(f.from)} → ${shownValue(f.to)}`);
    for (const d of item.dropped)
      lines.push(`    not written: ${d.field} = ${shownValue(d.value)} (${d.rule}: ${d.reason})`);
  }
  return lines;
}
