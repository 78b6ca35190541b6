// The state machine of a job, without NATS. A job walks its steps (record waves, optional-link
// patches, files and attachments): each step's work is published, and the job moves on when nothing
// of the step is pending. Here: how a job starts, resumes and moves on, how it is cancelled, and
// what it tells. No I/O and no clock in here (times are passed in): every transition returns its
// effects (events to publish, whether to save, work to publish, whether the job finished), and the
// job manager performs them in that order.
//
// A transition changes the state it is given and returns it: the state is the job manager's own,
// and copying it for each result would copy the id map (one entry per re-created record, 100,000
// and more in large restores) once per result. Callers that want the state before a transition
// keep a copy (`structuredClone`); nothing else is changed or kept.
import { isTerminalJobStatus, type JobEvent } from '@restorelab/contracts';
import { emptyOutcomeCounts, written } from '@restorelab/planner-api';
import {
  ATTACHMENTS,
  type CountTarget,
  emptyJobCounts,
  FILES,
  METAFILES,
  outcomeOf,
  RECORD,
  tally,
  tallyUnsentLinks,
} from './job-counts.ts';
import type { JobCounts, JobFailure, JobState, JobStatus, PendingPlan, StoredPlan } from './types.ts';
import { type BlockedItem, buildStep, type StepPlan, type StepWork, stepCount } from './work.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event of the job as the state machine tells it; the job manager adds its version, job and time. */
export type JobEventBody = DistributiveOmit<JobEvent, 'schemaVersion' | 'jobId' | 'at'>;

export type FinalStatus = Exclude<JobStatus, 'running'>;

/**
 * What the job manager does after a transition: publishes the events, records the restored ids,
 * then either ends the job (which saves it) or saves it (now, or with the next group commit) and
 * publishes the step's work.
 */
export interface Effects {
  /** Events to publish, in order. */
  events: JobEventBody[];
  /**
   * `now`: save the state before anything is published; `commit`: the state changed, and is saved
   * with the next group commit of results (which are acked only after it); `no`: nothing to save.
   */
  save: 'now' | 'commit' | 'no';
  /** The work of the step the job moved to, published after the save. */
  publish: StepWork[];
  /** The job ended (its status, reason and finish time are set): save it, announce it, let it go. */
  finished?: { status: FinalStatus; reason?: string };
  /** Records re-created by a result: old id → new id, kept past the job (R08). */
  restoredIds?: Record<string, string>;
}

export interface Transition extends Effects {
  /** The state given, changed. */
  state: JobState;
}

export function noEffects(): Effects {
  return { events: [], save: 'no', publish: [] };
}

/** The job that writes a plan is named after it (`plan-X` → `job-X`), so a confirmation is found again. */
export function jobIdOf(planId: string): string {
  return `job-${planId.startsWith('plan-') ? planId.slice('plan-'.length) : planId}`;
}

export function isFinished(state: Pick<JobState, 'status'>): boolean {
  return isTerminalJobStatus(state.status);
}

/** The job as it starts: skips and will-fail items of the plan are counted at once. */
export function initialState(jobId: string, pending: PendingPlan, stored: StoredPlan, now: string): JobState {
  const { counts, failures } = planOutcomes(stored);
  return {
    jobId,
    planId: pending.planId,
    orgId: pending.orgId,
    request: pending.request,
    status: 'running',
    createdAt: now,
    updatedAt: now,
    step: 0,
    steps: stepCount(stored),
    pending: [],
    cancelRequested: false,
    counts,
    failures,
    failureCount: failures.length,
    idMap: {},
    idCount: 0,
    retries: 0,
  };
}

/** The failures a plan knows before writing (its will-fail items): a job starts with them. */
export function planFailures(stored: StoredPlan): JobFailure[] {
  return planOutcomes(stored).failures;
}

