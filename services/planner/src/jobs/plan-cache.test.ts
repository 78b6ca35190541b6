import type { RestorePlan } from '@restorelab/restore-plan';
import { describe, expect, it, vi } from 'vitest';
import { PlanCache } from './plan-cache.ts';
import type { PendingPlan, StoredPlan } from './types.ts';

function plan(planId: string, records: number): { pending: PendingPlan; stored: StoredPlan } {
  const pending = {
    planId,
    orgId: '00D000000000001AAA',
    createdAt: '2026-01-01T00:00:00.000Z',
    request: { snapshotId: 's', rootId: 'r', method: 'record' },
    summary: {},
  } as unknown as PendingPlan;
  const stored = {
    planId,
    plan: { records: Array.from({ length: records }, (_, i) => ({ itemId: `i${i}` })) } as unknown as RestorePlan,
    mandatoryLinks: ['A__c.B__c'],
  };
  return { pending, stored };
}

describe('plan cache', () => {
  it('gives back a copy of what the store would hold, not the object it was given', () => {
    const cache = new PlanCache();
    const made = plan('plan-1', 2);
    cache.remember(made.pending, made.stored);
    made.pending.orgId = 'changed later';
    made.stored.mandatoryLinks.push('changed later');
    const kept = cache.get('plan-1')!;
    expect(kept.pending.orgId).toBe('00D000000000001AAA');
    expect(kept.stored().mandatoryLinks).toEqual(['A__c.B__c']);
    // Every read is a fresh copy: a job that changes its plan does not change the next reader's.
    kept.stored().mandatoryLinks.push('x');
    expect(kept.stored().mandatoryLinks).toEqual(['A__c.B__c']);
  });

  it('keeps the small plans, the newest few, until they are forgotten', () => {
    const cache = new PlanCache(2, 3);
    for (const id of ['plan-a', 'plan-b', 'plan-c']) {
      const p = plan(id, 3);
      cache.remember(p.pending, p.stored);
    }
    expect(cache.size).toBe(2);
    expect(cache.get('plan-a')).toBeUndefined();
    expect(cache.get('plan-b')?.pending.planId).toBe('plan-b');
    cache.forget('plan-b');
    expect(cache.get('plan-b')).toBeUndefined();
    expect(cache.get('plan-c')).toBeDefined();
  });

  it('keeps the newest large plan as it was made, until its confirmation, the next one or its time', () => {
    vi.useFakeTimers();
    try {
      const cache = new PlanCache(2, 3, 1_000);
      const big = plan('plan-big', 4);
      cache.remember(big.pending, big.stored);
      // Not a copy: parsing megabytes back is what keeping it saves.
      expect(cache.get('plan-big')?.stored()).toBe(big.stored);
      const next = plan('plan-next', 5);
      cache.remember(next.pending, next.stored);
      expect(cache.get('plan-big')).toBeUndefined();
      expect(cache.get('plan-next')?.stored()).toBe(next.stored);
      cache.forget('plan-next');
      expect(cache.get('plan-next')).toBeUndefined();
      const last = plan('plan-last', 4);
      cache.remember(last.pending, last.stored);
      vi.advanceTimersByTime(999);
      expect(cache.get('plan-last')).toBeDefined();
      vi.advanceTimersByTime(1);
      expect(cache.get('plan-last')).toBeUndefined();
      expect(cache.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
