// A flaky org and a spent org, through the real stack (services as OS processes, the mock over
// HTTP): injected 503s, row locks and latency plus a session expiring mid-job must end in a complete
// restore at a bounded cost in API calls; a daily API allocation running out must stop the job
// cleanly as failed, saying which items were written and which were not.
//
// Each runs RELIABILITY_REPEATS times (default 1), a seed per run in the test's name (RELIABILITY_SEED
// replays one): it picks which calls fail and when the sessions expire, or the org's latency.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from './harness/api-client.ts';
import { checkTree } from './harness/org-data.ts';
import { type ProcessStack, startProcessStack } from './harness/process-stack.ts';
import { between, random, seededRuns } from './harness/repeats.ts';
import { planLostTree, slowWrites, written } from './harness/scenario.ts';

let stack: ProcessStack;
beforeAll(async () => {
  stack = await startProcessStack();
});
afterAll(async () => {
  await stack?.close();
});

const apiCalls = () => stack.mock.admin.apiCalls().apiCalls;

/** Retries the writers wrote in their logs ("batch written" / "files restored" lines): a cross-check. */
function writerRetries(since: number): number {
  let retries = 0;
  for (const proc of [...stack.recordWriters, ...stack.fileWriters]) {
    for (const line of proc.logs()) {
      if (typeof line.time === 'number' && line.time >= since && typeof line.retries === 'number') {
        retries += line.retries;
      }
    }
  }
  return retries;
}

const SHAPE = { milestones: 250, deliverablesPer: 1, files: 24 };

/** Every call but the record writes: 10% answered 503. Record writes: 10% UNABLE_TO_LOCK_ROW. */
const flakyOrg = (seed: number) => ({
  seed,
  rules: [
    { path: '*/composite/sobjects', errorRate: 0.1, error: 'UNABLE_TO_LOCK_ROW' as const, latencyMs: 40 },
    { path: '/services/data/v*', notPath: '*/composite/sobjects*', errorRate: 0.1, latencyMs: 20 },
  ],
});

describe('a flaky org', () => {
  for (const { run, seed, label } of seededRuns('flaky org')) {
    it(`10% of calls failing (503, UNABLE_TO_LOCK_ROW) with latency and a session expiring mid-job: the job completes with retries, within 1.5x the calls of a clean run (${label})`, async () => {
      const expireAfterMs = between(random(seed), 0, 300);
      // The same restore on a clean org first: the baseline of API calls.
      const clean = await planLostTree(stack, `fa${run}`, SHAPE);
      let calls = apiCalls();
      const cleanJob = await stack.api.waitJob((await stack.api.confirm(clean.planId)).jobId);
      const cleanCalls = apiCalls() - calls;
      expect(cleanJob.status).toBe('succeeded');

      const flaky = await planLostTree(stack, `fb${run}`, SHAPE);
      stack.mock.admin.setFaults(flakyOrg(seed));
      calls = apiCalls();
      const since = Date.now();
      const started = await stack.api.confirm(flaky.planId);
      await stack.api.waitFor(started.jobId, (j) => written(j) > 0);
      await sleep(expireAfterMs);
      const expired = stack.mock.admin.expireSessions();
      const job = await stack.api.waitJob(started.jobId);
      const jobMs = Date.now() - since;
      const flakyCalls = apiCalls() - calls;
      stack.mock.admin.clearFaults();

      expect(expired).toBeGreaterThanOrEqual(2); // the writers' sessions (and the test's own)
      expect(job.status, `${job.reason} ${JSON.stringify(job.failures.slice(0, 3))}`).toBe('succeeded');
      const check = await checkTree(stack.conn, flaky.tree);
      expect(check).toMatchObject({ lost: [], duplicates: [], misparented: [] });
      // The job counts the writers' retries (reported in their results); the logs agree at most.
      const counted = Number(job.writerRetries ?? 0);
      expect(counted).toBeGreaterThan(0);
      const logged = writerRetries(since);
      expect(counted).toBeLessThanOrEqual(logged);
      expect(cleanJob.writerRetries ?? 0).toBe(0);
      expect(flakyCalls).toBeLessThanOrEqual(Math.ceil(cleanCalls * 1.5));
      console.info(
        `[measure] flaky org seed ${seed}: sessions expired ${expireAfterMs} ms after the first write; job ${job.status} in ${jobMs} ms, ` +
          `${flaky.tree.records} records + ${flaky.tree.spec.files} files, 0 lost, 0 twice, 0 misparented; ` +
          `clean run ${cleanCalls} API calls, flaky run ${flakyCalls}, job.writerRetries ${counted} (logs ${logged}), job.retries ${job.retries}`,
      );
    });
  }
});

