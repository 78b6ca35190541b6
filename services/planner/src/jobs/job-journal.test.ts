// The job's head and journal without NATS: whatever happened to a job (answers in any order,
// refusals, redeliveries, dead letters, cancels), its head and committed journal give the job back
// exactly as the planner held it; the head stays small however large the job; entries stay well
// inside a NATS message.
import { test } from '@fast-check/vitest';
import { emptyOutcomeCounts, JOB_FAILURES_SHOWN, JOB_IDS_SHOWN } from '@restorelab/planner-api';
import { describe, expect, it } from 'vitest';
import { anyMoves, planArb, writersArb } from './job-arbitraries.ts';
import {
  ENTRY_CHARS,
  firstIds,
  fromWholeState,
  headOf,
  type JournalEntry,
  journal,
  rebuild,
  viewOf,
} from './job-journal.ts';
import { run, type Simulation, type Step, startSimulation } from './job-simulation.ts';
import { makeStoredPlan, sfId } from './plan-fixtures.ts';
import type { JobFailure, JobState, LiveJob, StoredPlan } from './types.ts';

/** A simulated job journaled as the job manager journals it; checks a rebuild after every step. */
function journaledRun(stored: StoredPlan, onRebuilt: (live: LiveJob, back: LiveJob) => void) {
  const sim: Simulation = startSimulation(stored);
  const live: LiveJob = Object.assign(sim.state, { batches: 0, runFrom: 0 });
  const entries: JournalEntry[] = [];
  const journalStep = (step: Step) => {
    const key = step.transition.outcome === 'applied' ? step.answered?.key : undefined;
    const failures = live.failures.slice(step.before.failures.length);
    const learnt = { step: step.before.step, key, ids: step.transition.restoredIds, failures };
    for (const { seq, entry } of journal(live, learnt)) entries[seq] = JSON.parse(JSON.stringify(entry));
    // What a new planner reads: the head as saved (JSON), the entries it commits.
    const head = JSON.parse(JSON.stringify(headOf(live)));
    onRebuilt(live, rebuild(head, entries.slice(0, head.batches), stored));
  };
  journalStep(sim.steps[0]!);
  return { sim, journalStep };
}

describe('job journal', () => {
  test.prop([planArb, writersArb, anyMoves])(
    'after any step, the head and the journal give back the ids, failures, pending work and counts',
    (stored, writers, moves) => {
      const { sim, journalStep } = journaledRun(stored, (live, back) => {
        expect(back.idMap).toEqual(live.idMap);
        expect(back.idCount).toBe(Object.keys(live.idMap).length);
        expect(back.failures).toEqual(live.failures);
        expect(new Set(back.pending)).toEqual(new Set(live.pending));
        expect(back.counts).toEqual(live.counts);
        expect([back.step, back.status, back.cancelRequested]).toEqual([live.step, live.status, live.cancelRequested]);
      });
      run(sim, moves, writers, journalStep);
    },
  );

  it('keeps the head bounded and splits what one step learnt into entries inside a message', () => {
    const live = bigJob(30_000, 5_000);
    const head = JSON.stringify(headOf(live));
    const whole = JSON.stringify(live);
    // The single value the job used to be: over NATS's 1 MB limit at 30,000 records.
    expect(whole.length).toBeGreaterThan(1024 * 1024);
    expect(head.length).toBeLessThan(32 * 1024);
    expect(headOf(live).failures).toHaveLength(JOB_FAILURES_SHOWN);
    expect(headOf(live).failureCount).toBe(5_000);
    const numbered = journal(live, { step: 1, ids: live.idMap, failures: live.failures });
    expect(numbered.map((n) => n.seq)).toEqual(numbered.map((_, i) => i));
    expect(live.batches).toBe(numbered.length);
    for (const { entry } of numbered) expect(JSON.stringify(entry).length).toBeLessThan(ENTRY_CHARS + 1024);
    const ids = Object.assign({}, ...numbered.map((n) => n.entry.ids ?? {}));
    expect(ids).toEqual(live.idMap);
    expect(numbered.flatMap((n) => n.entry.failures ?? [])).toEqual(live.failures);
    console.info(
      `[measure] 30,000 ids + 5,000 failures: whole state ${whole.length} chars, head ${head.length} chars, ${numbered.length} entries`,
    );
  });

  it('moves a job saved whole before the journal into it: its ids and write failures become entries', () => {
    const stored = makeStoredPlan({
      records: [{ sourceId: sfId('a00', 1), objectType: 'A__c', action: 'create', wave: 0 }],
    });
    const { idMap: _i, idCount: _c, batches: _b, runFrom: _r, ...rest } = bigJob(3_000, 40);
    const whole: JobState = { ...rest, step: 0, pending: [], idMap: bigJob(3_000, 0).idMap, idCount: 0 };
    const live = fromWholeState(whole);
    expect(live.idCount).toBe(3_000);
    const failures = live.failures.filter((f) => f.phase !== 'plan');
    const entries = journal(live, { step: live.step, ids: live.idMap, failures }).map((n) => n.entry);
    const back = rebuild(JSON.parse(JSON.stringify(headOf(live))), entries, stored);
    expect(back.idMap).toEqual(whole.idMap);
    expect(back.failures).toEqual(whole.failures);
  });

  it('shows the API a bounded job: the first ids and failures, with how many there are', () => {
    const live = bigJob(30_000, 5_000);
    const view = viewOf(live);
    expect(Object.keys(view.idMap)).toHaveLength(JOB_IDS_SHOWN);
    expect(view.idCount).toBe(30_000);
    expect(view.failures).toEqual(live.failures.slice(0, JOB_FAILURES_SHOWN));
    expect(view.failureCount).toBe(5_000);
    expect(view).not.toHaveProperty('batches');
    expect(firstIds({ a: '1', b: '2', c: '3' }, 2)).toEqual({ a: '1', b: '2' });
  });
});

function bigJob(records: number, failed: number): LiveJob {
  const idMap: Record<string, string> = {};
  for (let i = 0; i < records; i++) idMap[`a01${String(i).padStart(15, '0')}`] = `a01${String(i).padStart(15, '9')}`;
  const failures: JobFailure[] = Array.from({ length: failed }, (_, i) => ({
    itemId: `a02${String(i).padStart(15, '0')}`,
    objectType: 'Deliverable__c',
    code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
    message: 'refused by a validation rule',
    fields: ['Status__c'],
    phase: 'write',
  }));
  const empty = emptyOutcomeCounts();
  return {
    jobId: 'job-big',
    planId: 'plan-big',
    orgId: '00D000000000001AAA',
    request: { snapshotId: 'snap-1', rootId: 'a00000000000001AAA', method: 'related' },
    status: 'running',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    step: 1,
    steps: 4,
    pending: ['w1.b0'],
    cancelRequested: false,
    counts: {
      selected: records,
      records: { total: { ...empty, created: records, total: records }, byObject: {} },
      files: empty,
      attachments: empty,
      metafiles: empty,
      all: { ...empty, created: records, total: records },
      unattributed: 0,
    },
    failures,
    failureCount: failed,
    idMap,
    idCount: records,
    retries: 0,
    batches: 0,
    runFrom: 0,
  };
}
