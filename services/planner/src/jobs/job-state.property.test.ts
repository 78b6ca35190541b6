// Properties of the job state machine over generated plans (waves of batches, mandatory and
// optional links, patches, files and attachments) and generated writers: answers in any order,
// refusals, redeliveries, dead letters and cancellations, all without NATS (job-simulation.ts).
import { test } from '@fast-check/vitest';
import { JobCountsSchema, OUTCOMES, sumOutcomes } from '@restorelab/planner-api';
import { describe, expect } from 'vitest';
import { answers, anyMoves, pick, planArb, uncancelledMoves, writersArb } from './job-arbitraries.ts';
import { applyResult, isRecordResult } from './job-results.ts';
import { type Move, run, type Simulation, type Step, startSimulation } from './job-simulation.ts';
import { isFinished, pendingWork } from './job-state.ts';
import type { OutcomeCounts, StoredPlan } from './types.ts';

type Kind = 'records' | 'files' | 'attachments';
const sum = (c: OutcomeCounts) => c.total;
const plannedOutcomes = (stored: StoredPlan, kind: Kind) =>
  stored.plan[kind].filter((item) => item.action === 'skip' || item.action === 'willFail').length;

/**
 * Outcomes of each kind known so far, from what arrived: results (every item of a record batch;
 * a patch only when refused; a skipped file's link, counted with files, only when refused), dead
 * letters (every item of the work given up) and items blocked by a parent not restored.
 */
function arrivedOutcomes(sim: Simulation): Record<Kind, number> {
  const arrived = {
    records: plannedOutcomes(sim.stored, 'records'),
    files: plannedOutcomes(sim.stored, 'files'),
    attachments: plannedOutcomes(sim.stored, 'attachments'),
  };
  const waves = sim.stored.plan.waves.length;
  for (const step of sim.steps) {
    for (const e of step.transition.events) {
      if (e.type === 'item' && e.error?.code === 'PARENT_NOT_RESTORED') {
        arrived[e.objectType === 'Attachment' ? 'attachments' : 'records']++;
      }
    }
    if (step.transition.outcome !== 'applied' || !step.input) continue;
    const input = step.input;
    if ('reason' in input) {
      const work = step.answered!;
      // A patch's record was counted when written (it moves to failed); a link batch holds metafiles.
      if (work.kind === 'records') arrived.records += work.message.wave < waves ? work.message.items.length : 0;
      else arrived[work.kind === 'file' ? 'files' : 'attachments']++;
    } else if (isRecordResult(input)) {
      // A refused patch moves its record to failed; a refused link of a skipped file is a metafile.
      if (input.wave < waves) arrived.records += input.results.length;
    } else arrived[input.kind === 'file' ? 'files' : 'attachments']++;
  }
  return arrived;
}

/** Old id → new id for every create the writers answered and the job applied. */
function expectedIdMap(sim: Simulation): Record<string, string> {
  const idMap: Record<string, string> = {};
  const waves = sim.stored.plan.waves.length;
  for (const step of sim.steps) {
    const input = step.input;
    if (step.transition.outcome !== 'applied' || !input || 'reason' in input) continue;
    if (isRecordResult(input)) {
      if (input.wave >= waves || input.operation !== 'create') continue;
      for (const r of input.results) if (r.success) idMap[r.sourceId] = r.newId!;
    } else if (input.success && input.newId) {
      const planned = input.kind === 'file' ? sim.stored.plan.files : sim.stored.plan.attachments;
      const item = planned[input.taskIndex]!;
      if (item.action === 'create')
        idMap['contentDocumentId' in item ? item.contentDocumentId : item.sourceId] = input.newId;
    }
  }
  return idMap;
}

