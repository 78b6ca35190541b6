// The claim gate over a real nats-server, with the real job store: a job registers in its org's
// registry with one read and one write whatever its size; jobs that meet wait for each other (at one
// planner or at two racing for the same revision), jobs that do not run side by side; a plan made
// before a job it meets ended plans again; the registry belongs to the job, not to a planner; dead
// active jobs are moved by whoever meets them and by a starting planner; what older planners left
// is moved in once.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ensureJetStream, KV_BUCKETS } from '@restorelab/contracts';
import { createLogger, type NatsHandle, useNats } from '@restorelab/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimGate } from './claim-gate.ts';
import { openClaims } from './claims.ts';
import { headOf } from './job-journal.ts';
import { initialState } from './job-state.ts';
import { type JobStore, openJobStore } from './job-store.ts';
import { makeStoredPlan, pendingPlanOf, SPEC } from './plan-fixtures.ts';
import type { JobState, StoredPlan } from './types.ts';

const logger = createLogger({ name: 'claim-gate-test', level: 'silent' });
let nats: NatsHandle;
let jobs: JobStore;
let orgSeq = 0;
/** A fresh org per test: each starts with no registry. */
const newOrg = () => `00D0000000000${String(++orgSeq).padStart(2, '0')}XAAA`;

beforeAll(async () => {
  nats = await useNats({ name: 'claim-gate-test', logger, env: {}, registerShutdown: false });
  await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
  jobs = await openJobStore(jetstream(nats.nc));
}, 30_000);

afterAll(async () => {
  await nats?.close();
});

/** A gate as one planner process has it. */
const gateOf = async () => new ClaimGate(await openClaims(jetstream(nats.nc)), jobs, logger);
const items = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

interface TestJob {
  state: JobState;
  stored: StoredPlan;
}

/** A confirmed job of these items, saved running, with its plan made at `plannedAt` (default now). */
async function jobOf(orgId: string, name: string, ids: string[], plannedAt = new Date().toISOString()) {
  const stored: StoredPlan = { ...makeStoredPlan(SPEC, `plan-${name}`), items: ids, plannedAt };
  const pending = { ...pendingPlanOf(stored), orgId };
  await jobs.putPlan(pending, stored);
  const state = initialState(`job-${name}`, pending, stored, new Date().toISOString());
  await jobs.putJob(headOf({ ...state, batches: 0, runFrom: 0 }));
  return { state, stored };
}

/** Saves the job ended (as the job manager does before it lets go); answers when it ended. */
async function end(job: TestJob): Promise<string> {
  const finishedAt = new Date().toISOString();
  Object.assign(job.state, { status: 'succeeded', finishedAt, updatedAt: finishedAt });
  await jobs.putJob(headOf({ ...job.state, batches: 0, runFrom: 0 }));
  return finishedAt;
}

const registryOf = async (orgId: string) => (await (await openClaims(jetstream(nats.nc))).read(orgId)).registry;
const activeOf = async (orgId: string) => (await registryOf(orgId)).active.map((a) => a.job).sort();

