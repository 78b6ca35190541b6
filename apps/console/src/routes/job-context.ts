// What the job pages read besides the job: its snapshot (for the breadcrumbs) and the names of root
// records. A snapshot deleted since the job ran leaves them out rather than failing the page.
import type { JobState, PlannerApiClient } from '@restorelab/planner-api';
import { toId18 } from '@restorelab/salesforce';
import { failureItemId, type JobContext } from '../views/job-context.ts';

export async function loadJobContext(api: PlannerApiClient, job: JobState): Promise<JobContext> {
  const [snapshot, names, failureNames] = await Promise.all([
    api.snapshot(job.request.snapshotId).catch(() => undefined),
    rootNames(api, [job]),
    failedItemNames(api, job),
  ]);
  return { snapshot, rootName: names.get(job.jobId), failureNames };
}

/** The names of the job's failed items by id (as the failures spell it), from its snapshot. */
export async function failedItemNames(api: PlannerApiClient, job: JobState): Promise<Map<string, string>> {
  const ids = [...new Set(job.failures.map((f) => failureItemId(f.itemId)))].slice(0, 500);
  if (ids.length === 0) return new Map();
  const hits = await api.items(job.request.snapshotId, ids).catch(() => []);
  const byId = new Map(hits.map((hit) => [hit.id, hit.name]));
  const names = new Map<string, string>();
  for (const id of ids) {
    const name = byId.get(toId18(id) ?? id);
    if (name) names.set(id, name);
  }
  return names;
}

/** Each job's root record name by job id (one lookup per snapshot). */
export async function rootNames(api: PlannerApiClient, jobs: readonly JobState[]): Promise<Map<string, string>> {
  const bySnapshot = new Map<string, JobState[]>();
  for (const job of jobs)
    bySnapshot.set(job.request.snapshotId, [...(bySnapshot.get(job.request.snapshotId) ?? []), job]);
  const names = new Map<string, string>();
  for (const [snapshotId, group] of bySnapshot) {
    const hits = await api.items(snapshotId, [...new Set(group.map((j) => j.request.rootId))]).catch(() => []);
    const byId = new Map(hits.map((hit) => [hit.id, hit.name]));
    for (const job of group) {
      const name = byId.get(toId18(job.request.rootId) ?? job.request.rootId);
      if (name) names.set(job.jobId, name);
    }
  }
  return names;
}
