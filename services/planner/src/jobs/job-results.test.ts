// The writers' answers applied to a job on small hand-made plans: results and dead letters.
import { describe, expect, it } from 'vitest';
import { applyDeadLetter, applyResult } from './job-results.ts';
import { advance, type Transition } from './job-state.ts';
import {
  A1,
  A2,
  batchResult,
  C1,
  C4,
  deadLetter,
  F1,
  F2,
  newIdOf,
  type RecordWork,
  start,
  T0,
  T1,
  T1d,
  taskResult,
  workOf,
} from './plan-fixtures.ts';
import type { JobState, StoredPlan } from './types.ts';

/** Writes every record step, each record written as asked; the transition that reached the files. */
function writeRecords(state: JobState, stored: StoredPlan): Transition {
  let t = advance(state, stored, T1);
  for (let round = 0; round < 5 && state.step < 3; round++) {
    for (const w of t.publish)
      t = applyResult(
        state,
        stored,
        batchResult(w, (i) => ({ newId: newIdOf(i.sourceId) })),
        T1,
      );
  }
  expect(state.step).toBe(3);
  return t;
}

describe('results', () => {
  it('a created record: its new id mapped and kept past the job, counted, told, saved with the next commit', () => {
    const { state, stored } = start();
    const wave0 = advance(state, stored, T1).publish;
    const t = applyResult(
      state,
      stored,
      batchResult(wave0[0]!, (i) => ({ newId: newIdOf(i.sourceId) }), { retries: 2 }),
      T1,
    );
    expect(t.outcome).toBe('applied');
    expect(t.save).toBe('commit');
    expect(t.publish).toEqual([]);
    expect(t.restoredIds).toEqual({ [A1]: newIdOf(A1) });
    expect(t.events).toEqual([
      { type: 'item', itemId: `record:${A1}`, objectType: 'Account', outcome: 'created', newId: newIdOf(A1) },
      {
        type: 'progress',
        wave: 0,
        written: 1,
        skipped: 3,
        failed: 2,
        metafiles: 0,
        total: stored.plan.summary.all.total,
      },
    ]);
    expect(state.idMap).toEqual({ [A1]: newIdOf(A1) });
    expect(state.counts.records.byObject.Account).toEqual({
      created: 1,
      overwritten: 0,
      newVersion: 0,
      skipped: 0,
      failed: 0,
      total: 1,
    });
    expect(state.counts.all.created).toBe(1);
    expect(state.writerRetries).toBe(2);
    expect(state.pending).toEqual(['w0.b1']);
  });

  it("the step's last answer moves the job on: the next wave points at the new ids and is saved before it goes out", () => {
    const { state, stored } = start();
    const wave0 = advance(state, stored, T1).publish;
    applyResult(
      state,
      stored,
      batchResult(wave0[0]!, (i) => ({ newId: newIdOf(i.sourceId) })),
      T1,
    );
    const t = applyResult(state, stored, batchResult(wave0[1]!), T1);
    expect(t.outcome).toBe('applied');
    expect(t.restoredIds).toBeUndefined();
    expect(t.events).toEqual([
      { type: 'item', itemId: `record:${A2}`, objectType: 'Account', outcome: 'updated' },
      {
        type: 'progress',
        wave: 0,
        written: 2,
        skipped: 3,
        failed: 2,
        metafiles: 0,
        total: stored.plan.summary.all.total,
      },
    ]);
    expect(t.save).toBe('now');
    expect(state.step).toBe(1);
    const [contacts] = t.publish as RecordWork[];
    expect(t.publish.map((w) => w.key)).toEqual(['w1.b0']);
    expect(contacts!.message.items.map((i) => [i.sourceId, i.fields.AccountId])).toEqual([
      [C1, newIdOf(A1)],
      [C4, newIdOf(A1)],
    ]);
    expect(state.pending).toEqual(['w1.b0']);
  });

  it('a redelivered result changes nothing but the retry count, and asks for nothing', () => {
    const { state, stored } = start();
    const wave0 = advance(state, stored, T1).publish;
    const result = batchResult(wave0[0]!, (i) => ({ newId: newIdOf(i.sourceId) }), { retries: 1 });
    applyResult(state, stored, result, T1);
    const before = structuredClone(state);
    const again = applyResult(state, stored, result, T0);
    expect(again).toMatchObject({ outcome: 'duplicate', save: 'no', events: [], publish: [] });
    expect(again.restoredIds).toBeUndefined();
    expect(state).toEqual({ ...before, retries: before.retries + 1 });
  });

  it('a late result of an earlier attempt is left alone, not even counted as a retry', () => {
    const { state, stored } = start();
    state.attempt = 2;
    const wave0 = advance(state, stored, T1).publish;
    const before = structuredClone(state);
    const t = applyResult(
      state,
      stored,
      batchResult(wave0[0]!, () => ({}), { attempt: 1 }),
      T1,
    );
    expect(t).toMatchObject({ outcome: 'stale', save: 'no', events: [] });
    expect(state).toEqual(before);
    expect(
      applyResult(
        state,
        stored,
        batchResult(wave0[0]!, () => ({}), { attempt: 2 }),
        T1,
      ).outcome,
    ).toBe('applied');
  });

  it('refused items fail with the writer reason (or UNKNOWN_ERROR when it gave none)', () => {
    const { state, stored } = start();
    const wave0 = advance(state, stored, T1).publish;
    const error = { code: 'DUPLICATE_VALUE', message: 'duplicate', fields: ['Name'] };
    const t1 = applyResult(
      state,
      stored,
      batchResult(wave0[0]!, () => ({ success: false, error })),
      T1,
    );
    const t2 = applyResult(
      state,
      stored,
      batchResult(wave0[1]!, () => ({ success: false })),
      T1,
    );
    expect(t1.events[0]).toEqual({
      type: 'item',
      itemId: `record:${A1}`,
      objectType: 'Account',
      outcome: 'failed',
      error,
    });
    expect(state.failures.filter((f) => f.objectType === 'Account')).toEqual([
      { itemId: `record:${A1}`, ...error, phase: 'write', objectType: 'Account' },
      {
        itemId: `record:${A2}`,
        code: 'UNKNOWN_ERROR',
        message: 'the writer gave no reason',
        fields: [],
        phase: 'write',
        objectType: 'Account',
      },
    ]);
    expect(t1.restoredIds).toBeUndefined();
    expect(state.counts.records.byObject.Account).toEqual({
      created: 0,
      overwritten: 0,
      newVersion: 0,
      skipped: 0,
      failed: 2,
      total: 2,
    });
    // One planned failure, two refused, and both contacts of wave 1 blocked by their failed account.
    expect(state.counts.records.total.failed).toBe(5);
    // Wave 1 is all blocked (its account failed), the patches have nothing: files and attachments.
    expect(t2.publish.map((w) => w.key)).toEqual(['file.0', 'attachment.2']);
  });

  it('a create answered without a new id counts as created (the org made it) and maps nothing', () => {
    const { state, stored } = start();
    const wave0 = advance(state, stored, T1).publish;
    const t = applyResult(state, stored, batchResult(wave0[0]!), T1);
    expect(state.idMap).toEqual({});
    expect(state.counts.records.byObject.Account).toMatchObject({ created: 1, overwritten: 0, total: 1 });
    expect(t.events[0]).toMatchObject({ outcome: 'created' });
  });

  it('patches: a written patch is not counted again; a refused one moves its record from created to failed', () => {
    const { state, stored } = start();
    let t = advance(state, stored, T1);
    for (const w of t.publish)
      t = applyResult(
        state,
        stored,
        batchResult(w, (i) => ({ newId: newIdOf(i.sourceId) })),
        T1,
      );
    for (const w of t.publish)
      t = applyResult(
        state,
        stored,
        batchResult(w, (i) => ({ newId: newIdOf(i.sourceId) })),
        T1,
      );
    expect(state.step).toBe(2);
    const patch = workOf(t.publish, 'w2.b0') as RecordWork;
    expect(patch.message.items).toEqual([
      { itemId: `patch-${C4}`, sourceId: C4, targetId: newIdOf(C4), fields: { ReportsToId: newIdOf(C1) } },
    ]);
    const counts = structuredClone(state.counts);
    const written = applyResult(structuredClone(state), stored, batchResult(patch), T1);
    expect(written.state.counts).toEqual(counts);
    expect(written.events.filter((e) => e.type === 'item')).toEqual([]);
    const refused = applyResult(
      state,
      stored,
      batchResult(patch, () => ({ success: false })),
      T1,
    );
    // One outcome per item: the record counted created when written is failed now, nothing added.
    expect(state.counts.records.byObject.Contact).toEqual({
      ...counts.records.byObject.Contact,
      created: counts.records.byObject.Contact!.created - 1,
      failed: counts.records.byObject.Contact!.failed + 1,
    });
    expect(state.counts.all.total).toBe(counts.all.total);
    expect(refused.events[0]).toMatchObject({ itemId: `patch-${C4}`, objectType: 'Contact', outcome: 'failed' });
  });

  it("files and attachments: new ids mapped, sharing and owner links counted as metafiles, a skipped file's links written", () => {
    const { state, stored } = start();
    const t = writeRecords(state, stored);
    expect(t.publish.map((w) => w.key)).toEqual(['file.0', 'w3.b1', 'attachment.0', 'attachment.2']);
    const links = workOf(t.publish, 'w3.b1') as RecordWork;
    expect(links.message.items[0]!.fields).toMatchObject({ ContentDocumentId: F2, LinkedEntityId: newIdOf(A1) });
    const before = structuredClone(state.counts);
    applyResult(state, stored, batchResult(links), T1);
    expect(state.counts.metafiles.created).toBe(before.metafiles.created + 1);
    expect(state.counts.all.total).toBe(before.all.total + 1);
    expect(state.counts.records).toEqual(before.records);
    const file = applyResult(
      state,
      stored,
      taskResult(workOf(t.publish, 'file.0'), { newId: newIdOf(F1), linksWritten: 1 }),
      T1,
    );
    expect(file.events[0]).toEqual({
      type: 'item',
      itemId: `file:${F1}`,
      objectType: 'ContentDocument',
      outcome: 'created',
      newId: newIdOf(F1),
    });
    expect(state.counts.files).toEqual({ ...before.files, created: 1, total: before.files.total + 1 });
    // Kept past the job, like a record's: a later restore treats the copy as the file (R19).
    expect(file.restoredIds).toEqual({ [F1]: newIdOf(F1) });
    // One sharing link written, and the owner's link the org made with the new document.
    expect(state.counts.metafiles.created).toBe(before.metafiles.created + 1 + 2);
    expect(state.counts.all.created).toBe(before.all.created + 1 + 3);
    const attachment = applyResult(
      state,
      stored,
      taskResult(workOf(t.publish, 'attachment.0'), { newId: newIdOf(T1d) }),
      T1,
    );
    expect(attachment.restoredIds).toEqual({ [T1d]: newIdOf(T1d) });
    const last = applyResult(state, stored, taskResult(workOf(t.publish, 'attachment.2')), T1);
    expect(last.restoredIds).toBeUndefined(); // an overwrite makes no copy
    expect(state.idMap[F1]).toBe(newIdOf(F1));
    expect(state.idMap[T1d]).toBe(newIdOf(T1d));
    expect(state.counts.attachments).toEqual({
      created: 1,
      overwritten: 1,
      newVersion: 0,
      skipped: 1,
      failed: 0,
      total: 3,
    });
    // All answered: the job ends, failed by its two planned failures.
    expect(last.finished).toEqual({ status: 'failed', reason: '2 items not restored' });
    expect(state).toMatchObject({ status: 'failed', pending: [], step: 4, finishedAt: T1 });
  });

  it("a skipped file's link the org refused is a failed metafile; the file stays skipped", () => {
    const { state, stored } = start();
    const t = writeRecords(state, stored);
    const before = structuredClone(state.counts);
    const refused = applyResult(
      state,
      stored,
      batchResult(workOf(t.publish, 'w3.b1'), () => ({ success: false })),
      T1,
    );
    expect(refused.events[0]).toMatchObject({ objectType: 'ContentDocumentLink', outcome: 'failed' });
    expect(state.counts.files).toEqual(before.files);
    expect(state.counts.metafiles).toEqual({ ...before.metafiles, failed: 1, total: before.metafiles.total + 1 });
  });
});

