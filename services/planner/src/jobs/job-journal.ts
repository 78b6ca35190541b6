// A job's state as it is kept in KV, without NATS. The state of a large job is mostly its id map
// (one entry per re-created record) and its failures; saving all of it as one value costs time in
// proportion to the job at every commit and stops working past the server's message limit (1 MB,
// about 24,000 records). So a job is kept as:
// - its head (`job.<id>`): status, counters, step pointers and the first few failures, a bounded
//   value written at every save;
// - its journal (`job.<id>.b.<n>`): one entry per answered batch (and per step's blocked items),
//   holding the ids and failures that answer brought, written once, with the save that commits it.
// The head counts the entries it commits (`batches`): an entry past that count was written by a
// save that never finished, and is overwritten by the next one. See docs/decisions/job-journal.md.
import { JOB_FAILURES_SHOWN, JOB_IDS_SHOWN } from '@restorelab/planner-api';
import { currentStep, planFailures } from './job-state.ts';
import type { JobFailure, JobState, LiveJob, StoredPlan } from './types.ts';

/** What the head of a job holds: everything but the id map, the pending keys and most failures. */
export interface JobHead extends Omit<LiveJob, 'idMap' | 'pending'> {
  layout: 2;
  /** Work of the current step still pending (the keys themselves are worked out again on resume). */
  pendingCount: number;
}

/** One journal entry: what one answer (or one step's blocked items) taught the job. */
export interface JournalEntry {
  attempt: number;
  step: number;
  /** The work key the entry answers; absent for failures no work answered (blocked items). */
  key?: string;
  ids?: Record<string, string>;
  failures?: JobFailure[];
}

/** A journal entry with its number. */
export interface NumberedEntry {
  seq: number;
  entry: JournalEntry;
}

/** Characters of JSON one entry holds at most: a batch of 200 records takes about 10 kB. */
export const ENTRY_CHARS = 128 * 1024;

/**
 * Journals what a transition taught the job: the work it answered, the ids it learnt and the
 * failures it added, in one entry, or several when a step blocked more items than one entry holds.
 * Numbers the entries from `state.batches` on and moves it past them.
 */
export function journal(
  state: LiveJob,
  learnt: { step: number; key?: string; ids?: Record<string, string>; failures: JobFailure[] },
): NumberedEntry[] {
  const attempt = state.attempt ?? 1;
  const entries: JournalEntry[] = [];
  let current: JournalEntry = { attempt, step: learnt.step, ...(learnt.key ? { key: learnt.key } : {}) };
  let chars = 0;
  const room = (added: number) => {
    if (chars > 0 && chars + added > ENTRY_CHARS) {
      entries.push(current);
      current = { attempt, step: learnt.step };
      chars = 0;
    }
    chars += added;
  };
  for (const [from, to] of Object.entries(learnt.ids ?? {})) {
    room(from.length + to.length + 6);
    current.ids ??= {};
    current.ids[from] = to;
  }
  for (const failure of learnt.failures) {
    room(JSON.stringify(failure).length + 1);
    current.failures ??= [];
    current.failures.push(failure);
  }
  if (current.key || current.ids || current.failures) entries.push(current);
  return entries.map((entry) => ({ seq: state.batches++, entry }));
}

/** The head of a job: bounded whatever the job's size. */
export function headOf(state: LiveJob): JobHead {
  const { idMap: _ids, pending, failures, ...rest } = state;
  return {
    ...rest,
    layout: 2,
    pendingCount: pending.length,
    failures: failures.slice(0, JOB_FAILURES_SHOWN),
    failureCount: failures.length,
  };
}

/** The first ids of an id map, without copying the rest. */
export function firstIds(idMap: Readonly<Record<string, string>>, max = JOB_IDS_SHOWN): Record<string, string> {
  const shown: Record<string, string> = {};
  let n = 0;
  for (const from in idMap) {
    if (n++ >= max) break;
    shown[from] = idMap[from]!;
  }
  return shown;
}

/** The job as the API shows it: the head, the pending keys, the first ids and failures. */
export function viewOf(state: LiveJob): JobState {
  const { batches: _b, runFrom: _r, idMap, failures, ...rest } = state;
  return {
    ...structuredClone(rest),
    failures: failures.slice(0, JOB_FAILURES_SHOWN),
    failureCount: failures.length,
    idMap: firstIds(idMap),
  };
}

/** The API's view of a job known only from its head, with the first ids read from its journal. */
export function viewOfHead(head: JobHead, firstIdMap: Record<string, string>): JobState {
  const { layout: _l, pendingCount: _p, batches: _b, runFrom: _r, ...rest } = head;
  return { ...rest, pending: [], idMap: firstIdMap };
}

/** Whether a stored job value is a head (and not a whole state saved before the journal). */
export function isHead(value: JobHead | JobState): value is JobHead {
  return (value as Partial<JobHead>).layout === 2;
}

/** A whole state saved before the journal, as a live job whose journal starts now. */
export function fromWholeState(state: JobState): LiveJob {
  return { ...state, idCount: Object.keys(state.idMap).length, batches: 0, runFrom: 0 };
}

/**
 * A job again from its head and its committed journal (entries `0..batches-1`, in order): the id map
 * of every run, the failures of the current run (the plan's own, then the journal's), and the keys
 * of the current step's work not yet answered.
 */
export function rebuild(head: JobHead, entries: readonly JournalEntry[], stored: StoredPlan): LiveJob {
  const { layout: _l, pendingCount, ...rest } = head;
  const idMap: Record<string, string> = {};
  const answered = new Set<string>();
  const failures = planFailures(stored);
  entries.forEach((entry, seq) => {
    if (entry.ids) Object.assign(idMap, entry.ids);
    if (seq < head.runFrom) return;
    if (entry.key) answered.add(entry.key);
    if (entry.failures) failures.push(...entry.failures);
  });
  const state: LiveJob = { ...rest, idMap, failures, pending: [] };
  state.idCount = Object.keys(idMap).length;
  if (pendingCount > 0) {
    state.pending = currentStep(state, stored)
      .work.map((w) => w.key)
      .filter((key) => !answered.has(key));
  }
  state.failureCount = failures.length;
  return state;
}