/** The counts and failures a job starts with: its skips and will-fail items, counted at once. */
function planOutcomes(stored: StoredPlan): { counts: JobCounts; failures: JobFailure[] } {
  const { plan } = stored;
  const counts = emptyJobCounts(plan.summary.selected);
  const failures: JobFailure[] = [];
  const planned = (action: string) => action === 'skip' || action === 'willFail';
  for (const record of plan.records) {
    // Every object type of the plan has its counts from the start, written or not.
    counts.records.byObject[record.objectType] ??= emptyOutcomeCounts();
    if (!planned(record.action)) continue;
    tally(counts, RECORD(record.objectType), outcomeOf(record.action));
    if (record.action === 'willFail') {
      failures.push({
        itemId: record.itemId,
        objectType: record.objectType,
        code: record.failure?.code ?? 'WILL_FAIL',
        message: record.failure?.message ?? 'planned to fail',
        fields: record.failure?.fields ?? [],
        phase: 'plan',
        ...(record.failure?.rule ? { rule: record.failure.rule } : {}),
      });
    }
  }
  for (const file of plan.files) {
    if (!planned(file.action)) continue;
    tally(counts, FILES, outcomeOf(file.action));
    if (file.action === 'willFail') {
      tally(counts, METAFILES, 'failed', file.links.length);
      failures.push({
        itemId: file.itemId,
        objectType: 'ContentDocument',
        code: file.failure?.code ?? 'WILL_FAIL',
        message: file.failure?.message ?? 'planned to fail',
        phase: 'plan',
      });
    }
  }
  for (const attachment of plan.attachments) {
    if (!planned(attachment.action)) continue;
    tally(counts, ATTACHMENTS, outcomeOf(attachment.action));
    if (attachment.action === 'willFail') {
      failures.push({
        itemId: attachment.itemId,
        objectType: 'Attachment',
        code: attachment.failure?.code ?? 'WILL_FAIL',
        message: attachment.failure?.message ?? 'planned to fail',
        phase: 'plan',
      });
    }
  }
  return { counts, failures };
}

/**
 * A failed job run again (JobManager.resume): every step from the first, write failures forgotten
 * and counts started afresh, under the next attempt number. Kept: the id map (the ids written so far
 * are true in the org, and later steps point at them, R06), the retry counts and the creation time.
 */
export function resumedState(previous: JobState, pending: PendingPlan, stored: StoredPlan, now: string): JobState {
  const fresh = initialState(previous.jobId, pending, stored, now);
  return {
    ...fresh,
    createdAt: previous.createdAt,
    updatedAt: now,
    idMap: previous.idMap,
    idCount: previous.idCount,
    retries: previous.retries,
    writerRetries: previous.writerRetries ?? 0,
    attempt: (previous.attempt ?? 1) + 1,
    resumedAt: [...(previous.resumedAt ?? []), now],
  };
}

/** A running job whose stored plan is gone cannot go on (a planner finds it so when it starts). */
export function planLost<S extends Pick<JobState, 'status' | 'reason'>>(state: S): S {
  state.status = 'failed';
  state.reason = 'the stored plan is gone: the job cannot resume';
  return state;
}

/**
 * The job's progress event: items (metafiles among them) written, skipped and failed so far, of
 * all the plan's items; `metafiles` says how many of those written are metafiles.
 */
export function progressEvent(state: JobState, stored: StoredPlan): JobEventBody {
  const all = state.counts.all;
  return {
    type: 'progress',
    wave: state.step,
    written: written(all),
    skipped: all.skipped,
    failed: all.failed,
    metafiles: written(state.counts.metafiles),
    total: stored.plan.summary.all.total,
  };
}

/** The current step's work and blocked items, from the ids learnt and the items failed so far. */
export function currentStep(state: JobState, stored: StoredPlan): StepPlan {
  const failed = new Set(state.failures.map((f) => f.itemId));
  return buildStep(state.jobId, stored, state.step, state.idMap, failed);
}

/**
 * The work of the current step still pending, to publish again (a planner that restarts): the
 * same messages under the same ids, which the streams drop and the writers' ledger answers.
 */
