// Reading stored jobs back: a job whole again (to resume it, or to see what an earlier job wrote),
// the API's bounded view of a job not running here, and its id map page by page. A job is stored as
// a head and a journal (job-journal.ts); these read the journal only as far as they need.
import { JOB_IDS_SHOWN, type JobIdsPage } from '@restorelab/planner-api';
import {
  firstIds,
  fromWholeState,
  isHead,
  type JobHead,
  journal,
  type NumberedEntry,
  rebuild,
  viewOfHead,
} from './job-journal.ts';
import type { JobStore, StoredJob } from './job-store.ts';
import type { JobState, LiveJob, StoredPlan } from './types.ts';

/** Journal entries one page reads at most (pages end early once they hold enough ids). */
const ENTRIES_PER_READ = 16;

/**
 * A stored job whole again: its head with every id, failure and pending key from its journal. A job
 * saved whole before the journal comes with the entries to write for it (its ids and write failures),
 * so its next save moves it to the journal layout.
 */
export async function loadJob(
  jobs: JobStore,
  stored: StoredJob,
  plan: StoredPlan,
): Promise<{ state: LiveJob; unsaved: NumberedEntry[] }> {
  if (isHead(stored)) {
    return { state: rebuild(stored, await jobs.journal(stored.jobId, 0, stored.batches), plan), unsaved: [] };
  }
  const state = fromWholeState(stored);
  const failures = state.failures.filter((f) => f.phase !== 'plan');
  return { state, unsaved: journal(state, { step: state.step, ids: state.idMap, failures }) };
}

/** The API's view of a stored job: its head with the first ids of its journal. */
export async function viewOfStored(jobs: JobStore, stored: StoredJob): Promise<JobState> {
  if (!isHead(stored)) return { ...stored, idCount: Object.keys(stored.idMap).length };
  // A page is whole entries, so it may pass the number shown by part of one: cut to it.
  return viewOfHead(stored, firstIds((await idsPage(jobs, stored, undefined, JOB_IDS_SHOWN)).idMap));
}

/**
 * A page of a job's ids, from journal entry `cursor` on: whole entries, until the page holds
 * `max` ids or the journal ends; `next` is the entry the next page starts at.
 */
export async function idsPage(
  jobs: JobStore,
  stored: StoredJob,
  cursor: string | undefined,
  max = JOB_IDS_SHOWN,
): Promise<JobIdsPage> {
  if (!isHead(stored)) return cursor ? { idMap: {} } : { idMap: stored.idMap };
  const head: JobHead = stored;
  const idMap: Record<string, string> = {};
  let count = 0;
  let seq = cursor === undefined ? 0 : Number(cursor);
  while (seq < head.batches && count < max) {
    const to = Math.min(head.batches, seq + ENTRIES_PER_READ);
    for (const entry of await jobs.journal(head.jobId, seq, to)) {
      seq++;
      for (const [from, id] of Object.entries(entry.ids ?? {})) {
        if (!(from in idMap)) count++;
        idMap[from] = id;
      }
      if (count >= max) break;
    }
  }
  return seq < head.batches ? { idMap, next: String(seq) } : { idMap };
}
