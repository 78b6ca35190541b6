import { describe, expect, it } from 'vitest';
import { between, random, repeatCount, seededRuns } from './repeats.ts';

describe('seeded repeats', () => {
  it('one run by default; RELIABILITY_REPEATS sets how many, each with its own seed', () => {
    expect(seededRuns('x', {})).toHaveLength(1);
    const runs = seededRuns('x', { RELIABILITY_REPEATS: '5' });
    expect(runs.map((r) => r.run)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(runs.map((r) => r.seed)).size).toBe(5);
    expect(runs[1]!.label).toBe(`run 2/5, seed ${runs[1]!.seed}`);
  });

  it('RELIABILITY_SEED is the first run’s seed, so a printed seed replays its run', () => {
    const runs = seededRuns('x', { RELIABILITY_SEED: '1374342101', RELIABILITY_REPEATS: '3' });
    expect(runs[0]!.seed).toBe(1374342101);
    expect(seededRuns('y', { RELIABILITY_SEED: '1374342101', RELIABILITY_REPEATS: '3' })).toEqual(runs);
  });

  it('refuses a repeat count or seed that is not a number', () => {
    expect(() => repeatCount({ RELIABILITY_REPEATS: '0' })).toThrow(/whole number/);
    expect(() => repeatCount({ RELIABILITY_REPEATS: 'five' })).toThrow(/whole number/);
    expect(() => seededRuns('x', { RELIABILITY_SEED: '-3' })).toThrow(/must be a number/);
  });

  it('the generator replays from its seed and stays in range', () => {
    const a = random(42);
    const b = random(42);
    const xs = Array.from({ length: 50 }, () => between(a, 3, 7));
    expect(Array.from({ length: 50 }, () => between(b, 3, 7))).toEqual(xs);
    expect(xs.every((x) => x >= 3 && x <= 7)).toBe(true);
    expect(new Set(xs).size).toBe(5);
  });
});