export function pendingWork(state: JobState, stored: StoredPlan): StepWork[] {
  const pending = new Set(state.pending);
  return currentStep(state, stored).work.filter((w) => pending.has(w.key));
}

/**
 * Moves the job on while its current step has nothing pending: starts the next step (its blocked
 * items fail, its work becomes pending and is published after a save), or ends the job when it is
 * cancelled or has no step left. A step with nothing to write and nothing refused changes only the
 * step number and asks for no save (a planner that restarts from the last save walks the same empty
 * steps again, harmlessly; small restores have several, each save a NATS round trip).
 */
export function advance(state: JobState, stored: StoredPlan, now: string, effects = noEffects()): Transition {
  while (state.status === 'running' && state.pending.length === 0) {
    if (state.cancelRequested) {
      finish(state, 'cancelled', 'cancelled by request', now, effects);
      break;
    }
    if (state.step >= state.steps) {
      const failed = state.failures.length;
      if (failed > 0)
        finish(state, 'failed', `${failed} ${failed === 1 ? 'item' : 'items'} not restored`, now, effects);
      else finish(state, 'succeeded', undefined, now, effects);
      break;
    }
    if (state.step === stored.plan.waves.length + 1 && tallyUnsentLinks(state.counts, stored.plan.files, state.idMap))
      effects.save = 'now';
    const { work, blocked } = currentStep(state, stored);
    for (const item of blocked) fail(state, item.objectType, blockedFailure(item), targetOf(item), effects.events);
    state.pending = work.map((w) => w.key);
    if (work.length > 0 || blocked.length > 0) effects.save = 'now';
    if (work.length > 0) effects.publish = work;
    if (state.pending.length === 0) state.step++;
  }
  return { state, ...effects };
}

/**
 * Asks a job to stop: work already published finishes (so the id map stays true), nothing further
 * is published, and the job ends `cancelled` once nothing is pending. A finished job is left as is.
 */
export function requestCancel(state: JobState, stored: StoredPlan, now: string): Transition {
  const effects = noEffects();
  if (isFinished(state)) return { state, ...effects };
  state.cancelRequested = true;
  effects.save = 'now';
  return advance(state, stored, now, effects);
}

function finish(state: JobState, status: FinalStatus, reason: string | undefined, now: string, effects: Effects): void {
  state.status = status;
  if (reason) state.reason = reason;
  state.finishedAt = now;
  effects.finished = reason ? { status, reason } : { status };
}

/** Records a re-created item's new id (R06), counting each item once. */
export function learnId(state: JobState, sourceId: string, newId: string): void {
  if (!(sourceId in state.idMap)) state.idCount++;
  state.idMap[sourceId] = newId;
}

/**
 * Records an item that was not restored: a failure, its count (none for a failure tied to no item of
 * the plan: `unattributed`), and its `item` event.
 */
export function fail(
  state: JobState,
  objectType: string,
  failure: Omit<JobFailure, 'objectType'>,
  target: CountTarget | undefined,
  events: JobEventBody[],
): void {
  state.failures.push({ ...failure, objectType });
  if (target) tally(state.counts, target, 'failed');
  else state.counts.unattributed++;
  events.push({
    type: 'item',
    itemId: failure.itemId,
    objectType,
    outcome: 'failed',
    error: { code: failure.code, message: failure.message, fields: failure.fields ?? [] },
  });
}

/** Blocked attachments count as attachments; blocked records as records of their type. */
function targetOf(item: BlockedItem): CountTarget {
  if (item.objectType === 'Attachment' && item.itemId.startsWith('attachment:')) return ATTACHMENTS;
  return RECORD(item.objectType);
}

function blockedFailure(item: BlockedItem): Omit<JobFailure, 'objectType'> {
  return {
    itemId: item.itemId,
    code: item.code,
    message: item.message,
    fields: item.fields,
    phase: 'write',
    rule: 'R08',
  };
}
