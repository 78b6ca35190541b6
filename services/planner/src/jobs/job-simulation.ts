// Test support: a job driven through the pure state machine by simulated writers, without NATS.
// The writers answer published work in the order a schedule says, redeliver answers, give up on
// work (dead letters), and the job can be cancelled; every transition is recorded with what caused
// it, so properties can check the state and the effects after each one.
import type {
  DeadLetter,
  FileTaskResult,
  RecordBatchItem,
  RecordBatchResult,
  RecordItemResult,
} from '@restorelab/contracts';
import { type Answered, applyDeadLetter, applyResult, type JobResult } from './job-results.ts';
import { advance, initialState, type JobEventBody, requestCancel, type Transition } from './job-state.ts';
import { pendingPlanOf } from './plan-fixtures.ts';
import type { JobState, StoredPlan } from './types.ts';
import type { StepWork } from './work.ts';

export const SIM_JOB = 'job-sim';

/** One move of the world around the job; `pick` chooses among the work out (or the answers given). */
export type Move =
  | { kind: 'answer'; pick: number }
  | { kind: 'redeliver'; pick: number }
  | { kind: 'deadLetter'; pick: number }
  | { kind: 'foreignDeadLetter' }
  | { kind: 'cancel' };

export type Cause = 'start' | 'result' | 'deadLetter' | 'cancel';

export interface Step {
  move: Move | { kind: 'start' };
  cause: Cause;
  /** The state before the transition (a copy). */
  before: JobState;
  transition: Transition & { outcome?: Answered['outcome'] };
  /** Work the transition answered (results and dead letters of work out). */
  answered?: StepWork;
  input?: JobResult | DeadLetter;
}

export interface Simulation {
  stored: StoredPlan;
  state: JobState;
  /** Published work not answered yet, by key. */
  out: Map<string, StepWork>;
  /** Every answer delivered (for redeliveries). */
  delivered: JobResult[];
  steps: Step[];
  /** Every event with what caused it, in order. */
  events: Array<{ event: JobEventBody; cause: Cause; input?: JobResult | DeadLetter }>;
}

/** A Salesforce-shaped new id for a source id: same prefix, a 9 where source ids have a 0. */
export function newIdOf(sourceId: string): string {
  return `${sourceId.slice(0, 3)}9${sourceId.slice(4)}`;
}

/** Whether the writers refuse an item: fixed per item and seed, whatever the order of delivery. */
export function refuses(seed: number, itemId: string, rate: number): boolean {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < itemId.length; i++) h = Math.imul(h ^ itemId.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1000) / 1000 < rate;
}

export interface Writers {
  seed: number;
  /** Share of items the writers refuse (0..1). */
  refusals: number;
}

function now(sim: Simulation): string {
  return new Date(Date.UTC(2026, 0, 1) + sim.steps.length * 1000).toISOString();
}

function record(sim: Simulation, step: Omit<Step, 'before'>, before: JobState): void {
  sim.steps.push({ ...step, before });
  for (const event of step.transition.events) {
    sim.events.push({ event, cause: step.cause, ...(step.input ? { input: step.input } : {}) });
  }
  if (step.answered) sim.out.delete(step.answered.key);
  for (const w of step.transition.publish) sim.out.set(w.key, w);
}

export function startSimulation(stored: StoredPlan): Simulation {
  const state = initialState(SIM_JOB, pendingPlanOf(stored), stored, '2026-01-01T00:00:00.000Z');
  const sim: Simulation = { stored, state, out: new Map(), delivered: [], steps: [], events: [] };
  const before = structuredClone(state);
  record(sim, { move: { kind: 'start' }, cause: 'start', transition: advance(state, stored, now(sim)) }, before);
  return sim;
}

