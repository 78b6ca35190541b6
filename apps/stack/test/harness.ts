// Test harness: one real stack (embedded nats-server, the mock demo org over HTTP, record-writer,
// file-writer, the planner API) with its API through planner-api's client, a raw `call` for what a
// typed client cannot send (bad bodies, no token), plus org helpers through jsforce.

import { type JobState, type PendingPlan, PlannerApiClient } from '@restorelab/planner-api';
import { type Stack, type StackOptions, startStack } from '../src/stack.ts';
import { silent } from '../src/testing.ts';

export { destroy, idOf, queryAll, queryOne, silent } from '../src/testing.ts';

export interface Api {
  call(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any }>;
  backup(): Promise<string>;
  plan(recordId: string, method: 'record' | 'related', snapshotId?: string): Promise<PendingPlan>;
  confirm(planId: string): Promise<JobState>;
  /** Plans, confirms and waits for the job to finish. */
  restore(
    recordId: string,
    method: 'record' | 'related',
    snapshotId?: string,
  ): Promise<{ plan: PendingPlan; job: JobState }>;
  waitJob(jobId: string): Promise<JobState>;
}

export type TestStack = Stack & { api: Api };

export async function startTestStack(options: Omit<StackOptions, 'logger'> = {}): Promise<TestStack> {
  const stack = await startStack({ ...options, logger: silent });
  const call: Api['call'] = async (method, path, body, token) => {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token ?? stack.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${stack.plannerUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed };
  };
  const client = new PlannerApiClient({ url: stack.plannerUrl, token: stack.token });
  const api: Api = {
    call,
    backup: async () => (await client.backup()).snapshot.id,
    plan: (recordId, method, snapshotId) =>
      client.planRestore({ recordId, method, ...(snapshotId ? { snapshotId } : {}) }),
    confirm: (planId) => client.confirm(planId),
    waitJob: (jobId) => stack.planner.manager.settled(jobId, 30_000),
    restore: async (recordId, method, snapshotId) => {
      const plan = await api.plan(recordId, method, snapshotId);
      const started = await api.confirm(plan.planId);
      const job = await api.waitJob(started.jobId);
      return { plan, job };
    },
  };
  return Object.assign(stack, { api });
}