/** What must hold after every transition, whatever came before. */
function checkInvariants(sim: Simulation, step: Step): void {
  const { state, stored } = sim;
  const t = step.transition;
  // The pending keys are exactly the work out, once each.
  expect(new Set(state.pending).size).toBe(state.pending.length);
  expect(new Set(state.pending)).toEqual(new Set(sim.out.keys()));
  // A running job always waits for work it published; a finished one for none.
  if (state.status === 'running') expect(state.pending.length).toBeGreaterThan(0);
  else expect(sim.out.size).toBe(0);
  // Work goes out only after a save, and only from a running job.
  if (t.publish.length > 0) {
    expect(t.save).toBe('now');
    expect(state.status).toBe('running');
  }
  // A restarted planner would publish exactly the work out, message for message.
  expect(pendingWork(state, stored)).toEqual([...sim.out.values()].filter((w) => state.pending.includes(w.key)));
  // Steps only move forward, within the plan.
  expect(state.step).toBeGreaterThanOrEqual(step.before.step);
  expect(state.step).toBeLessThanOrEqual(state.steps);
  // A job ends once, with its status, reason and time in the effects and the state alike.
  if (t.finished) {
    expect(isFinished(step.before)).toBe(false);
    expect(t.finished.status).toBe(state.status);
    expect(state.finishedAt).toBeDefined();
  } else expect(state.status).toBe(step.before.status);
  // Counts add up: every total is the sum beside it (the schema says so), by object type to the
  // records' total, the kinds to `all`; every outcome counted once, as it arrived.
  const c = state.counts;
  expect(JobCountsSchema.safeParse(c).success).toBe(true);
  const byObject = Object.values(c.records.byObject);
  for (const k of OUTCOMES) {
    expect(byObject.reduce((n, o) => n + o[k], 0)).toBe(c.records.total[k]);
  }
  expect(c.all).toEqual(sumOutcomes([c.records.total, c.files, c.attachments, c.metafiles]));
  const arrived = arrivedOutcomes(sim);
  expect(sum(c.records.total)).toBe(arrived.records);
  expect(sum(c.files)).toBe(arrived.files);
  expect(sum(c.attachments)).toBe(arrived.attachments);
  // Every record, file and attachment failed is listed once; dead letters of unknown work are
  // listed and counted apart.
  const listed = (f: { objectType: string }) => f.objectType !== 'Message' && f.objectType !== 'ContentDocumentLink';
  expect(c.records.total.failed + c.files.failed + c.attachments.failed).toBe(state.failures.filter(listed).length);
  expect(c.unattributed).toBe(state.failures.filter((f) => f.objectType === 'Message').length);
  // A job that ran to its end has every planned item in one outcome, kind by kind (R04, R05).
  if (isFinished(state) && state.status !== 'cancelled') {
    const s = stored.plan.summary;
    expect([c.records.total.total, c.files.total, c.attachments.total, c.metafiles.total]).toEqual([
      s.records.total.total,
      s.files.total,
      s.attachments.total,
      s.metafiles.total,
    ]);
  }
  // The id map holds exactly the new ids the writers gave for creates.
  expect(state.idMap).toEqual(expectedIdMap(sim));
}

