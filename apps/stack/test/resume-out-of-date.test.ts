// A failed job whose items a later job restored cannot be resumed: its plan was made before that
// job's writes, so resuming it would put older values over them. The API says so, and says what to
// do instead, rather than asking the user to wait for a job that has already ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroy, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('resuming a failed job after another job restored its items', () => {
  it('answers 409 naming the later job and asking for a new restore; a job still running is waited for', async () => {
    const account = (await stack.conn.sobject('Account').create({ Name: 'Resume Too Late' })) as { id: string };
    const snap = await stack.api.backup();
    await destroy(stack, 'Account', [account.id]);

    // The first job fails: the org has no API requests left.
    const first = await stack.api.plan(account.id, 'record', snap);
    stack.mock!.admin.setDailyApiLimit(stack.mock!.admin.apiCalls().apiCalls);
    const failed = await stack.api.waitJob((await stack.api.confirm(first.planId)).jobId);
    expect(failed.status).toBe('failed');
    stack.mock!.admin.setDailyApiLimit(1_000_000);

    // A second restore of the same record, planned and run after that, succeeds.
    const second = await stack.api.plan(account.id, 'record', snap);
    const later = await stack.api.waitJob((await stack.api.confirm(second.planId)).jobId);
    expect(later.status, JSON.stringify(later.failures)).toBe('succeeded');

    const resumed = await stack.api.call('POST', `/v1/jobs/${failed.jobId}/resume`);
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(409);
    const message = String(resumed.body.error.message);
    expect(message).toContain(later.jobId);
    expect(message).toMatch(/after its plan was made; start a new restore/);
    expect(message).not.toMatch(/resume after it ends/);
    // Nothing was written twice: one account of that name.
    const found = await stack.conn.query("SELECT Id FROM Account WHERE Name = 'Resume Too Late'");
    expect(found.totalSize).toBe(1);
  });
});
