// The job state machine on small hand-made plans: how a job starts, moves on and is cancelled.
import { sumOutcomes } from '@restorelab/planner-api';
import { describe, expect, it } from 'vitest';
import { advance, isFinished, pendingWork, planLost, progressEvent, requestCancel, resumedState } from './job-state.ts';
import { A1, A2, C1, C3, C4, F3, pendingPlanOf, sfId, start, T0, T1, T1d } from './plan-fixtures.ts';

describe('initial state', () => {
  it('counts skipped and will-fail items at once, as plan failures, and starts at step 0 of waves + 2', () => {
    const { state } = start();
    expect(state).toMatchObject({
      jobId: 'job-test',
      planId: 'plan-test',
      status: 'running',
      createdAt: T0,
      updatedAt: T0,
      step: 0,
      steps: 4,
      pending: [],
      cancelRequested: false,
      idMap: {},
      retries: 0,
    });
    expect(state.counts.records.total).toEqual({
      created: 0,
      overwritten: 0,
      newVersion: 0,
      skipped: 1,
      failed: 1,
      total: 2,
    });
    // Every object type of the plan has its counts from the start, written or not.
    expect(state.counts.records.byObject).toEqual({
      Account: { created: 0, overwritten: 0, newVersion: 0, skipped: 0, failed: 0, total: 0 },
      Contact: { created: 0, overwritten: 0, newVersion: 0, skipped: 1, failed: 1, total: 2 },
    });
    expect(state.counts.files).toEqual({ created: 0, overwritten: 0, newVersion: 0, skipped: 1, failed: 1, total: 2 });
    expect(state.counts.attachments).toEqual({
      created: 0,
      overwritten: 0,
      newVersion: 0,
      skipped: 1,
      failed: 0,
      total: 1,
    });
    expect(state.counts.selected).toBe(6);
    expect(state.failures).toEqual([
      {
        itemId: `record:${C3}`,
        objectType: 'Contact',
        code: 'MANDATORY_PARENT_DELETED',
        message: 'its parent is deleted',
        fields: ['Parent__c'],
        phase: 'plan',
        rule: 'R08',
      },
      {
        itemId: `file:${F3}`,
        objectType: 'ContentDocument',
        code: 'ALL_RECORDS_WILL_FAIL',
        message: 'every record it follows will fail',
        phase: 'plan',
      },
    ]);
    expect(isFinished(state)).toBe(false);
  });

  it('a resumed job starts afresh under the next attempt, keeping its ids, retries and creation time', () => {
    const { state: first, stored } = start();
    first.status = 'failed';
    first.idMap[A1] = sfId('001', 901);
    first.retries = 3;
    first.step = 4;
    first.counts.records.total.created = 1;
    first.failures.push({ itemId: 'x', objectType: 'Account', code: 'E', message: 'm', phase: 'write' });
    const second = resumedState(first, pendingPlanOf(stored), stored, T1);
    expect(second).toMatchObject({
      status: 'running',
      createdAt: T0,
      updatedAt: T1,
      step: 0,
      pending: [],
      idMap: { [A1]: sfId('001', 901) },
      retries: 3,
      writerRetries: 0,
      attempt: 2,
      resumedAt: [T1],
    });
    expect(second.counts).toEqual(start().state.counts);
    expect(second.failures.map((f) => f.phase)).toEqual(['plan', 'plan']);
    const third = resumedState({ ...second, status: 'failed', writerRetries: 5 }, pendingPlanOf(stored), stored, T0);
    expect(third).toMatchObject({ attempt: 3, resumedAt: [T1, T0], writerRetries: 5 });
  });

  it('a job whose plan is lost fails with the reason', () => {
    const { state } = start();
    expect(planLost(state)).toMatchObject({
      status: 'failed',
      reason: 'the stored plan is gone: the job cannot resume',
    });
    expect(isFinished(state)).toBe(true);
  });

  it('progress adds written, skipped and failed items of every kind, metafiles among them, out of all planned', () => {
    const { state, stored } = start();
    const c = state.counts;
    c.records.total = { created: 2, overwritten: 1, newVersion: 0, skipped: 1, failed: 1, total: 5 };
    c.files = { created: 1, overwritten: 3, newVersion: 1, skipped: 1, failed: 2, total: 8 };
    c.attachments = { created: 8, overwritten: 16, newVersion: 0, skipped: 3, failed: 5, total: 32 };
    c.metafiles = { created: 6, overwritten: 1, newVersion: 0, skipped: 0, failed: 1, total: 8 };
    c.all = sumOutcomes([c.records.total, c.files, c.attachments, c.metafiles]);
    state.step = 2;
    expect(progressEvent(state, stored)).toEqual({
      type: 'progress',
      wave: 2,
      written: 2 + 1 + 1 + 3 + 1 + 8 + 16 + 6 + 1,
      skipped: 1 + 1 + 3,
      failed: 1 + 2 + 5 + 1,
      metafiles: 7,
      total: stored.plan.summary.all.total,
    });
  });
});

