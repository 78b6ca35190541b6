// The job monitor (status, progress, counts, failures with reasons, restored items → new ids) and
// the list of jobs. The live part is a fragment the monitor script fetches again after each event.
import { isTerminalJobStatus, type JobState, written } from '@restorelab/planner-api';
import { CONSOLE_BASE } from '../guard.ts';
import { jobCounts } from './counts.ts';
import {
  failureItemId,
  failureItemLink,
  type JobContext,
  jobCrumbs,
  resumeForm,
  retriesCard,
  rootLink,
} from './job-context.ts';
import { badge, csrfField, type Html, h, itemUrl, page, seg, when } from './layout.ts';

/** How many restored items the monitor lists (a big job links the rest through the API). */
export const RESTORED_LIST_CAP = 500;

export interface RestoredItem {
  oldId: string;
  newId: string;
  /** The object type from the snapshot, when known (it names the org record page). */
  type: string | undefined;
  name: string | undefined;
}

/** Which console page shows a backed-up item of this type (a file's is `File` or `ContentDocument`). */
const kindOf = (type: string | undefined) =>
  type === 'File' || type === 'ContentDocument' ? 'file' : type === 'Attachment' ? 'attachment' : 'record';

const isFinal = (job: JobState) => isTerminalJobStatus(job.status);

export function statusSentence(job: JobState): string {
  const base = `Job ${job.status}`;
  const all = job.counts.all;
  if (job.status === 'running')
    return `${base}: step ${Math.min(job.step + 1, job.steps)} of ${job.steps}, ${written(all)} written`;
  return `${base}${job.reason ? ` (${job.reason})` : ''}: ${written(all)} written, ${all.skipped} skipped, ${all.failed} failed`;
}

const statusBadge = (job: JobState) =>
  badge(
    job.status,
    job.status === 'succeeded' ? 'ok' : job.status === 'running' ? 'info' : job.status === 'failed' ? 'bad' : 'warn',
  );

/** The live part of the monitor (re-rendered while the job runs); `names`: failed items' names by id. */
export function jobLive(
  csrf: string,
  job: JobState,
  restored: RestoredItem[],
  snapshotId: string,
  names: ReadonlyMap<string, string> = new Map(),
): Html {
  const c = job.counts;
  const final = isFinal(job);
  return h`<div data-job-status data-final="${final ? 'true' : 'false'}" data-announce="${statusSentence(job)}">
${job.cancelRequested && !final ? h`<p>${badge('cancelling', 'warn')}</p>` : ''}
<p><label for="job-progress">Progress</label>
<progress id="job-progress" data-outcome="${job.status}" max="${job.steps}" value="${final ? job.steps : job.step}">step ${job.step} of ${job.steps}</progress></p>
</div>
<dl class="counts">
  <div><dt>Done</dt><dd data-count="done">${c.all.total}</dd></div>
  <div><dt>Written</dt><dd data-count="written">${written(c.all)}</dd></div>
  <div><dt>Skipped</dt><dd data-count="skipped">${c.all.skipped}</dd></div>
  <div><dt>Failed</dt><dd data-count="failed">${c.all.failed}</dd></div>
  ${retriesCard(job)}
</dl>
<p class="hint">Done = written + skipped + failed, metafiles among them; written = created + overwritten + new version.</p>
${jobCounts(c)}
<h2 id="failures">Failures (${job.failureCount})</h2>
${
  job.failures.length === 0
    ? h`<p class="empty">No failures${final ? '' : ' so far'}.</p>`
    : h`<table aria-labelledby="failures"><thead><tr><th scope="col">Item</th><th scope="col">Object</th><th scope="col">Reason</th></tr></thead>
  <tbody>${job.failures.map(
    (
      f,
    ) => h`<tr><th scope="row">${failureItemLink(itemUrl(snapshotId, kindOf(f.objectType), failureItemId(f.itemId)), f.itemId, names.get(failureItemId(f.itemId)))}</th>
    <td>${f.objectType}</td><td>${badge(f.code, 'bad')} ${f.message}${f.fields?.length ? ` (fields: ${f.fields.join(', ')})` : ''}</td></tr>`,
  )}</tbody></table>
  ${job.failureCount > job.failures.length ? h`<p>Showing the first ${job.failures.length}.</p>` : ''}`
}
<h2 id="restored">Restored items with new ids (${job.idCount})</h2>
${
  restored.length === 0
    ? h`<p class="empty">No re-created items${final ? '' : ' yet'}; overwritten records keep their ids.</p>`
    : h`<table aria-labelledby="restored" id="restored-table"><thead><tr><th scope="col">Backed-up item</th><th scope="col">Object</th><th scope="col">New id in the org</th></tr></thead>
  <tbody>${restored.map(
    (r) => h`<tr><th scope="row"><a href="${itemUrl(snapshotId, kindOf(r.type), r.oldId)}">${r.name || r.oldId}</a></th>
    <td>${r.type ?? ''}</td>
    <td>${r.type && kindOf(r.type) !== 'file' ? h`<a href="${CONSOLE_BASE}/org/records/${seg(r.type)}/${seg(r.newId)}" data-new-id="${r.newId}" data-old-id="${r.oldId}">${r.newId}</a>` : h`<code data-new-id="${r.newId}" data-old-id="${r.oldId}">${r.newId}</code>`}</td></tr>`,
  )}</tbody></table>
  ${job.idCount > restored.length ? h`<p>Showing the first ${restored.length}; the API lists all, page by page (GET /v1/jobs/${job.jobId}/ids).</p>` : ''}`
}
${resumeForm(csrf, job)}
${
  !final && !job.cancelRequested
    ? h`<form method="post" action="${CONSOLE_BASE}/jobs/${seg(job.jobId)}/cancel" class="actions">
  ${csrfField(csrf)}
  <button type="submit" class="danger">Cancel the job</button>
  <span class="hint">Work already sent finishes; nothing more is written.</span>
</form>`
    : ''
}`;
}

