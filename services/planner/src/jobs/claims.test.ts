// Claims over a real nats-server: a released claim is deleted and leaves a mark of its job, so the
// claims a starting planner reads are the live ones; the mark still sends a plan made before its job
// ended to plan again; an older planner's mark kept in the claim's entry is understood, then moved.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ensureJetStream, KV_BUCKETS } from '@restorelab/contracts';
import { createLogger, type NatsHandle, useNats } from '@restorelab/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Claims, openClaims } from './claims.ts';

const ORG = '00D000000000001AAA';
let nats: NatsHandle;
let claims: Claims;
const keys = async (filter: string) => {
  const kv = await new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
  const found: string[] = [];
  for await (const key of await kv.keys(filter)) found.push(key);
  return found;
};

/** Messages (values or markers) the jobs bucket holds under this org's claim keys. */
const claimMessages = async () => {
  const jsm = await jetstreamManager(nats.nc);
  const info = await jsm.streams.info(`KV_${KV_BUCKETS.jobs}`, {
    subjects_filter: `$KV.${KV_BUCKETS.jobs}.claim.${ORG}.>`,
  });
  return Object.values(info.state.subjects ?? {}).reduce((n, c) => n + c, 0);
};

beforeAll(async () => {
  const logger = createLogger({ name: 'claims-test', level: 'silent' });
  nats = await useNats({ name: 'claims-test', logger, env: {}, registerShutdown: false });
  await ensureJetStream(await jetstreamManager(nats.nc), { storage: 'memory' });
  claims = await openClaims(jetstream(nats.nc));
}, 30_000);

afterAll(async () => {
  await nats?.close();
});

const items = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const never = async () => false;
/** A plan made now (a release just before it may have left marks that matter). */
const now = () => new Date().toISOString();

