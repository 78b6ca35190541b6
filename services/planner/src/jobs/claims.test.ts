// The org registries in KV over a real nats-server: a write lands only at the revision read, so of
// two writers that read the same value one wins; what older planners left (a claim per item, a mark
// per item) is listed, then purged up to the sequence it was listed at.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ensureJetStream, KV_BUCKETS } from '@restorelab/contracts';
import { createLogger, type NatsHandle, useNats } from '@restorelab/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Claims, openClaims } from './claims.ts';
import { emptyRegistry, sketchOf, withActive } from './overlap-registry.ts';

const ORG = '00D000000000001AAA';
let nats: NatsHandle;
let claims: Claims;
const kvOf = () => new Kvm(jetstream(nats.nc)).open(KV_BUCKETS.jobs);
const keys = async (filter: string) => {
  const found: string[] = [];
  for await (const key of await (await kvOf()).keys(filter)) found.push(key);
  return found;
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

const refOf = (job: string, items: string[]) => ({ job, plan: `plan-${job}`, bits: sketchOf(items), n: items.length });

describe('claims in KV', () => {
  it('an org without a registry reads empty at revision 0; a write lands only at the revision read', async () => {
    expect(await claims.read(ORG)).toEqual({ registry: emptyRegistry(), revision: 0 });
    const a = withActive(emptyRegistry(), refOf('job-a', ['i1']), new Date().toISOString());
    const b = withActive(emptyRegistry(), refOf('job-b', ['i2']), new Date().toISOString());
    // Two planners that both read "none": one create wins.
    const other = await openClaims(jetstream(nats.nc));
    const won = await Promise.all([claims.write(ORG, a, 0), other.write(ORG, b, 0)]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const { registry, revision } = await claims.read(ORG);
    expect(registry.active.map((x) => x.job)).toEqual([won[0] ? 'job-a' : 'job-b']);
    // A write at an older revision fails; at the one read, it lands.
    expect(await claims.write(ORG, a, revision - 1)).toBe(false);
    expect(await claims.write(ORG, emptyRegistry(), revision)).toBe(true);
    expect((await claims.read(ORG)).registry.active).toEqual([]);
    expect(await claims.orgs()).toContain(ORG);
  });

  it('a value that is not a registry is refused, not guessed at', async () => {
    const org = '00D00000000000BAAA';
    await (await kvOf()).put(`jobs-of.${org}`, JSON.stringify({ v: 2, jobs: [] }));
    await expect(claims.read(org)).rejects.toThrow(/not a registry/);
    await expect(claims.read('bad.org')).rejects.toThrow(/not an org id/);
  });

  it("lists older planners' claims and marks by org, then purges them up to what it listed", async () => {
    const org = '00D00000000000CAAA';
    const kv = await kvOf();
    await kv.put(`claim.${org}.h1`, 'job-live');
    await kv.put(`claim.${org}.h2`, 'job-live');
    await kv.put(`claim.${org}.old1`, '~job-ancient');
    await kv.put(`mark.${org}.m1`, 'job-marker');
    await kv.put(`mark.${org}.m2`, 'job-marker');
    await kv.put(`marked.${org}`, '2026-12-01T00:00:00.000Z');
    const { byOrg, upTo } = await claims.legacy();
    const legacy = byOrg.get(org);
    expect(legacy?.held).toEqual(new Map([['job-live', expect.arrayContaining(['h1', 'h2'])]]));
    expect(legacy?.marked.sort()).toEqual(['m1', 'm2', 'old1']);
    expect(legacy?.markedAt).toBe('2026-12-01T00:00:00.000Z');
    // Written after the listing: not purged (a newer write is never lost to the move).
    await kv.put(`mark.${org}.m3`, 'job-late');
    await claims.purgeLegacy(org, upTo);
    expect(await keys(`claim.${org}.>`)).toEqual([]);
    expect(await keys(`mark.${org}.>`)).toEqual(['mark.00D00000000000CAAA.m3']);
    expect(await keys(`marked.${org}`)).toEqual([]);
    // Not even delete markers: a later listing walks nothing of what was moved.
    const jsm = await jetstreamManager(nats.nc);
    const info = await jsm.streams.info(`KV_${KV_BUCKETS.jobs}`, {
      subjects_filter: `$KV.${KV_BUCKETS.jobs}.claim.${org}.>`,
    });
    expect(Object.keys(info.state.subjects ?? {})).toEqual([]);
  });
});