describe('claim gate', () => {
  it("a 10,000-item job's claims are one value written twice: once taken, once given back", async () => {
    const org = newOrg();
    const gate = await gateOf();
    const a = await jobOf(org, 'big', items(10_000, 'b'));
    const t = performance.now();
    expect(await gate.take(a.state, a.stored)).toBeUndefined();
    const takeMs = performance.now() - t;
    expect(await activeOf(org)).toEqual(['job-big']);
    const at = await end(a);
    await gate.release(a.state);
    const registry = await registryOf(org);
    expect(registry.active).toEqual([]);
    expect(registry.ended).toMatchObject([{ job: 'job-big', plan: 'plan-big', n: 10_000, at }]);
    expect(JSON.stringify(registry).length).toBeLessThan(1_000);
    // No key per item: the bucket holds the registry, the plan and the job, nothing per claim.
    const kv = await new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
    const orgKeys: string[] = [];
    for await (const key of await kv.keys(`*.${org}.>`)) orgKeys.push(key);
    expect(orgKeys).toEqual([]);
    expect((await kv.get(`jobs-of.${org}`))?.revision).toBeGreaterThan(0);
    console.info(`[measure] claim gate: a 10,000-item job registered in ${takeMs.toFixed(1)} ms`);
  });

  it('a job meeting an active one waits for it, then (its plan made before that end) plans again', async () => {
    const org = newOrg();
    const gate = await gateOf();
    const a = await jobOf(org, 'first', items(50, 'x'));
    const b = await jobOf(org, 'second', ['y1', 'x49', 'y2']);
    expect(await gate.take(a.state, a.stored)).toBeUndefined();
    const holder = await gate.take(b.state, b.stored);
    expect(holder).toEqual({ jobId: 'job-first', itemId: 'x49' });
    expect(await activeOf(org)).toEqual(['job-first']);
    let waited = false;
    const waiting = gate
      .waitFor(b.state, b.stored, holder!, () => false)
      .then(() => {
        waited = true;
      });
    await new Promise((r) => setTimeout(r, 400));
    expect(waited).toBe(false);
    await end(a);
    await gate.release(a.state);
    await waiting;
    // b's plan was made before a ended: it may not register on it; planned again, it may.
    expect(await gate.take(b.state, b.stored)).toEqual({ jobId: 'job-first', itemId: 'x49', ended: true });
    const again = await jobOf(org, 'second-again', b.stored.items!);
    expect(await gate.take(again.state, again.stored)).toBeUndefined();
    // A plan stored without its time is never out of date (as before plans kept it).
    const timeless = await jobOf(org, 'timeless', ['x1']);
    delete timeless.stored.plannedAt;
    await end(again);
    await gate.release(again.state);
    expect(await gate.take(timeless.state, timeless.stored)).toBeUndefined();
  });

  it('jobs that do not meet run side by side, whatever their sketches say', async () => {
    const org = newOrg();
    const gate = await gateOf();
    // 2,000 items each: their sketches meet (nearly every bit is set), their items do not.
    const all = await Promise.all([0, 1, 2, 3, 4].map((k) => jobOf(org, `side${k}`, items(2_000, `s${k}-`))));
    for (const job of all) expect(await gate.take(job.state, job.stored)).toBeUndefined();
    expect(await activeOf(org)).toEqual(all.map((j) => j.state.jobId).sort());
    // A small job of items none of them has also goes in.
    const small = await jobOf(org, 'small', ['q1']);
    expect(await gate.take(small.state, small.stored)).toBeUndefined();
  });

  it('two planners registering at once: of jobs that meet one goes in, of jobs that do not both do', async () => {
    const [p1, p2] = [await gateOf(), await gateOf()];
    for (let round = 0; round < 10; round++) {
      const org = newOrg();
      const a = await jobOf(org, `race-a${round}`, ['r1', 'r2', `a${round}`]);
      const b = await jobOf(org, `race-b${round}`, [`b${round}`, 'r2']);
      const outcomes = await Promise.all([p1.take(a.state, a.stored), p2.take(b.state, b.stored)]);
      const inside = outcomes.filter((o) => o === undefined);
      expect(inside, JSON.stringify(outcomes)).toHaveLength(1);
      expect(outcomes.find((o) => o !== undefined)).toMatchObject({ itemId: 'r2' });
      expect(await activeOf(org)).toHaveLength(1);
      // Disjoint jobs racing for the same revision: the loser reads again and goes in too.
      const c = await jobOf(org, `race-c${round}`, [`c${round}`]);
      const d = await jobOf(org, `race-d${round}`, [`d${round}`]);
      expect(await Promise.all([p1.take(c.state, c.stored), p2.take(d.state, d.stored)])).toEqual([
        undefined,
        undefined,
      ]);
      expect(await activeOf(org)).toHaveLength(3);
    }
  });

  it('a job keeps its claims across planners: restarted or taken over, it finds itself active', async () => {
    const org = newOrg();
    const dying = await gateOf();
    const a = await jobOf(org, 'owned', ['o1', 'o2']);
    expect(await dying.take(a.state, a.stored)).toBeUndefined();
    // The planner running it is killed; another takes the job over and takes its claims again.
    const successor = await gateOf();
    const revision = (await (await openClaims(jetstream(nats.nc))).read(org)).revision;
    expect(await successor.take(a.state, a.stored)).toBeUndefined();
    expect((await (await openClaims(jetstream(nats.nc))).read(org)).revision).toBe(revision);
    // Its job still runs (saved running): a job meeting it, at either planner, waits.
    const b = await jobOf(org, 'blocked', ['o2']);
    expect(await dying.take(b.state, b.stored)).toMatchObject({ jobId: 'job-owned' });
    expect(await successor.take(b.state, b.stored)).toMatchObject({ jobId: 'job-owned' });
    // A starting planner's sweep leaves it alone: it is live.
    await (await gateOf()).sweep();
    expect(await activeOf(org)).toEqual(['job-owned']);
    await end(a);
    await successor.release(a.state);
    expect(await activeOf(org)).toEqual([]);
  });

  it('a dead active job (ended, never released; or gone) is moved by whoever meets it', async () => {
    const org = newOrg();
    const gate = await gateOf();
    const a = await jobOf(org, 'dead', ['d1', 'd2']);
    expect(await gate.take(a.state, a.stored)).toBeUndefined();
    const endedAt = await end(a); // its planner died before giving the claims back
    // Planned after it ended: goes in, and the dead job is moved to the ended ones.
    const b = await jobOf(org, 'after', ['d2']);
    expect(await gate.take(b.state, b.stored)).toBeUndefined();
    let registry = await registryOf(org);
    expect(registry.active.map((x) => x.job)).toEqual(['job-after']);
    expect(registry.ended).toMatchObject([{ job: 'job-dead', at: endedAt }]);
    // Planned before it ended: told to plan again, though nobody released anything.
    const c = await jobOf(org, 'before', ['d1'], ago(60_000));
    const d = await jobOf(org, 'dead2', ['e1']);
    expect(await gate.take(d.state, d.stored)).toBeUndefined();
    await end(d);
    expect(await gate.take(c.state, c.stored)).toEqual({ jobId: 'job-dead', itemId: 'd1', ended: true });
    // Planned after d2 ended (never released): goes in, d2 moved on the way.
    const e = await jobOf(org, 'waits', ['e1']);
    expect(await gate.take(e.state, e.stored)).toBeUndefined();
    // A waiter on a job that dies while it waits is let go, and the dead one moved.
    const f = await jobOf(org, 'waits2', ['d2']);
    const holder = await gate.take(f.state, f.stored);
    expect(holder).toEqual({ jobId: 'job-after', itemId: 'd2' });
    await end(b);
    await gate.waitFor(f.state, f.stored, holder!, () => false);
    registry = await registryOf(org);
    expect(registry.active.map((x) => x.job)).toEqual(['job-waits']);
    // A starting planner moves every dead active job it finds, of every org.
    await end(e);
    expect(await (await gateOf()).sweep()).toBeGreaterThanOrEqual(1);
    registry = await registryOf(org);
    expect(registry.active).toEqual([]);
    expect(registry.ended.map((x) => x.job).sort()).toEqual(['job-after', 'job-dead', 'job-dead2', 'job-waits']);
  });

  it("a job whose entry is gone counts as ended now; an unknown plan's items meet everything", async () => {
    const org = newOrg();
    const gate = await gateOf();
    const a = await jobOf(org, 'vanishes', ['v1']);
    expect(await gate.take(a.state, a.stored)).toBeUndefined();
    const kv = await new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
    await kv.purge('job.job-vanishes');
    await kv.purge('plan.plan-vanishes');
    // Gone before a plan made a minute ago ended: that plan plans again (its items cannot be known).
    const b = await jobOf(org, 'late', ['v1'], ago(60_000));
    expect(await gate.take(b.state, b.stored)).toEqual({ jobId: 'job-vanishes', itemId: '', ended: true });
    expect((await registryOf(org)).ended.map((x) => x.job)).toEqual(['job-vanishes']);
  });

  it("older planners' claims and marks are moved in once: live claims stay held, marks age plans", async () => {
    const org = newOrg();
    const kv = await new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
    const live = await jobOf(org, 'legacy-live', ['l1', 'l2']);
    await jobs.putJob(headOf({ ...live.state, claims: 'held', batches: 0, runFrom: 0 }));
    await kv.put(`claim.${org}.l1`, 'job-legacy-live');
    await kv.put(`claim.${org}.l2`, 'job-legacy-live');
    // A job still taking its claims when its planner stopped: it registers as it goes on.
    await jobOf(org, 'legacy-taking', ['t1', 't2']);
    await kv.put(`claim.${org}.t1`, 'job-legacy-taking');
    await kv.put(`mark.${org}.m1`, 'job-legacy-done');
    await kv.put(`marked.${org}`, ago(10_000));
    const gate = await gateOf();
    expect(await gate.sweep()).toBeGreaterThanOrEqual(1);
    expect(await activeOf(org)).toEqual(['job-legacy-live']);
    // The live job still holds its items.
    const b = await jobOf(org, 'legacy-b', ['l2']);
    expect(await gate.take(b.state, b.stored)).toMatchObject({ jobId: 'job-legacy-live', itemId: 'l2' });
    // A plan made before the marks were written plans again; one made later does not.
    const c = await jobOf(org, 'legacy-c', ['m1'], ago(3_600_000));
    expect(await gate.take(c.state, c.stored)).toEqual({ jobId: '', itemId: '', ended: true });
    const d = await jobOf(org, 'legacy-d', ['m1'], new Date(Date.now() + 3_600_000).toISOString());
    expect(await gate.take(d.state, d.stored)).toBeUndefined();
    // Nothing is left to move: the next start lists none of it.
    for (const filter of [`claim.${org}.>`, `mark.${org}.>`, `marked.${org}`]) {
      const left: string[] = [];
      for await (const key of await kv.keys(filter)) left.push(key);
      expect(left).toEqual([]);
    }
    await end(live);
    await gate.release(live.state);
  });
});
