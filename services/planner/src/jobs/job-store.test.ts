// The job store over a real nats-server: small plans ride in their KV entry, large ones in the object
// store, and a job's entry can be created only once.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ensureJetStream, KV_BUCKETS } from '@restorelab/contracts';
import { createLogger, type NatsHandle, useNats } from '@restorelab/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobHead, JournalEntry } from './job-journal.ts';
import { INLINE_PLAN_CHARS, type JobStore, openJobStore, STREAMED_PLAN_RECORDS } from './job-store.ts';
import type { PendingPlan, StoredPlan } from './types.ts';

let nats: NatsHandle;
let jobs: JobStore;

beforeAll(async () => {
  const logger = createLogger({ name: 'job-store-test', level: 'silent' });
  nats = await useNats({ name: 'job-store-test', logger, env: {}, registerShutdown: false });
  await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
  jobs = await openJobStore(jetstream(nats.nc));
}, 30_000);

afterAll(async () => {
  await nats?.close();
});

function planOf(planId: string, records: number): { pending: PendingPlan; stored: StoredPlan } {
  const pending = { planId, orgId: '00D000000000001AAA', createdAt: '2026-11-26T00:00:00.000Z' } as PendingPlan;
  const stored = {
    planId,
    mandatoryLinks: ['Step__c.Stage__c'],
    plan: { records: Array.from({ length: records }, (_, i) => ({ itemId: `r${i}`, note: 'x'.repeat(40) })) },
  } as unknown as StoredPlan;
  return { pending, stored };
}

describe('job store', () => {
  it('keeps a small plan inside its KV entry and a large one in the object store (past a size, in pieces); all read back whole', async () => {
    for (const [planId, records] of [
      ['plan-small', 10],
      ['plan-mid', 5_000],
      ['plan-large', 20_000],
    ] as const) {
      const { pending, stored } = planOf(planId, records);
      const json = await jobs.putPlan(pending, stored);
      // Past STREAMED_PLAN_RECORDS the plan is never made into one string.
      expect(json, planId).toBe(records > STREAMED_PLAN_RECORDS ? undefined : JSON.stringify(stored));
      expect(await jobs.pendingPlan(planId)).toEqual(pending); // the plan itself is not part of it
      expect(await jobs.storedPlan(planId)).toEqual(stored);
      const object = await jobs.content.info(`plans/${planId}.json.gz`);
      expect(object !== null, planId).toBe(JSON.stringify(stored).length > INLINE_PLAN_CHARS);
      // Gzipped: far smaller than its JSON.
      if (object) expect(object.size).toBeLessThan(JSON.stringify(stored).length / 5);
    }
    expect(await jobs.storedPlan('plan-missing')).toBeUndefined();
    expect(await jobs.pendingPlan('not a key')).toBeUndefined();
  });

  it('reads back a large plan stored as plain JSON before plans were gzipped', async () => {
    const { pending, stored } = planOf('plan-plain', 20_000);
    await jobs.content.putBlob({ name: 'plans/plan-plain.json' }, new TextEncoder().encode(JSON.stringify(stored)));
    expect(await jobs.storedPlan('plan-plain')).toBeUndefined(); // no pending entry: no plan
    const kv = await new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
    await kv.put('plan.plan-plain', JSON.stringify(pending));
    expect(await jobs.storedPlan('plan-plain')).toEqual(stored);
  });

  it("creates a job's entry once: a second create leaves the first state", async () => {
    const job = { jobId: 'job-once', status: 'running', createdAt: '2026-11-26T00:00:00.000Z' } as JobHead;
    expect(await jobs.createJob(job)).toBe(true);
    expect(await jobs.createJob({ ...job, status: 'failed' })).toBe(false);
    expect((await jobs.job('job-once'))?.status).toBe('running');
    await jobs.putJob({ ...job, status: 'succeeded' });
    expect((await jobs.job('job-once'))?.status).toBe('succeeded');
  });

  it('writes journal entries before the head, and reads them back in order; heads list without them', async () => {
    const head = {
      jobId: 'job-journal',
      status: 'running',
      createdAt: '2026-11-27T00:00:00.000Z',
      batches: 3,
    } as JobHead;
    const entries: JournalEntry[] = [0, 1, 2].map((i) => ({
      attempt: 1,
      step: 0,
      key: `w0.b${i}`,
      ids: { [`a${i}`]: `b${i}` },
    }));
    await jobs.putJob(
      head,
      entries.map((entry, seq) => ({ seq, entry })),
    );
    expect(await jobs.journal('job-journal', 0, 3)).toEqual(entries);
    expect(await jobs.journal('job-journal', 1, 3)).toEqual(entries.slice(1));
    await expect(jobs.journal('job-journal', 0, 4)).rejects.toThrow(/entry 3 of job job-journal is missing/);
    const listed = (await jobs.jobs()).filter((j) => j.jobId === 'job-journal');
    expect(listed).toHaveLength(1); // the entries `job.<id>.b.<n>` are not jobs
  });
});
