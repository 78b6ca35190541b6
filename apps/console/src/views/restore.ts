// The restore summary a person confirms: records per object and action, files, attachments,
// metafiles and the items that will fail with their reasons. Nothing is written before confirm.
import type { PendingPlan, SnapshotInfo } from '@restorelab/planner-api';
import { CONSOLE_BASE } from '../guard.ts';
import { badge, csrfField, type Html, h, itemUrl, page, seg, when } from './layout.ts';
import { restoreCrumbs } from './snapshots.ts';

export function summaryPage(csrf: string, plan: PendingPlan, rootName: string, snapshot?: SnapshotInfo): Html {
  const s = plan.summary;
  const objects = Object.entries(s.records.byObject).sort(([a], [b]) => a.localeCompare(b));
  const rootUrl = itemUrl(plan.request.snapshotId, 'record', plan.request.rootId);
  return page(
    {
      title: 'Restore summary',
      csrf,
      crumbs: restoreCrumbs(snapshot, { label: rootName || plan.request.rootId, href: rootUrl }, 'Restore summary'),
    },
    h`<p>Restoring <a href="${rootUrl}">${rootName || plan.request.rootId}</a>
${plan.request.method === 'related' ? 'with every related record beneath it' : 'alone (no related records)'}
from snapshot <code>${plan.request.snapshotId}</code> into org <code>${plan.orgId}</code>. Planned ${when(plan.createdAt)}.</p>
<dl class="counts">
  <div><dt>Selected</dt><dd>${s.selected}</dd></div>
  <div><dt>Items to write</dt><dd>${s.itemsToWrite}</dd></div>
  <div><dt>Metafiles</dt><dd>${s.metafiles.total}</dd></div>
  <div><dt>Will fail</dt><dd>${s.willFail.length}</dd></div>
</dl>
<table>
  <caption>Records per object and action</caption>
  <thead><tr><th scope="col">Object</th><th scope="col" class="num">Create</th><th scope="col" class="num">Overwrite</th>
  <th scope="col" class="num">Skip (unchanged)</th><th scope="col" class="num">Will fail</th></tr></thead>
  <tbody>
  ${objects.map(
    ([name, c]) => h`<tr><th scope="row">${name}</th><td class="num">${c.create}</td><td class="num">${c.overwrite}</td>
    <td class="num">${c.skip}</td><td class="num">${c.willFail}</td></tr>`,
  )}
  </tbody>
  <tfoot><tr><th scope="row">All records</th><td class="num">${s.records.total.create}</td><td class="num">${s.records.total.overwrite}</td>
  <td class="num">${s.records.total.skip}</td><td class="num">${s.records.total.willFail}</td></tr></tfoot>
</table>
<table>
  <caption>Files and attachments</caption>
  <thead><tr><th scope="col">Kind</th>${actionHeads(s.files, s.attachments)}</tr></thead>
  <tbody>
    <tr><th scope="row">Files</th>${actionCells(s.files, s.files, s.attachments)}</tr>
    <tr><th scope="row">Attachments</th>${actionCells(s.attachments, s.files, s.attachments)}</tr>
  </tbody>
</table>
<p>Metafiles (supporting items written besides what you selected): ${s.metafiles.fileLinks} file sharing link${s.metafiles.fileLinks === 1 ? '' : 's'},
${s.metafiles.ownerLinks} owner link${s.metafiles.ownerLinks === 1 ? '' : 's'}.</p>
<h2 id="will-fail">Items that will fail (${s.willFail.length})</h2>
${
  s.willFail.length === 0
    ? h`<p class="empty">None: every selected item can be written.</p>`
    : h`<table aria-labelledby="will-fail"><thead><tr><th scope="col">Item</th><th scope="col">Object</th><th scope="col">Reason</th></tr></thead>
  <tbody>${s.willFail.map(
    (w) => h`<tr><th scope="row"><code>${w.itemId}</code></th><td>${w.objectType}</td>
    <td>${badge(w.code, 'bad')} ${w.message}</td></tr>`,
  )}</tbody></table>`
}
${
  plan.jobId
    ? h`<p class="notice">This restore was confirmed: <a href="${CONSOLE_BASE}/jobs/${seg(plan.jobId)}">follow its job</a>.</p>`
    : h`<form method="post" action="${CONSOLE_BASE}/restores/${seg(plan.planId)}/confirm" class="actions">
  ${csrfField(csrf)}
  <button type="submit">Confirm and restore</button>
  <a href="${rootUrl}">Back to the record</a>
</form>`
}`,
  );
}

function actionNames(...counts: Record<string, number>[]): string[] {
  return [...new Set(counts.flatMap((c) => Object.keys(c)))];
}

const ACTION_LABELS: Record<string, string> = {
  create: 'Create',
  newVersion: 'New version',
  overwrite: 'Overwrite',
  skip: 'Skip (unchanged)',
  willFail: 'Will fail',
};

function actionHeads(...all: Record<string, number>[]): Html {
  return h`${actionNames(...all).map((a) => h`<th scope="col" class="num">${ACTION_LABELS[a] ?? a}</th>`)}`;
}

function actionCells(counts: Record<string, number>, ...all: Record<string, number>[]): Html {
  return h`${actionNames(...all).map((a) => h`<td class="num">${counts[a] ?? 0}</td>`)}`;
}