describe('claims', () => {
  it('a released claim is gone from the claims; a starting planner reads only the live ones', async () => {
    const done = items(3_000, 'a');
    expect(await claims.take(ORG, 'job-a', done, never)).toEqual({ taken: true });
    expect(await keys(`claim.${ORG}.>`)).toHaveLength(3_000);
    await claims.release(ORG, 'job-a', done);
    expect(await keys(`claim.${ORG}.>`)).toEqual([]);
    // Not even a delete marker: a listing walks no message of a released claim.
    expect(await claimMessages()).toBe(0);
    expect(await keys(`mark.${ORG}.>`)).toHaveLength(3_000);
    const live = items(5, 'b');
    expect(await claims.take(ORG, 'job-b', live, never)).toEqual({ taken: true });
    const all = await claims.all();
    expect(all.map((c) => c.itemId).sort()).toEqual([...live].sort());
    expect(new Set(all.map((c) => c.jobId))).toEqual(new Set(['job-b']));
    await claims.release(ORG, 'job-b', live);
    console.info('[measure] claims: 3000 taken and released, 5 live: the start-up read lists 5 claim keys');
  });

  it("an item's last writer still sends a plan made before it ended to plan again, taking nothing", async () => {
    const tree = items(40, 'c');
    await claims.take(ORG, 'job-c', tree, never);
    await claims.release(ORG, 'job-c', tree);
    const outcome = await claims.take(ORG, 'job-d', tree, async (writer) => writer === 'job-c', now());
    expect(outcome).toMatchObject({ taken: false, holder: 'job-c', ended: true });
    expect((await keys(`claim.${ORG}.>`)).filter((k) => k.includes('.c'))).toEqual([]);
    // A plan made after it ended takes them; the mark of the new writer replaces the old on release.
    expect(await claims.take(ORG, 'job-e', tree, never)).toEqual({ taken: true });
    expect(await claims.holder(ORG, 'c7')).toBe('job-e');
    await claims.release(ORG, 'job-e', tree);
    expect(await claims.take(ORG, 'job-f', ['c7'], async (writer) => writer === 'job-e', now())).toMatchObject({
      holder: 'job-e',
      ended: true,
    });
  });

  it('a held claim keeps others out until it is released', async () => {
    expect(await claims.take(ORG, 'job-g', ['g1', 'g2'], never)).toEqual({ taken: true });
    expect(await claims.take(ORG, 'job-h', ['g0', 'g2'], never)).toMatchObject({ taken: false, holder: 'job-g' });
    expect(await claims.holder(ORG, 'g0')).toBeUndefined(); // what job-h took was given back
    await claims.release(ORG, 'job-g', ['g1', 'g2']);
    expect(await claims.take(ORG, 'job-h', ['g0', 'g2'], never)).toEqual({ taken: true });
  });

  it("an older planner's mark in the claim entry is understood, then moved out by the start-up read", async () => {
    const kv = await new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
    await kv.put(`claim.${ORG}.old1`, '~job-old');
    await kv.put(`claim.${ORG}.old2`, '~job-old');
    expect(await claims.take(ORG, 'job-i', ['old1'], async (w) => w === 'job-old')).toMatchObject({ ended: true });
    expect(await claims.holder(ORG, 'old2')).toBeUndefined();
    expect((await claims.all()).filter((c) => c.itemId.startsWith('old'))).toEqual([]);
    expect((await keys(`claim.${ORG}.>`)).filter((k) => k.includes('.old'))).toEqual([]);
    expect((await kv.get(`mark.${ORG}.old2`))?.string()).toBe('job-old');
  });

  it('a release by the revisions it took leaves alone a claim another job made since', async () => {
    // job-j's claims are dropped as dead by another planner, and job-k takes one of the items there.
    const other = await openClaims(jetstream(nats.nc));
    expect(await claims.take(ORG, 'job-j', ['j1', 'j2'], never)).toEqual({ taken: true });
    await other.drop(ORG, 'job-j', 'j1');
    await other.drop(ORG, 'job-j', 'j2');
    expect(await other.take(ORG, 'job-k', ['j1'], never)).toEqual({ taken: true });
    // The late release here (no read: the revisions it took are known) purges only up to them.
    await claims.release(ORG, 'job-j', ['j1', 'j2']);
    expect(await claims.holder(ORG, 'j1')).toBe('job-k');
    expect(await claims.holder(ORG, 'j2')).toBeUndefined();
    await other.release(ORG, 'job-k', ['j1']);
    expect(await claims.holder(ORG, 'j1')).toBeUndefined();
  });

  it('a release of claims taken before a restart reads them first, and frees them', async () => {
    expect(await claims.take(ORG, 'job-l', ['l1', 'l2'], never)).toEqual({ taken: true });
    const restarted = await openClaims(jetstream(nats.nc));
    expect(await restarted.take(ORG, 'job-l', ['l1', 'l2'], never)).toEqual({ taken: true });
    const fresh = await openClaims(jetstream(nats.nc));
    await fresh.release(ORG, 'job-l', ['l1', 'l2']);
    expect(await claims.holder(ORG, 'l1')).toBeUndefined();
    expect(await claims.holder(ORG, 'l2')).toBeUndefined();
    const kv = await new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
    expect((await kv.get(`mark.${ORG}.l2`))?.string()).toBe('job-l');
  });

  it('reads no mark when none was written on the org since well before the plan', async () => {
    const tree = items(20, 'm');
    await claims.take(ORG, 'job-m', tree, never);
    await claims.release(ORG, 'job-m', tree);
    const kv = await new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
    // The release said it was marking before it marked.
    const marked = Date.parse((await kv.get(`marked.${ORG}`))?.string() ?? '');
    expect(Date.now() - marked).toBeLessThan(60_000);
    let asked = 0;
    const ended = async () => {
      asked++;
      return true;
    };
    // A plan made an hour after the last marking: job-m's marks cannot be newer than it.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    expect(await claims.take(ORG, 'job-n', tree, ended, later)).toEqual({ taken: true });
    expect(asked).toBe(0);
    await claims.release(ORG, 'job-n', tree);
    // A plan made now: the marks are read, and the last writer sends it to plan again.
    expect(await claims.take(ORG, 'job-o', tree, ended, now())).toMatchObject({ taken: false, holder: 'job-n' });
    expect(asked).toBeGreaterThan(0);
    expect((await keys(`claim.${ORG}.>`)).filter((k) => k.includes('.m'))).toEqual([]);
  });

  it('marks from before `marked` existed count as recent', async () => {
    const org = '00D000000000002AAA';
    const kv = await new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
    await kv.put(`mark.${org}.p1`, 'job-p');
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const outcome = await claims.take(org, 'job-q', ['p1', 'p2'], async (w) => w === 'job-p', later);
    expect(outcome).toMatchObject({ taken: false, holder: 'job-p', ended: true });
    expect((await kv.get(`marked.${org}`))?.string()).toBeTruthy();
    // A new org, never marked: nothing to read, and the claims are taken.
    expect(await claims.take('00D000000000003AAA', 'job-r', ['r1'], async () => true, later)).toEqual({ taken: true });
  });
});