describe('an org running out of daily API requests', () => {
  for (const { run, seed, label } of seededRuns('api limit')) {
    it(`stops the job as failed, saying which items were written and which were not; resumed the next day it completes, every record once (${label})`, async () => {
      // The seed only picks the org's latency on writes: where the allocation runs out is fixed.
      const latencyMs = between(random(seed), 0, 100);
      const { tree, planId, plan } = await planLostTree(stack, `al${run}`, { milestones: 250, deliverablesPer: 1 });
      stack.mock.admin.setFaults(slowWrites(latencyMs, seed));
      // Room for the first write call, not for the rest: with Composite Graph (the default) the
      // project and the first 249 milestones with their deliverables; through Collections the project.
      const limit = apiCalls() + 1;
      stack.mock.admin.setDailyApiLimit(limit);
      const t0 = Date.now();
      const job: Job = await stack.api.waitJob((await stack.api.confirm(planId)).jobId);
      const spentAt = apiCalls();
      // The next day: the allocation is back (and the test's own queries below need it).
      stack.mock.admin.setDailyApiLimit(1_000_000);
      expect(job.status).toBe('failed');
      expect(job.reason).toMatch(/not restored/);
      // The job document names the first failures (100) and counts them all (`failureCount`).
      const named = new Set(job.failures.map((f) => f.itemId));
      expect(named.size).toBe(Math.min(job.failureCount, 100));
      const unwritten = job.failureCount;
      expect(job.failures.some((f) => f.code === 'REQUEST_LIMIT_EXCEEDED')).toBe(true);
      // Every item is accounted for: written (in the id map) or listed as not written, never both.
      const createdSources = Object.keys(job.idMap);
      expect(createdSources.filter((id) => named.has(`record:${id}`))).toEqual([]);
      expect(createdSources.length + unwritten).toBe(tree.records);
      expect(job.counts.records.total.created).toBe(createdSources.length);
      expect(job.counts.records.total.failed).toBe(unwritten);
      expect(plan.summary.records.total.create).toBe(tree.records);
      // The org holds exactly the written ones, once each.
      const check = await checkTree(stack.conn, tree);
      expect(check.duplicates).toEqual([]);
      expect(check.counts.projects + check.counts.milestones + check.counts.deliverables).toBe(createdSources.length);
      expect(spentAt).toBeLessThanOrEqual(limit);
      console.info(
        `[measure] API limit: ${createdSources.length} written, ${unwritten} listed as not written (${[...new Set(job.failures.map((f) => f.code))].join(', ')})`,
      );

      // The next day: resume. Only the items not written are written; the ledger answers the rest.
      const callsBefore = apiCalls();
      const resumed = await stack.api.call('POST', `/v1/jobs/${job.jobId}/resume`);
      expect(resumed.status, resumed.text).toBe(202);
      expect(resumed.body).toMatchObject({ status: 'running', attempt: 2 });
      const done = await stack.api.waitJob(job.jobId);
      expect(done.status, `${done.reason} ${JSON.stringify(done.failures.slice(0, 3))}`).toBe('succeeded');
      expect(done.failures).toEqual([]);
      expect(done.counts.records.total).toMatchObject({ created: tree.records, failed: 0 });
      // The ids written before the limit are the ids the job ends with: nothing was re-created.
      for (const [source, id] of Object.entries(job.idMap)) expect(done.idMap[source]).toBe(id);
      const whole = await checkTree(stack.conn, tree);
      expect(whole).toMatchObject({ lost: [], duplicates: [], misparented: [] });
      expect(whole.counts.projects + whole.counts.milestones + whole.counts.deliverables).toBe(tree.records);
      // A finished job cannot be resumed; an unknown one is not found.
      expect((await stack.api.call('POST', `/v1/jobs/${job.jobId}/resume`)).status).toBe(409);
      expect((await stack.api.call('POST', '/v1/jobs/job-nope/resume')).status).toBe(404);
      stack.mock.admin.clearFaults();
      console.info(
        `[measure] API limit seed ${seed}: write latency ${latencyMs} ms; first attempt ${job.status} with ${createdSources.length} written; resumed: job ${done.status} ${Date.now() - t0} ms after the first confirm, ${tree.records} records once each, 0 lost, 0 misparented, ${unwritten} written by the resume in ${apiCalls() - callsBefore} API calls (test reads included)`,
      );
    });
  }
});