const sorted = <T>(items: T[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('job state machine properties', () => {
  test.prop([planArb, writersArb, anyMoves])(
    'counts add up, pending keys are the work out, and a job never finishes while work is pending',
    (stored, writers, moves) => {
      const sim = startSimulation(stored);
      checkInvariants(sim, sim.steps[0]!);
      run(sim, moves, writers, (step) => checkInvariants(sim, step));
      expect(isFinished(sim.state)).toBe(true);
      expect(sim.steps.filter((s) => s.transition.finished).length).toBe(1);
    },
  );

  test.prop([planArb, writersArb, anyMoves])(
    'applying the same result twice changes nothing the second time but the retry count',
    (stored, writers, moves) => {
      const sim = startSimulation(stored);
      run(sim, moves, writers);
      for (const [i, step] of sim.steps.entries()) {
        if (step.move.kind !== 'redeliver') continue;
        const after = sim.steps[i + 1]?.before ?? sim.state;
        expect(step.transition).toMatchObject({ outcome: 'duplicate', save: 'no', events: [], publish: [] });
        expect(step.transition.finished).toBeUndefined();
        expect(after).toEqual({ ...step.before, retries: step.before.retries + 1 });
      }
      // And directly: every answer given, given again at the end.
      for (const result of sim.delivered) {
        const before = structuredClone(sim.state);
        const t = applyResult(sim.state, stored, structuredClone(result), '2027-01-01T00:00:00.000Z');
        expect(t).toMatchObject({ outcome: 'duplicate', save: 'no', events: [], publish: [] });
        expect(sim.state).toEqual({ ...before, retries: before.retries + 1 });
      }
    },
  );

  test.prop([planArb, writersArb, uncancelledMoves])(
    'every item of the plan ends in exactly one outcome, and the job succeeds exactly when none failed',
    (stored, writers, moves) => {
      const sim = startSimulation(stored);
      run(sim, moves, writers);
      const outcomes = new Map<string, string[]>();
      const add = (itemId: string, outcome: string) => outcomes.set(itemId, [...(outcomes.get(itemId) ?? []), outcome]);
      for (const item of [...stored.plan.records, ...stored.plan.files, ...stored.plan.attachments]) {
        if (item.action === 'skip') add(item.itemId, 'skipped');
      }
      for (const f of sim.state.failures) if (f.phase === 'plan') add(f.itemId, 'failed');
      for (const { event } of sim.events) if (event.type === 'item') add(event.itemId, event.outcome);
      for (const item of [...stored.plan.records, ...stored.plan.files, ...stored.plan.attachments]) {
        expect({ itemId: item.itemId, outcomes: outcomes.get(item.itemId) ?? [] }).toEqual({
          itemId: item.itemId,
          outcomes: [expect.any(String)],
        });
      }
      expect(sim.state.step).toBe(sim.state.steps);
      if (sim.state.failures.length === 0) expect(sim.state).toMatchObject({ status: 'succeeded' });
      else {
        expect(sim.state).toMatchObject({
          status: 'failed',
          reason: `${sim.state.failures.length} ${sim.state.failures.length === 1 ? 'item' : 'items'} not restored`,
        });
      }
    },
  );

  test.prop([planArb, writersArb, answers, answers])(
    'the order in which results arrive changes nothing of the outcome',
    (stored, writers, order1, order2) => {
      const first = startSimulation(stored);
      run(first, order1, writers);
      const second = startSimulation(stored);
      run(second, order2, writers);
      const outcome = (sim: Simulation) => ({
        status: sim.state.status,
        reason: sim.state.reason,
        step: sim.state.step,
        counts: sim.state.counts,
        idMap: sim.state.idMap,
        failures: sorted(sim.state.failures),
        writerRetries: sim.state.writerRetries,
      });
      expect(outcome(second)).toEqual(outcome(first));
    },
  );

  test.prop([planArb, writersArb, anyMoves, pick])(
    'cancel stops new steps: nothing is published after it, and the job ends cancelled once the work out is answered',
    (stored, writers, moves, at) => {
      const withCancel = [...moves.slice(0, at % (moves.length + 1)), { kind: 'cancel' } as Move, ...moves];
      const sim = startSimulation(stored);
      run(sim, withCancel, writers);
      const cancelAt = sim.steps.findIndex((s) => s.move.kind === 'cancel');
      const cancelled = sim.steps[cancelAt]!;
      if (isFinished(cancelled.before)) {
        // A job that had ended is left as it was.
        expect(cancelled.transition).toMatchObject({ save: 'no', events: [], publish: [] });
        return;
      }
      const after = sim.steps.slice(cancelAt);
      expect(after.flatMap((s) => s.transition.publish)).toEqual([]);
      // The step of the work out may end; no other starts.
      expect(sim.state.step).toBeLessThanOrEqual(cancelled.before.step + 1);
      expect(sim.state).toMatchObject({ status: 'cancelled', reason: 'cancelled by request', pending: [] });
      expect(sim.out.size).toBe(0);
    },
  );

  test.prop([planArb, writersArb, anyMoves])(
    'transitions are pure: the same moves give the same states and effects',
    (stored, writers, moves) => {
      const first = startSimulation(stored);
      run(first, moves, writers);
      const second = startSimulation(structuredClone(stored));
      run(second, moves, writers);
      const trace = (sim: Simulation) =>
        sim.steps.map(({ before, transition: { state: _after, ...effects } }) => ({ before, effects }));
      expect(trace(second)).toEqual(trace(first));
      expect(second.state).toEqual(first.state);
    },
  );
});
