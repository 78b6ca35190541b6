// The registry of an org's jobs, pure: sketches never say two sets are disjoint when they meet; the
// value stays bounded whatever the org's history, and what is folded away still ages the plans it
// must.
import { describe, expect, it } from 'vitest';
import {
  ENDED_KEPT,
  ENDED_KEPT_MS,
  emptyRegistry,
  pruned,
  REGISTRY_MAX_CHARS,
  sizeOf,
  sketchesMeet,
  sketchOf,
  withActive,
  withEnded,
  withOlder,
} from './overlap-registry.ts';

const ids = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(15, '0')}`);
const refOf = (job: string, items: string[]) => ({ job, plan: `plan-${job}`, bits: sketchOf(items), n: items.length });

describe('overlap registry', () => {
  it('sketches of sets that share an item always meet; of small disjoint sets, mostly not', () => {
    let falseMeets = 0;
    for (let k = 0; k < 200; k++) {
      const a = ids(5, `a${k}-`);
      const b = ids(5, `b${k}-`);
      expect(sketchesMeet(sketchOf([...a, 'shared']), sketchOf([...b, 'shared']))).toBe(true);
      if (sketchesMeet(sketchOf(a), sketchOf(b))) falseMeets++;
    }
    // 5 × 5 items over 1,024 bits: about 2.4 % meet by chance; the exact check answers those.
    expect(falseMeets).toBeLessThan(30);
    expect(sketchesMeet(sketchOf([]), sketchOf(ids(10_000, 'z')))).toBe(false);
    // A garbled sketch meets everything (the exact check decides), never nothing.
    expect(sketchesMeet('garbled', sketchOf(['x']))).toBe(true);
  });

  it('ends only an active job; a job registered again leaves the ended ones', () => {
    const now = new Date();
    const r0 = withActive(emptyRegistry(), refOf('job-a', ['i1']), now.toISOString());
    expect(withEnded(r0, 'job-b', now.toISOString(), now)).toBe(r0);
    const r1 = withEnded(r0, 'job-a', '2026-12-07T10:00:00.000Z', now);
    expect(r1.active).toEqual([]);
    expect(r1.ended).toEqual([{ ...refOf('job-a', ['i1']), at: '2026-12-07T10:00:00.000Z' }]);
    const r2 = withActive(r1, refOf('job-a', ['i1']), now.toISOString());
    expect(r2.ended).toEqual([]);
    expect(r2.active.map((a) => a.job)).toEqual(['job-a']);
  });

  it('stays far below the message limit after thousands of large jobs; folded ones still age plans', () => {
    const start = Date.parse('2026-12-07T00:00:00.000Z');
    let registry = emptyRegistry();
    for (let k = 0; k < 3_000; k++) {
      const at = new Date(start + k * 1_000);
      registry = withActive(registry, refOf(`job-${k}`, ids(2_000, `j${k}-`)), at.toISOString());
      registry = withEnded(registry, `job-${k}`, at.toISOString(), at);
    }
    expect(registry.ended).toHaveLength(ENDED_KEPT);
    expect(sizeOf(registry)).toBeLessThan(REGISTRY_MAX_CHARS / 2);
    // The oldest kept is the 2,800th; everything before it is folded, with its latest end.
    expect(registry.ended[0]?.job).toBe(`job-${3_000 - ENDED_KEPT}`);
    expect(registry.older?.until).toBe(new Date(start + (2_999 - ENDED_KEPT) * 1_000).toISOString());
    expect(sketchesMeet(registry.older!.bits, sketchOf([`j7-${String(3).padStart(15, '0')}`]))).toBe(true);
  });

  it('folds ended jobs older than the kept age, keeping the newer ones by name', () => {
    const now = new Date('2026-12-07T12:00:00.000Z');
    const old = new Date(now.getTime() - ENDED_KEPT_MS - 1).toISOString();
    let registry = withActive(emptyRegistry(), refOf('job-old', ['o1']), old);
    registry = withEnded(registry, 'job-old', old, now);
    registry = withActive(registry, refOf('job-new', ['n1']), now.toISOString());
    registry = withEnded(registry, 'job-new', now.toISOString(), now);
    expect(registry.ended.map((e) => e.job)).toEqual(['job-new']);
    expect(registry.older).toEqual({ bits: sketchOf(['o1']), until: old });
    // Items known only by id (older planners' marks) fold in the same way; the latest end stays.
    const merged = withOlder(registry, ['m1'], '2026-01-01T00:00:00.000Z');
    expect(merged.older?.until).toBe(old);
    expect(sketchesMeet(merged.older!.bits, sketchOf(['m1']))).toBe(true);
    expect(pruned(merged, now)).toEqual(merged);
  });
});
