// What the job monitor says around the counts: where the job sits (breadcrumbs through its org and
// snapshot), its root record by name, the retries card, and the resume button for a job the org's
// daily API allocation stopped. Kept apart from the counts (views/job.ts) so each can change alone.
import type { JobState, SnapshotInfo } from '@restorelab/planner-api';
import { CONSOLE_BASE } from '../guard.ts';
import { type Crumb, csrfField, type Html, h, itemUrl, seg } from './layout.ts';
import { snapshotCrumbs } from './snapshots.ts';

/** What the monitor knows about a job beyond its state (absent once its snapshot is gone). */
export interface JobContext {
  rootName: string | undefined;
  snapshot: SnapshotInfo | undefined;
  /** Failed items' names by id. */
  failureNames: ReadonlyMap<string, string>;
}

/** Orgs › org › snapshot › job; without the snapshot, Orgs › org › job. */
export function jobCrumbs(job: JobState, context: JobContext): Crumb[] {
  const upTo = context.snapshot
    ? snapshotCrumbs(context.snapshot, '')
    : [
        { label: 'Orgs', href: CONSOLE_BASE },
        { label: job.orgId, href: `${CONSOLE_BASE}/orgs/${seg(job.orgId)}` },
      ];
  return [...upTo, { label: job.jobId }];
}

/** The root record by its name (the id on hover), linked to its page in the snapshot. */
export const rootLink = (job: JobState, name: string | undefined): Html =>
  h`<a href="${itemUrl(job.request.snapshotId, 'record', job.request.rootId)}" title="${job.request.rootId}">${name || job.request.rootId}</a>`;

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

/**
 * Every retry the job went through: calls the writers tried again (503, row locks, expired
 * sessions) plus results that arrived twice (redeliveries); a resumed job says how often.
 */
export function retriesCard(job: JobState): Html {
  const writers = job.writerRetries ?? 0;
  const resumes = (job.attempt ?? 1) - 1;
  return h`<div><dt>Retries</dt><dd data-count="retries">${writers + job.retries}</dd>
<dd class="count-note">${writers} call${writers === 1 ? '' : 's'} tried again, ${job.retries} redelivered${resumes > 0 ? `; resumed ${times(resumes)}` : ''}</dd></div>`;
}

/** A failed job that ran out of daily API requests can run again once the org has requests left. */
export const canResume = (job: JobState): boolean =>
  job.status === 'failed' && job.failures.some((f) => f.code === 'REQUEST_LIMIT_EXCEEDED');

export function resumeForm(csrf: string, job: JobState): Html {
  if (!canResume(job)) return h``;
  return h`<form method="post" action="${CONSOLE_BASE}/jobs/${seg(job.jobId)}/resume" class="actions">
  ${csrfField(csrf)}
  <button type="submit">Resume the job</button>
  <span class="hint">The org ran out of daily API requests. Once it has requests again, resume: only the items not written yet are written.</span>
</form>`;
}

/** A failure's item key (`record:a02…`, `attachment:00P…`) as the backed-up item's id. */
export const failureItemId = (key: string): string => key.replace(/^[a-z]+:/, '');

/** A failed item by its name (the id on hover), linked to its page in the snapshot. */
export const failureItemLink = (href: string, key: string, name: string | undefined): Html =>
  h`<a href="${href}" title="${failureItemId(key)}">${name || h`<code>${failureItemId(key)}</code>`}</a>`;