export function jobPage(csrf: string, job: JobState, restored: RestoredItem[], context: JobContext): Html {
  const url = `${CONSOLE_BASE}/jobs/${seg(job.jobId)}`;
  return page(
    {
      title: `Restore job ${job.jobId}`,
      csrf,
      crumbs: jobCrumbs(job, context),
      scripts: ['job-monitor.js'],
    },
    h`<p>Restoring ${rootLink(job, context.rootName)}
(${job.request.method === 'related' ? 'with related records' : 'this record only'}) into org <code>${job.orgId}</code>;
started ${when(job.createdAt)}${job.finishedAt ? h`, finished ${when(job.finishedAt)}` : ''}.
<a href="${CONSOLE_BASE}/restores/${seg(job.planId)}">The summary it confirmed</a>.</p>
<p id="job-announce" role="status" class="visually-plain">${statusSentence(job)}</p>
<div id="job-live" data-fragment="${url}/live" data-events="${url}/events" data-final="${isFinal(job) ? 'true' : 'false'}">
${jobLive(csrf, job, restored, job.request.snapshotId, context.failureNames)}
</div>
<noscript><p><a href="${url}">Reload</a> to see the latest progress.</p></noscript>`,
  );
}

/** `rootNames`: each job's root record name by job id, where its snapshot still names it. */
export function jobsPage(csrf: string, jobs: JobState[], rootNames: ReadonlyMap<string, string>): Html {
  return page(
    { title: 'Restore jobs', csrf, crumbs: [{ label: 'Orgs', href: CONSOLE_BASE }, { label: 'Restore jobs' }] },
    h`<table>
  <caption>Jobs, newest first</caption>
  <thead><tr><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Root record</th><th scope="col">Method</th>
  <th scope="col" class="num">Written</th><th scope="col" class="num">Failed</th><th scope="col">Started</th></tr></thead>
  <tbody>
  ${
    jobs.length === 0
      ? h`<tr><td colspan="7" class="empty">No restore jobs yet.</td></tr>`
      : jobs.map(
          (j) => h`<tr><th scope="row"><a href="${CONSOLE_BASE}/jobs/${seg(j.jobId)}">${j.jobId}</a></th>
    <td>${statusBadge(j)}</td><td>${rootLink(j, rootNames.get(j.jobId))}</td><td>${j.request.method}</td>
    <td class="num">${written(j.counts.all)}</td><td class="num">${j.counts.all.failed}</td><td>${when(j.createdAt)}</td></tr>`,
        )
  }
  </tbody>
</table>`,
  );
}

/** A record as it is now in the org (where the monitor's new-id links lead). */
export function orgRecordPage(
  csrf: string,
  type: string,
  id: string,
  fields: Array<[string, string | undefined]>,
): Html {
  return page(
    {
      title: `${type} ${id} in the org`,
      csrf,
      crumbs: [{ label: 'Restore jobs', href: `${CONSOLE_BASE}/jobs` }, { label: id }],
    },
    h`<p>The record as the org holds it now (read through the API).</p>
<table><caption>Fields</caption><thead><tr><th scope="col">Field</th><th scope="col">Value</th></tr></thead>
<tbody>${fields.map(
      ([name, value]) =>
        h`<tr><th scope="row"><code>${name}</code></th><td>${value === undefined ? h`<span class="empty">empty</span>` : value}</td></tr>`,
    )}</tbody></table>`,
  );
}
