// What the writers answer, applied to a job's state without NATS: batch and task results (counts,
// the id map, failures, the pending keys, redeliveries) and dead letters. Like the rest of the
// state machine (job-state.ts), each changes the state it is given and returns the effects; when
// the answer was the last pending work of its step, the job moves on in the same transition.
import {
  type DeadLetter,
  type FileTaskResult,
  type RecordBatchResult,
  type RecordItemResult,
  type WriteError,
  workKeyOfMsgId,
} from '@restorelab/contracts';
import {
  advance,
  currentStep,
  type Effects,
  fail,
  isFinished,
  type JobEventBody,
  noEffects,
  objectCounts,
  progressEvent,
  type Transition,
} from './job-state.ts';
import type { JobState, OutcomeCounts, StoredPlan } from './types.ts';
import { batchKey, linkWave, taskKey } from './work.ts';

export type JobResult = RecordBatchResult | FileTaskResult;

/**
 * - `applied`: the answer of pending work, counted;
 * - `duplicate`: the work was answered already (a redelivery): a result only adds to `retries`;
 * - `stale`: a late result of an earlier attempt (this attempt asked again and gets its own answer);
 * - `foreign`: a dead letter of no work this planner sends, recorded as a failure of the job;
 * - `ignored`: a dead letter for a job that has finished.
 */
export type AnswerOutcome = 'applied' | 'duplicate' | 'stale' | 'foreign' | 'ignored';

export interface Answered extends Transition {
  outcome: AnswerOutcome;
}

/** The shape of every work key (`batchKey`, `taskKey`). */
const WORK_KEY = /^(w\d+\.b\d+|file\.\d+|attachment\.\d+)$/;

function noReason(): WriteError {
  return { code: 'UNKNOWN_ERROR', message: 'the writer gave no reason', fields: [] };
}

export function isRecordResult(result: JobResult): result is RecordBatchResult {
  return 'wave' in result;
}

/** A late copy of an earlier attempt's result. */
export function isStaleResult(state: JobState, result: JobResult): boolean {
  return (result.attempt ?? 1) < (state.attempt ?? 1);
}

/**
 * Applies a record batch's or a file task's result: a redelivery only adds to `retries` and asks
 * for nothing (no save, no event); otherwise its items are counted, with their `item` events and
 * the job's progress, and the state is saved with the next group commit, or at once when the job
 * moves on to its next step (saved before its work is published).
 */
export function applyResult(state: JobState, stored: StoredPlan, result: JobResult, now: string): Answered {
  const effects = noEffects();
  if (isStaleResult(state, result)) return { state, ...effects, outcome: 'stale' };
  const applied = isRecordResult(result)
    ? applyRecords(state, stored, result, effects)
    : applyFile(state, stored, result, effects);
  if (!applied) return { state, ...effects, outcome: 'duplicate' };
  return { ...answered(state, stored, now, effects, 'commit'), outcome: 'applied' };
}

/**
 * A writer gave up on a message: every item it carried fails with the writer's reason, and the
 * state is saved at once. A dead letter of no work this planner sends (no message id, or one it
 * never gives) still fails the job, as a failure naming the message and the reason, so the job does
 * not end looking clean.
 */
export function applyDeadLetter(state: JobState, stored: StoredPlan, letter: DeadLetter, now: string): Answered {
  const effects = noEffects();
  const key = letter.msgId ? workKeyOfMsgId(letter.jobId, letter.msgId) : undefined;
  if (key === undefined || !WORK_KEY.test(key)) {
    if (isFinished(state)) return { state, ...effects, outcome: 'ignored' };
    state.failures.push({
      itemId: `dead-letter:${letter.msgId ?? letter.subject}`,
      objectType: 'Message',
      code: 'DEAD_LETTER',
      message: `a message for this job was refused after ${letter.deliveries} deliveries: ${letter.reason}`,
      phase: 'write',
    });
    return { ...answered(state, stored, now, effects, 'now'), outcome: 'foreign' };
  }
  if (!takePending(state, key)) return { state, ...effects, outcome: 'duplicate' };
  const work = currentStep(state, stored).work.find((w) => w.key === key);
  const message = `the writer gave up after ${letter.deliveries} deliveries: ${letter.reason}`;
  const base = { code: 'DEAD_LETTER', message, phase: 'write' as const };
  if (work?.kind === 'records') {
    for (const item of work.message.items) {
      const objectType = work.itemObjectTypes[item.itemId] ?? work.message.objectType;
      const counts = objectCounts(state.counts, objectType);
      fail(state, objectType, { ...base, itemId: item.itemId }, [counts, state.counts.records.total], effects.events);
    }
  } else if (work) {
    const counts = work.kind === 'file' ? state.counts.files : state.counts.attachments;
    const objectType = work.kind === 'file' ? 'ContentDocument' : 'Attachment';
    fail(state, objectType, { ...base, itemId: work.message.itemId }, [counts], effects.events);
  }
  return { ...answered(state, stored, now, effects, 'now'), outcome: 'applied' };
}

