// planRestore must stay near-linear: a million-record slice has to plan in seconds. A test run keeps
// to 100,000 records; anything quadratic would take minutes here, not seconds.
import { describe, expect, it } from 'vitest';
import { planRestore } from './plan-restore.ts';
import { syntheticPlanInput } from './synthetic.ts';

describe('scale', () => {
  it('plans a 100,000-record related restore quickly', () => {
    const input = syntheticPlanInput(100_000);
    const started = performance.now();
    const plan = planRestore(input);
    const elapsed = performance.now() - started;
    expect(plan.records).toHaveLength(100_000);
    const t = plan.summary.records.total;
    expect(t.create + t.overwrite + t.skip + t.willFail).toBe(100_000);
    expect(plan.patches.length).toBeGreaterThan(0);
    // Generous for a shared 2-core machine; measured around 1–3 s there.
    expect(elapsed).toBeLessThan(20_000);
  }, 60_000);
});