describe('steps', () => {
  it("the first step's work is pending and published after a save", () => {
    const { state, stored } = start();
    const t = advance(state, stored, T1);
    expect(t.state).toBe(state);
    expect(t.save).toBe('now');
    expect(t.events).toEqual([]);
    expect(t.finished).toBeUndefined();
    expect(t.publish.map((w) => w.key)).toEqual(['w0.b0', 'w0.b1']);
    expect(state.pending).toEqual(['w0.b0', 'w0.b1']);
    expect(state.step).toBe(0);
    expect(t.publish.map((w) => w.kind === 'records' && [w.message.operation, w.message.items])).toEqual([
      ['create', [{ itemId: `record:${A1}`, sourceId: A1, fields: { Name: `name of ${A1}` } }]],
      ['update', [{ itemId: `record:${A2}`, sourceId: A2, targetId: A2, fields: { Name: `name of ${A2}` } }]],
    ]);
    // Nothing moves while work is pending.
    const again = advance(state, stored, T1);
    expect(again).toMatchObject({ save: 'no', publish: [], events: [] });
    expect(state.step).toBe(0);
  });

  it('a plan with nothing to write walks its empty steps without a save and ends at once', () => {
    const skipOnly = start({ records: [{ sourceId: A1, objectType: 'Account', action: 'skip' }] });
    const t = advance(skipOnly.state, skipOnly.stored, T1);
    expect(t).toMatchObject({ save: 'no', publish: [], events: [], finished: { status: 'succeeded' } });
    expect(skipOnly.state).toMatchObject({ status: 'succeeded', step: 2, steps: 2, finishedAt: T1 });
    expect(skipOnly.state.reason).toBeUndefined();

    const failing = start({ records: [{ sourceId: A1, objectType: 'Account', action: 'willFail' }] });
    expect(advance(failing.state, failing.stored, T1).finished).toEqual({
      status: 'failed',
      reason: '1 item not restored',
    });
    expect(failing.state).toMatchObject({ status: 'failed', reason: '1 item not restored', finishedAt: T1 });
  });

  it('items whose mandatory parent was not written fail (R08) and are not sent; the job moves past a step left empty', () => {
    const { state, stored } = start();
    // Wave 0 answered: the overwrite went through, the account to re-create failed.
    state.step = 1;
    state.failures.push({ itemId: `record:${A1}`, objectType: 'Account', code: 'X', message: 'x', phase: 'write' });
    const t = advance(state, stored, T1);
    const blocked = (itemId: string, objectType: string, message: string, fields: string[]) => ({
      type: 'item',
      itemId,
      objectType,
      outcome: 'failed',
      error: { code: 'PARENT_NOT_RESTORED', message, fields },
    });
    expect(t.events).toEqual([
      blocked(`record:${C1}`, 'Contact', 'mandatory link AccountId points at a record whose restore failed', [
        'AccountId',
      ]),
      blocked(`record:${C4}`, 'Contact', 'mandatory link AccountId points at a record whose restore failed', [
        'AccountId',
      ]),
      blocked(`attachment:${T1d}`, 'Attachment', `parent ${A1} was not restored`, ['ParentId']),
    ]);
    expect(state.failures.slice(-3).map((f) => [f.itemId, f.rule, f.phase])).toEqual([
      [`record:${C1}`, 'R08', 'write'],
      [`record:${C4}`, 'R08', 'write'],
      [`attachment:${T1d}`, 'R08', 'write'],
    ]);
    // Wave 1 and the patches had nothing left to send: the job is at files and attachments.
    expect(state.step).toBe(3);
    expect(t.save).toBe('now');
    expect(t.publish.map((w) => w.key)).toEqual(['file.0', 'attachment.2']);
    expect(state.pending).toEqual(['file.0', 'attachment.2']);
    const file = t.publish[0]!;
    // The file's link to a contact that was never re-created is dropped; its owner's link is the org's.
    expect(file.kind === 'file' && [file.message.links, file.message.targetIds]).toEqual([[], {}]);
    expect(state.counts.records.byObject.Contact).toEqual({
      created: 0,
      overwritten: 0,
      newVersion: 0,
      skipped: 1,
      failed: 3,
      total: 4,
    });
    expect(state.counts.records.total.failed).toBe(3);
    expect(state.counts.attachments.failed).toBe(1);
  });

  it('a restarted planner publishes exactly the pending work again', () => {
    const { state, stored } = start();
    const published = advance(state, stored, T1).publish;
    state.pending = ['w0.b1'];
    expect(pendingWork(state, stored)).toEqual([published[1]]);
  });
});

describe('cancel', () => {
  it('publishes nothing more, and ends the job once the work out is answered', () => {
    const { state, stored } = start();
    advance(state, stored, T1);
    const t = requestCancel(state, stored, T1);
    expect(t).toMatchObject({ save: 'now', publish: [], events: [] });
    expect(t.finished).toBeUndefined();
    expect(state).toMatchObject({ cancelRequested: true, status: 'running', step: 0 });
    // The wave's work answered: no next step, the job ends.
    state.pending = [];
    state.step++;
    const end = advance(state, stored, T0);
    expect(end).toMatchObject({ publish: [], finished: { status: 'cancelled', reason: 'cancelled by request' } });
    expect(state).toMatchObject({ status: 'cancelled', reason: 'cancelled by request', finishedAt: T0, step: 1 });
  });

  it('leaves a finished job as it is', () => {
    const { state, stored } = start({ records: [{ sourceId: A1, objectType: 'Account', action: 'skip' }] });
    advance(state, stored, T1);
    const before = structuredClone(state);
    expect(requestCancel(state, stored, T0)).toMatchObject({ save: 'no', publish: [], events: [] });
    expect(state).toEqual(before);
  });
});
