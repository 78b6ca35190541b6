// A job that waited for overlapping jobs is planned again before it runs: from the same request and
// snapshot, against the org as those jobs left it (their copies, R06/R07), with every item they wrote
// from the same snapshot counted as unchanged (overlap.ts), so no item is written twice.
import type { SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import { initialState } from './job-state.ts';
import type { JobStore } from './job-store.ts';
import { loadJob } from './job-views.ts';
import { writtenItems } from './overlap.ts';
import { prepareRestore } from './prepare.ts';
import type { JobState, PendingPlan, StoredPlan } from './types.ts';

export type PlannedAgain =
  | { pending: PendingPlan; stored: StoredPlan; state: JobState; unchanged: number }
  | { failure: string };

export interface PlanAgainDeps {
  conn: Connection;
  store: SnapshotStore;
  jobs: JobStore;
  orgId: string | undefined;
}

/** The job's new plan, and its state started afresh from it (claims still to take). */
export async function planAgain(
  { conn, store, jobs, orgId }: PlanAgainDeps,
  state: JobState,
  stored: StoredPlan,
  waitedFor: string[],
): Promise<PlannedAgain> {
  const requested = stored.requested ?? {
    recordId: state.request.rootId,
    method: state.request.method,
    snapshotId: state.request.snapshotId,
  };
  const written = new Set<string>();
  for (const earlier of waitedFor) {
    const head = await jobs.job(earlier);
    const plan = head ? await jobs.storedPlan(head.planId) : undefined;
    if (!head || !plan) continue;
    // Its failures whole, from its journal: the job document shows the first ones only.
    const { state: job } = await loadJob(jobs, head, plan);
    for (const id of writtenItems(job, plan, requested.snapshotId)) written.add(id);
  }
  try {
    const writeMode = stored.writeMode ? { writeMode: stored.writeMode } : {};
    const prepared = await prepareRestore(conn, store, { ...requested, ...writeMode }, orgId, undefined, written);
    const pending = { ...prepared.pending, planId: state.planId };
    const again = { ...prepared.stored, planId: state.planId };
    const fresh = initialState(state.jobId, pending, again, new Date().toISOString());
    return {
      pending,
      stored: again,
      state: { ...fresh, createdAt: state.createdAt, claims: 'taking', waitedFor },
      unchanged: written.size,
    };
  } catch (err) {
    return { failure: `not planned again: ${err instanceof Error ? err.message : String(err)}` };
  }
}