/** The writers' answer to a piece of work. */
export function answerTo(work: StepWork, writers: Writers): JobResult {
  const retries = refuses(writers.seed + 1, work.key, 0.3) ? 1 : 0;
  if (work.kind === 'records') {
    const m = work.message;
    const result: RecordBatchResult = {
      schemaVersion: 1,
      jobId: m.jobId,
      wave: m.wave,
      batchIndex: m.batchIndex,
      objectType: m.objectType,
      operation: m.operation,
      results: m.items.map((item) =>
        refuses(writers.seed, item.itemId, writers.refusals)
          ? {
              itemId: item.itemId,
              sourceId: item.sourceId,
              success: false,
              error: { code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'refused', fields: [] },
            }
          : {
              itemId: item.itemId,
              sourceId: item.sourceId,
              success: true,
              ...(m.operation === 'create' ? { newId: newIdOf(item.sourceId) } : {}),
            },
      ),
      retries,
    };
    if (m.mode === 'graph') graphAnswer(result, m.items);
    return result;
  }
  const m = work.message;
  const refused = refuses(writers.seed, m.itemId, writers.refusals);
  const source = work.kind === 'file' ? work.message.contentDocumentId : work.message.sourceId;
  const result: FileTaskResult = {
    schemaVersion: 1,
    jobId: m.jobId,
    kind: work.kind,
    taskIndex: m.taskIndex,
    itemId: m.itemId,
    success: !refused,
    linksWritten: !refused && work.kind === 'file' ? work.message.links.length : 0,
    ...(refused ? { error: { code: 'STORAGE_LIMIT_EXCEEDED', message: 'refused', fields: [] } } : {}),
    ...(!refused && m.action === 'create' ? { newId: newIdOf(source) } : {}),
    retries,
  };
  return result;
}

/**
 * A graph batch as its writer answers it: each item names its type, and a record whose mandatory
 * link points at a record of the batch that failed is not written (items come parents first).
 */
function graphAnswer(result: RecordBatchResult, items: readonly RecordBatchItem[]): void {
  const failed = new Set<string>();
  result.results = result.results.map((r, i) => {
    const item = items[i]!;
    const missing = (item.refs ?? []).filter((ref) => ref.mandatory && failed.has(ref.itemId)).map((ref) => ref.field);
    const answer: RecordItemResult =
      missing.length > 0
        ? {
            itemId: r.itemId,
            sourceId: r.sourceId,
            success: false,
            error: { code: 'PARENT_NOT_RESTORED', message: 'parent failed', fields: missing },
          }
        : r;
    if (!answer.success) failed.add(item.itemId);
    return { ...answer, objectType: item.objectType! };
  });
}

function pickOut(sim: Simulation, pick: number): StepWork | undefined {
  const out = [...sim.out.values()];
  return out.length > 0 ? out[pick % out.length] : undefined;
}

/** Plays one move; false when it had nothing to act on (no work out, nothing delivered yet). */
export function play(sim: Simulation, move: Move, writers: Writers): boolean {
  const { stored, state } = sim;
  const before = structuredClone(state);
  switch (move.kind) {
    case 'answer': {
      const work = pickOut(sim, move.pick);
      if (!work) return false;
      const input = answerTo(work, writers);
      sim.delivered.push(input);
      const transition = applyResult(state, stored, input, now(sim));
      record(sim, { move, cause: 'result', transition, answered: work, input }, before);
      return true;
    }
    case 'redeliver': {
      if (sim.delivered.length === 0) return false;
      const input = structuredClone(sim.delivered[move.pick % sim.delivered.length]!);
      const transition = applyResult(state, stored, input, now(sim));
      record(sim, { move, cause: 'result', transition, input }, before);
      return true;
    }
    case 'deadLetter': {
      const work = pickOut(sim, move.pick);
      if (!work) return false;
      const input = deadLetterOf(`${SIM_JOB}.${work.key}`);
      const transition = applyDeadLetter(state, stored, input, now(sim));
      record(sim, { move, cause: 'deadLetter', transition, answered: work, input }, before);
      return true;
    }
    case 'foreignDeadLetter': {
      const input = deadLetterOf(undefined);
      const transition = applyDeadLetter(state, stored, input, now(sim));
      record(sim, { move, cause: 'deadLetter', transition, input }, before);
      return true;
    }
    case 'cancel': {
      const transition = requestCancel(state, stored, now(sim));
      record(sim, { move, cause: 'cancel', transition }, before);
      return true;
    }
  }
}

/** Plays the moves, then answers whatever work is still out, oldest first, until none is. */
export function run(sim: Simulation, moves: readonly Move[], writers: Writers, onStep?: (step: Step) => void): void {
  for (const move of moves) if (play(sim, move, writers)) onStep?.(sim.steps.at(-1)!);
  // Bounded: every answer of work out takes it out, and a plan has finitely many steps.
  for (let guard = 0; sim.out.size > 0 && guard < 10_000; guard++) {
    play(sim, { kind: 'answer', pick: 0 }, writers);
    onStep?.(sim.steps.at(-1)!);
  }
}

function deadLetterOf(msgId: string | undefined): DeadLetter {
  return {
    schemaVersion: 1,
    jobId: SIM_JOB,
    subject: `restorelab.records.batch.${SIM_JOB}`,
    ...(msgId ? { msgId } : {}),
    deliveries: 5,
    reason: 'gave up',
    payload: '{}',
  };
}