/** After an answer: the job's progress, then its next step when nothing of this one is pending. */
function answered(state: JobState, stored: StoredPlan, now: string, effects: Effects, save: 'commit' | 'now') {
  effects.events.push(progressEvent(state, stored));
  if (state.pending.length > 0) {
    effects.save = save;
    return { state, ...effects };
  }
  state.step++;
  return advance(state, stored, now, effects);
}

/** Applies a batch result; false when the batch was already answered (a redelivery). */
function applyRecords(state: JobState, stored: StoredPlan, result: RecordBatchResult, effects: Effects): boolean {
  if (!takePending(state, batchKey(result.wave, result.batchIndex))) {
    state.retries++;
    return false;
  }
  if (result.retries) state.writerRetries = (state.writerRetries ?? 0) + result.retries;
  if (result.wave === linkWave(stored)) {
    applyLinks(state, result, effects.events);
    return true;
  }
  const patches = result.wave === stored.plan.waves.length;
  // Kept past this job: a later restore of a child points at these copies (R08). Recorded for the
  // whole batch at once (one store transaction, not one per record).
  const restored: Record<string, string> = {};
  for (const item of result.results) {
    // A graph batch mixes object types: each item names its own.
    const objectType = item.objectType ?? result.objectType;
    const counts = objectCounts(state.counts, objectType);
    if (!item.success) {
      failItem(state, objectType, item, [counts, state.counts.records.total], effects.events);
      continue;
    }
    if (patches) continue; // the record itself was counted when it was written
    if (result.operation === 'create' && item.newId) {
      state.idMap[item.sourceId] = item.newId;
      restored[item.sourceId] = item.newId;
      counts.created++;
      state.counts.records.total.created++;
    } else {
      counts.updated++;
      state.counts.records.total.updated++;
    }
    state.counts.restored++;
    effects.events.push({
      type: 'item',
      itemId: item.itemId,
      objectType,
      outcome: result.operation === 'create' ? 'created' : 'updated',
      ...(item.newId ? { newId: item.newId } : {}),
    });
  }
  if (Object.keys(restored).length > 0) effects.restoredIds = restored;
  return true;
}

/** Links of a skipped file to re-created records (R14): metafiles (R05), not records. */
function applyLinks(state: JobState, result: RecordBatchResult, events: JobEventBody[]): void {
  for (const item of result.results) {
    if (item.success) {
      state.counts.metafiles++;
      state.counts.restored++;
      continue;
    }
    failItem(state, 'ContentDocumentLink', item, [state.counts.files], events);
  }
}

/** Applies a file or attachment task's result; false when the task was already answered. */
function applyFile(state: JobState, stored: StoredPlan, result: FileTaskResult, effects: Effects): boolean {
  const { events } = effects;
  if (!takePending(state, taskKey(result.kind, result.taskIndex))) {
    state.retries++;
    return false;
  }
  if (result.retries) state.writerRetries = (state.writerRetries ?? 0) + result.retries;
  const { plan } = stored;
  const counts = result.kind === 'file' ? state.counts.files : state.counts.attachments;
  const objectType = result.kind === 'file' ? 'ContentDocument' : 'Attachment';
  if (!result.success) {
    failItem(state, objectType, result, [counts], events);
    return true;
  }
  const created =
    result.kind === 'file'
      ? plan.files[result.taskIndex]?.action === 'create'
      : plan.attachments[result.taskIndex]?.action === 'create';
  const source =
    result.kind === 'file'
      ? plan.files[result.taskIndex]?.contentDocumentId
      : plan.attachments[result.taskIndex]?.sourceId;
  if (created && result.newId && source) {
    state.idMap[source] = result.newId;
    // Kept past this job like a record's: a later restore treats the copy as the file or attachment
    // itself (R19, R07) instead of making a second one.
    effects.restoredIds = { [source]: result.newId };
  }
  counts[created ? 'created' : 'updated']++;
  // R05: the sharing links written, and the owner's link the org makes with a new document.
  const metafiles = result.linksWritten + (result.kind === 'file' && created ? 1 : 0);
  state.counts.metafiles += metafiles;
  state.counts.restored += 1 + metafiles;
  events.push({
    type: 'item',
    itemId: result.itemId,
    objectType,
    outcome: created ? 'created' : 'updated',
    ...(result.newId ? { newId: result.newId } : {}),
  });
  return true;
}

/** An item the writer refused (or a task that failed), with the writer's reason. */
function failItem(
  state: JobState,
  objectType: string,
  item: Pick<RecordItemResult, 'itemId' | 'error'>,
  counters: OutcomeCounts[],
  events: JobEventBody[],
): void {
  const error = item.error ?? noReason();
  const failure = { itemId: item.itemId, code: error.code, message: error.message, fields: error.fields };
  // A graph batch's writer refuses a child of a failed mandatory parent itself (R08).
  const rule = error.code === 'PARENT_NOT_RESTORED' ? { rule: 'R08' } : {};
  fail(state, objectType, { ...failure, phase: 'write', ...rule }, counters, events);
}

function takePending(state: JobState, key: string): boolean {
  const i = state.pending.indexOf(key);
  if (i < 0) return false;
  state.pending.splice(i, 1);
  return true;
}
