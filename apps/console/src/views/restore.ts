// The restore summary a person confirms: records per object and action, files, attachments,
// metafiles and the items that will fail with their reasons. Nothing is written before confirm.
import type { PendingPlan, RestoreSummary, SnapshotInfo } from '@restorelab/planner-api';
import { CONSOLE_BASE } from '../guard.ts';
import { changesSection } from './changes.ts';
import { summaryCounts } from './counts.ts';
import { badge, csrfField, type Html, h, itemUrl, page, seg, when } from './layout.ts';
import { restoreCrumbs } from './snapshots.ts';

export function summaryPage(csrf: string, plan: PendingPlan, rootName: string, snapshot?: SnapshotInfo): Html {
  const s = plan.summary;
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
  <div><dt>Selected</dt><dd data-count="selected">${s.selected}</dd></div>
  <div><dt>All items</dt><dd data-count="all">${s.all.total}</dd></div>
  <div><dt>To write</dt><dd data-count="to-write">${s.itemsToWrite}</dd></div>
  <div><dt>Skip</dt><dd data-count="skip">${s.all.skip}</dd></div>
  <div><dt>Will fail</dt><dd data-count="will-fail">${s.all.willFail}</dd></div>
</dl>
<p class="hint">Selected: ${selectedText(s)}. All items: those records with their files, attachments and metafiles;
to write = create + overwrite + new version.</p>
${summaryCounts(s)}
${changesSection(s)}
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

/** What the request selected, in words (R01). */
export function selectedText(s: RestoreSummary): string {
  if (s.method === 'record') return `${s.selected} (this record only)`;
  const beneath = s.selected - 1;
  return `${s.selected} (the record and the ${beneath} ${beneath === 1 ? 'item' : 'items'} beneath it: records and attachments)`;
}
