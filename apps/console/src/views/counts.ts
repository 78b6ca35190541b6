// The one count model on the console's pages (@restorelab/planner-api, schemas/counts.ts): one table
// per summary or job, a row per object type, then records, files, attachments and metafiles, then
// all of them; every Total cell is the sum of the cells beside it, and the last row the sum of the
// kind rows. A note under each table says what a metafile is.
import type { JobCounts, OutcomeCounts, PlannedCounts, RestoreSummary } from '@restorelab/planner-api';
import { type Html, h } from './layout.ts';

const PLANNED = [
  ['create', 'Create'],
  ['overwrite', 'Overwrite'],
  ['newVersion', 'New version'],
  ['skip', 'Skip (unchanged)'],
  ['willFail', 'Will fail'],
] as const;

const OUTCOME = [
  ['created', 'Created'],
  ['overwritten', 'Overwritten'],
  ['newVersion', 'New version'],
  ['skipped', 'Skipped'],
  ['failed', 'Failed'],
] as const;

type Row<C> = { label: string; counts: C; kind: 'object' | 'kind' | 'all' };

function rows<C>(
  byObject: Record<string, C>,
  kinds: { records: C; files: C; attachments: C; metafiles: C; all: C },
): Row<C>[] {
  return [
    ...Object.entries(byObject)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, counts]) => ({ label, counts, kind: 'object' as const })),
    { label: 'Records', counts: kinds.records, kind: 'kind' },
    { label: 'Files', counts: kinds.files, kind: 'kind' },
    { label: 'Attachments', counts: kinds.attachments, kind: 'kind' },
    { label: 'Metafiles', counts: kinds.metafiles, kind: 'kind' },
    { label: 'All items', counts: kinds.all, kind: 'all' },
  ];
}

function table<C extends Record<K | 'total', number>, K extends string>(
  caption: string,
  id: string,
  columns: ReadonlyArray<readonly [K, string]>,
  body: Row<C>[],
): Html {
  return h`<table id="${id}" class="counts-table">
  <caption>${caption}</caption>
  <thead><tr><th scope="col">Item</th>${columns.map(([, label]) => h`<th scope="col" class="num">${label}</th>`)}<th scope="col" class="num">Total</th></tr></thead>
  <tbody>${body.map(
    (r) =>
      h`<tr class="${r.kind}" data-row="${r.label}"><th scope="row"${r.kind === 'object' ? h` class="indent" title="${r.label} records"` : ''}>${r.label}</th>${columns.map(
        ([key]) => h`<td class="num" data-col="${key}">${r.counts[key]}</td>`,
      )}<td class="num" data-col="total">${r.counts.total}</td></tr>`,
  )}</tbody>
</table>`;
}

/** What a metafile is, with the summary's two kinds of link when known. */
export function metafileNote(links?: { fileLinks: number; ownerLinks: number }): Html {
  const parts = links
    ? h` Here: ${links.fileLinks} link${links.fileLinks === 1 ? '' : 's'} that attach a file to a record or person and share it, and
${links.ownerLinks} owner link${links.ownerLinks === 1 ? '' : 's'} the org makes with each file created.`
    : '';
  return h`<p class="hint">Metafiles are the sharing links (ContentDocumentLink) written beside the files: nobody selects them and
Salesforce shows them as no item of their own, but a file needs them to be attached and shared.${parts}</p>`;
}

/** The summary's counts: each item of the restore, per planned action. */
export function summaryCounts(s: RestoreSummary): Html {
  const kinds = {
    records: s.records.total,
    files: s.files,
    attachments: s.attachments,
    metafiles: s.metafiles as PlannedCounts,
    all: s.all,
  };
  return h`${table('Items per action', 'summary-counts', PLANNED, rows(s.records.byObject, kinds))}
${metafileNote(s.metafiles)}`;
}

/** The job's counts: each item it has finished with, per outcome. */
export function jobCounts(c: JobCounts): Html {
  const kinds = {
    records: c.records.total,
    files: c.files,
    attachments: c.attachments,
    metafiles: c.metafiles,
    all: c.all,
  };
  return h`${table<OutcomeCounts, (typeof OUTCOME)[number][0]>('Items per outcome', 'job-counts', OUTCOME, rows(c.records.byObject, kinds))}
${c.unattributed > 0 ? h`<p class="notice">Besides: ${c.unattributed} failure${c.unattributed === 1 ? '' : 's'} tied to no item (a message the writers refused), listed under Failures.</p>` : ''}
${metafileNote()}`;
}
