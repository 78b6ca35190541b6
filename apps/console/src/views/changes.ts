// R04 on the summary page: what the restore changes, item by item: for an overwrite, each field
// whose org value differs (old → new); for any item, each backed-up value that is not written and
// why. The first items in full (the summary's limit), the rest counted.
import type { RestoreSummary } from '@restorelab/planner-api';
import { type Html, h } from './layout.ts';

function shown(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'empty';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function changesSection(s: RestoreSummary): Html {
  const c = s.changes;
  const rules = Object.entries(c.dropped).sort(([a], [b]) => a.localeCompare(b));
  return h`<h2 id="changes">What will change (${c.total} item${c.total === 1 ? '' : 's'})</h2>
${
  c.total === 0
    ? h`<p class="empty">Nothing is overwritten and no backed-up value is left out.</p>`
    : h`${rules.length ? h`<p data-dropped>Values not written: ${rules.map(([rule, n], i) => h`${i ? ', ' : ''}<span data-rule="${rule}">${rule} ${n}</span>`)}.</p>` : ''}
${c.items.length < c.total ? h`<p class="notice">Showing the first ${c.items.length} of ${c.total}; the rest are counted above (the API lists all when asked with <code>allChanges</code>).</p>` : ''}
<table aria-labelledby="changes" id="changes-table"><thead><tr><th scope="col">Item</th><th scope="col">Field</th>
<th scope="col">In the org now</th><th scope="col">Written</th><th scope="col">Why</th></tr></thead>
<tbody>${c.items.map(
        (item) =>
          h`${(item.changed ?? []).map(
            (
              f,
            ) => h`<tr data-change="field"><th scope="row"><code>${item.itemId}</code> ${item.objectType}</th><td>${f.field}</td>
  <td>${shown(f.from)}</td><td>${shown(f.to)}</td><td>overwrite (R07)</td></tr>`,
          )}${item.dropped.map(
            (
              d,
            ) => h`<tr data-change="dropped"><th scope="row"><code>${item.itemId}</code> ${item.objectType}</th><td>${d.field}</td>
  <td></td><td>not written (backed up: ${shown(d.value)})</td><td>${d.rule}: ${d.reason}</td></tr>`,
          )}${
            item.action === 'overwrite' && !item.changed?.length && item.dropped.length === 0
              ? h`<tr><th scope="row"><code>${item.itemId}</code> ${item.objectType}</th><td colspan="4">overwrite: ${item.changed ? 'no field differs from the org' : 'the org’s values were not read'}</td></tr>`
              : ''
          }`,
      )}</tbody></table>`
}`;
}
