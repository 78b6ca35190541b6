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
  ATTACHMENTS,
  type CountTarget,
  FILES,
  failFileLinks,
  METAFILES,
  outcomeOf,
  RECORD,
  tally,
  tallyFileLinks,
} from './job-counts.ts';
import {
  advance,
  currentStep,
  type Effects,
  fail,
  isFinished,
  type JobEventBody,
  learnId,
  noEffects,
  progressEvent,
  type Transition,
} from './job-state.ts';
import type { JobState, StoredPlan } from './types.ts';
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
    // No item of the plan: counted as `unattributed`, beside the kinds.
    fail(
      state,
      'Message',
      {
        itemId: `dead-letter:${letter.msgId ?? letter.subject}`,
        code: 'DEAD_LETTER',
        message: `a message for this job was refused after ${letter.deliveries} deliveries: ${letter.reason}`,
        phase: 'write',
      },
      undefined,
      effects.events,
    );
    return { ...answered(state, stored, now, effects, 'now'), outcome: 'foreign' };
  }
  if (!takePending(state, key)) return { state, ...effects, outcome: 'duplicate' };
  const work = currentStep(state, stored).work.find((w) => w.key === key);
  const message = `the writer gave up after ${letter.deliveries} deliveries: ${letter.reason}`;
  const base = { code: 'DEAD_LETTER', message, phase: 'write' as const };
  if (work?.kind === 'records') {
    // The link batch of a skipped file carries metafiles; a patch, records counted when written.
    const target = work.message.wave === linkWave(stored) ? METAFILES : RECORD(work.message.objectType);
    for (const item of work.message.items) {
      const objectType = work.itemObjectTypes[item.itemId] ?? work.message.objectType;
      const itemTarget = target.kind === 'records' ? RECORD(objectType) : target;
      if (work.message.wave === stored.plan.waves.length) unwrite(state, stored, item.sourceId);
      fail(state, objectType, { ...base, itemId: item.itemId }, itemTarget, effects.events);
    }
  } else if (work) {
    const objectType = work.kind === 'file' ? 'ContentDocument' : 'Attachment';
    fail(
      state,
      objectType,
      { ...base, itemId: work.message.itemId },
      work.kind === 'file' ? FILES : ATTACHMENTS,
      effects.events,
    );
    const file = work.kind === 'file' ? stored.plan.files[work.message.taskIndex] : undefined;
    if (file) failFileLinks(state.counts, file, state.idMap);
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
    const target = RECORD(objectType);
    if (!item.success) {
      // A refused patch leaves its record without the optional link: the record, counted when
      // written, is moved to failed (one outcome per item), with the patch's reason.
      if (patches) unwrite(state, stored, item.sourceId);
      failItem(state, objectType, item, target, effects.events);
      continue;
    }
    if (patches) continue; // the record itself was counted when it was written
    const created = result.operation === 'create';
    if (created && item.newId) {
      learnId(state, item.sourceId, item.newId);
      restored[item.sourceId] = item.newId;
    }
    // A create the writer answered without the new id still made a record: it counts as created
    // (what the org has), and what points at it is blocked for want of its id.
    tally(state.counts, target, created ? 'created' : 'overwritten');
    effects.events.push({
      type: 'item',
      itemId: item.itemId,
      objectType,
      outcome: created ? 'created' : 'updated',
      ...(item.newId ? { newId: item.newId } : {}),
    });
  }
  if (Object.keys(restored).length > 0) effects.restoredIds = restored;
  return true;
}

/**
 * Links of a skipped file to re-created records (R14): metafiles (R05), not records, and not the
 * file (it stays skipped; a refused link fails as a metafile).
 */
function applyLinks(state: JobState, result: RecordBatchResult, events: JobEventBody[]): void {
  for (const item of result.results) {
    if (item.success) tally(state.counts, METAFILES, 'created');
    else failItem(state, 'ContentDocumentLink', item, METAFILES, events);
  }
}

/** Takes back the write of a record (its patch failed): it is counted again as failed. */
function unwrite(state: JobState, stored: StoredPlan, sourceId: string): void {
  const record = stored.plan.records.find((r) => r.sourceId === sourceId);
  if (record && (record.action === 'create' || record.action === 'overwrite'))
    tally(state.counts, RECORD(record.objectType), outcomeOf(record.action), -1);
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
  const target = result.kind === 'file' ? FILES : ATTACHMENTS;
  const objectType = result.kind === 'file' ? 'ContentDocument' : 'Attachment';
  const planned = result.kind === 'file' ? plan.files[result.taskIndex] : plan.attachments[result.taskIndex];
  const file = result.kind === 'file' ? plan.files[result.taskIndex] : undefined;
  if (file) tallyFileLinks(state.counts, file, state.idMap, result);
  if (!result.success) {
    failItem(state, objectType, result, target, events);
    return true;
  }
  const action = planned?.action ?? 'overwrite';
  const created = action === 'create';
  const source = file ? file.contentDocumentId : plan.attachments[result.taskIndex]?.sourceId;
  if (created && result.newId && source) {
    learnId(state, source, result.newId);
    // Kept past this job like a record's: a later restore treats the copy as the file or attachment
    // itself (R19, R07) instead of making a second one.
    effects.restoredIds = { [source]: result.newId };
  }
  tally(state.counts, target, action === 'skip' || action === 'willFail' ? 'overwritten' : outcomeOf(action));
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
  target: CountTarget,
  events: JobEventBody[],
): void {
  const error = item.error ?? noReason();
  const failure = { itemId: item.itemId, code: error.code, message: error.message, fields: error.fields };
  // A graph batch's writer refuses a child of a failed mandatory parent itself (R08).
  const rule = error.code === 'PARENT_NOT_RESTORED' ? { rule: 'R08' } : {};
  fail(state, objectType, { ...failure, phase: 'write', ...rule }, target, events);
}

function takePending(state: JobState, key: string): boolean {
  const i = state.pending.indexOf(key);
  if (i < 0) return false;
  state.pending.splice(i, 1);
  return true;
}