describe('dead letters', () => {
  it("every item of the given-up work fails with the writer's reason; the state is saved at once", () => {
    const { state, stored } = start();
    advance(state, stored, T1);
    const t = applyDeadLetter(state, stored, deadLetter('job-test.w0.b1.a3'), T1);
    expect(t.outcome).toBe('applied');
    expect(t.save).toBe('now');
    const message = 'the writer gave up after 5 deliveries: FIELD_INTEGRITY_EXCEPTION';
    expect(t.events).toEqual([
      {
        type: 'item',
        itemId: `record:${A2}`,
        objectType: 'Account',
        outcome: 'failed',
        error: { code: 'DEAD_LETTER', message, fields: [] },
      },
      {
        type: 'progress',
        wave: 0,
        written: 0,
        skipped: 3,
        failed: 3,
        metafiles: 0,
        total: stored.plan.summary.all.total,
      },
    ]);
    expect(state.failures.at(-1)).toEqual({
      code: 'DEAD_LETTER',
      message,
      phase: 'write',
      itemId: `record:${A2}`,
      objectType: 'Account',
    });
    expect(state.pending).toEqual(['w0.b0']);
    const before = structuredClone(state);
    expect(applyDeadLetter(state, stored, deadLetter('job-test.w0.b1'), T1)).toMatchObject({
      outcome: 'duplicate',
      save: 'no',
      events: [],
    });
    expect(state).toEqual(before);
  });

  it('a given-up file task fails its file', () => {
    const { state, stored } = start();
    state.step = 3;
    advance(state, stored, T1);
    applyDeadLetter(state, stored, deadLetter('job-test.file.0'), T1);
    expect(state.counts.files.failed).toBe(2);
    expect(state.failures.at(-1)).toMatchObject({ itemId: `file:${F1}`, objectType: 'ContentDocument' });
  });

  it('a dead letter of no work the planner sends fails the job all the same; none after the job ended', () => {
    const { state, stored } = start();
    advance(state, stored, T1);
    const counts = structuredClone(state.counts);
    const t = applyDeadLetter(state, stored, deadLetter(undefined, { deliveries: 3, reason: 'bad' }), T1);
    expect(t).toMatchObject({ outcome: 'foreign', save: 'now' });
    expect(state.failures.at(-1)).toEqual({
      itemId: 'dead-letter:restorelab.records.batch.job-test',
      objectType: 'Message',
      code: 'DEAD_LETTER',
      message: 'a message for this job was refused after 3 deliveries: bad',
      phase: 'write',
    });
    // Tied to no item: counted apart, so no kind's counts move.
    expect(state.counts).toEqual({ ...counts, unattributed: 1 });
    expect(state.pending).toEqual(['w0.b0', 'w0.b1']);
    expect(applyDeadLetter(state, stored, deadLetter('job-test.something-else'), T1).outcome).toBe('foreign');

    const done = start({ records: [{ sourceId: A1, objectType: 'Account', action: 'skip' }] });
    advance(done.state, done.stored, T1);
    const before = structuredClone(done.state);
    expect(applyDeadLetter(done.state, done.stored, deadLetter(undefined), T1)).toMatchObject({
      outcome: 'ignored',
      save: 'no',
      events: [],
    });
    expect(done.state).toEqual(before);
  });
});
