// What the API says of a job that has just ended is what KV holds: a client that reads `failed`
// and resumes the job at once must not be told it is running (org-faults' "resumed the next day"
// once got 409 under load: the planner answered from memory before its final save was in KV).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroy, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
/** Opened by the test: until then, the save of a job's end waits (a slow KV). */
let openGate: () => void = () => {};
let finalSaveHeld: Promise<void>;
let heldSave: () => void = () => {};

beforeAll(async () => {
  finalSaveHeld = new Promise((resolve) => {
    heldSave = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  stack = await startTestStack({
    seams: {
      planner: {
        save: async (job) => {
          if (job.status !== 'failed') return;
          heldSave();
          await gate;
        },
      },
    },
  });
});
afterAll(async () => {
  openGate();
  await stack?.close();
});

describe("a job's end as the API reports it", () => {
  it('reads `failed` only once it is saved, so a resume right after it is accepted', async () => {
    const account = (await stack.conn.sobject('Account').create({ Name: 'Finish Race' })) as { id: string };
    const snap = await stack.api.backup();
    await destroy(stack, 'Account', [account.id]);
    const plan = await stack.api.plan(account.id, 'record', snap);
    // No API requests left: the write fails, and so does the job.
    stack.mock!.admin.setDailyApiLimit(stack.mock!.admin.apiCalls().apiCalls);
    const { jobId } = await stack.api.confirm(plan.planId);
    await finalSaveHeld;
    // The end is decided, its save held: the API must not say `failed` yet.
    let answered = false;
    const read = stack.api.call('GET', `/v1/jobs/${jobId}`).finally(() => {
      answered = true;
    });
    await new Promise((r) => setTimeout(r, 500));
    const early = answered ? (await read).body.status : undefined;
    openGate();
    expect(early === undefined || early === 'running', `answered ${early} before the save`).toBe(true);
    expect((await read).body.status).toBe('failed');
    stack.mock!.admin.setDailyApiLimit(1_000_000);
    const resumed = await stack.api.call('POST', `/v1/jobs/${jobId}/resume`);
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(202);
    const done = await stack.api.waitJob(jobId);
    expect(done.status, JSON.stringify(done.failures)).toBe('succeeded');
  });
});
