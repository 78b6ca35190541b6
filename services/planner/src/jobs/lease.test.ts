// The pure judgement of a lease another planner holds: watched by its revision on the watcher's own
// clock, taken at once when given back or when its holder is gone.
import { describe, expect, it } from 'vitest';
import { judge, type LeaseSeen } from './lease.ts';

const LEASE = 8_000;
const held = (revision: number, owner = 'a'): LeaseSeen => ({ revision, value: { owner } });

describe('judge', () => {
  it('watches a lease it sees for the first time, from now', () => {
    expect(judge(held(5), undefined, 1_000, LEASE, false)).toEqual({
      take: false,
      watched: { revision: 5, since: 1_000 },
    });
  });

  it('keeps watching while the revision moves, and restarts the period at each move', () => {
    const first = judge(held(5), undefined, 0, LEASE, false);
    if (first.take) throw new Error('taken');
    const moved = judge(held(6), first.watched, 7_000, LEASE, false);
    expect(moved).toEqual({ take: false, watched: { revision: 6, since: 7_000 } });
    if (moved.take) throw new Error('taken');
    expect(judge(held(6), moved.watched, 14_999, LEASE, false).take).toBe(false);
    expect(judge(held(6), moved.watched, 15_000, LEASE, false)).toEqual({ take: true, reason: 'expired' });
  });

  it('takes a lease given back, or whose holder is gone, at once', () => {
    expect(judge({ revision: 3, value: { owner: 'a', released: true } }, undefined, 0, LEASE, false)).toEqual({
      take: true,
      reason: 'released',
    });
    expect(judge(held(3), undefined, 0, LEASE, true)).toEqual({ take: true, reason: 'owner gone' });
  });

  it('takes a job with no lease only after a whole period without one', () => {
    const first = judge(undefined, undefined, 0, LEASE, false);
    expect(first).toEqual({ take: false, watched: { revision: 0, since: 0 } });
    if (first.take) throw new Error('taken');
    expect(judge(undefined, first.watched, LEASE - 1, LEASE, false).take).toBe(false);
    expect(judge(undefined, first.watched, LEASE, LEASE, false)).toEqual({ take: true, reason: 'never leased' });
    // A lease written meanwhile is watched afresh.
    expect(judge(held(1), first.watched, LEASE, LEASE, false).take).toBe(false);
  });
});
