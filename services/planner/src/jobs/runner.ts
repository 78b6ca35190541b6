// A job in the hands of the planner that runs it: its state, its plan, and the queue that
// serialises every change to it.
import type { Logger } from '@restorelab/runtime';
import { journal, type NumberedEntry } from './job-journal.ts';
import type { Effects, JobEventBody } from './job-state.ts';
import type { LiveJob, StoredPlan } from './types.ts';

export interface Runner {
  state: LiveJob;
  stored: StoredPlan;
  /** Serialises everything that changes the state of one job. */
  queue: Promise<unknown>;
  /** Changed since it was last saved (results wait for the next group commit). */
  dirty?: boolean;
  /** Journal entries not yet saved: written by the next save, before the head that commits them. */
  journal: NumberedEntry[];
  /** Events of transitions not yet saved: published once the state that tells them is saved. */
  outbox: JobEventBody[];
  /**
   * A confirmation's job before its first save: that save creates the KV entry, and fails if the
   * plan was confirmed already (here or by another planner). Nothing is published before it.
   */
  unsaved?: boolean;
  /** Another planner took the job over: nothing more of it is saved here. */
  lost?: boolean;
}

/** A runner for a job: nothing journaled or told yet. */
export function runnerOf(state: LiveJob, stored: StoredPlan, unsaved?: boolean): Runner {
  return { state, stored, queue: Promise.resolve(), journal: [], outbox: [], ...(unsaved ? { unsaved } : {}) };
}

/**
 * Runs a transition of the runner's job and journals what it taught the job: the work it answered
 * (`keyOf`), the ids learnt and the failures added. The entries are written with the next save.
 */
export function journaled<T extends Effects & { outcome?: string }>(
  runner: Runner,
  keyOf: ((t: T) => string | undefined) | undefined,
  run: (state: LiveJob) => T,
): T {
  const state = runner.state;
  const from = { step: state.step, failures: state.failures.length };
  const transition = run(state);
  const key = keyOf?.(transition);
  const failures = state.failures.slice(from.failures);
  runner.journal.push(...journal(state, { step: from.step, key, ids: transition.restoredIds, failures }));
  return transition;
}

/** Runs `fn` after every change to the job queued before it; a failure is logged, not passed on. */
export function serial<T>(runner: Runner, logger: Logger, fn: () => Promise<T>): Promise<T> {
  const next = runner.queue.then(fn, fn);
  runner.queue = next.catch((err) => {
    // A second confirmation's is answered with the first one's job, not a failure.
    if (!(err instanceof AlreadyConfirmed)) logger.error({ err, jobId: runner.state.jobId }, 'job step failed');
  });
  return next;
}

/** The first save of a confirmation found the job already there: the plan was confirmed before. */
export class AlreadyConfirmed extends Error {}

/** Times in job states: ISO 8601, UTC. */
export function nowIso(): string {
  return new Date().toISOString();
}
