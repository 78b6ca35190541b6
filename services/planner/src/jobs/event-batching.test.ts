// One transition's events, per batch: successes vanish into the progress event, failures become one
// `failures` event naming the first few, everything else passes in order.
import { FAILURES_NAMED } from '@restorelab/contracts';
import { describe, expect, it } from 'vitest';
import { batchEvents } from './event-batching.ts';
import type { JobEventBody } from './job-state.ts';

const item = (i: number, outcome: 'created' | 'failed'): JobEventBody => ({
  type: 'item',
  itemId: `record:${i}`,
  objectType: 'Deliverable__c',
  outcome,
  ...(outcome === 'failed' ? { error: { code: 'REFUSED', message: `no ${i}`, fields: [] } } : {}),
});
const progress: JobEventBody = {
  type: 'progress',
  wave: 1,
  written: 150,
  skipped: 0,
  failed: 50,
  metafiles: 0,
  total: 200,
};

describe('batchEvents', () => {
  it('turns a batch of 200 item events into one failures event and its progress', () => {
    const events = [...Array.from({ length: 200 }, (_, i) => item(i, i % 4 === 0 ? 'failed' : 'created')), progress];
    const out = batchEvents(events);
    expect(out.map((e) => e.type)).toEqual(['failures', 'progress']);
    const failures = out[0] as Extract<JobEventBody, { type: 'failures' }>;
    expect(failures.count).toBe(50);
    expect(failures.failures).toHaveLength(FAILURES_NAMED);
    expect(failures.failures[0]).toEqual({
      itemId: 'record:0',
      objectType: 'Deliverable__c',
      error: { code: 'REFUSED', message: 'no 0', fields: [] },
    });
  });

  it('passes status and progress events as they are, and publishes nothing for a batch of successes but its progress', () => {
    const status: JobEventBody = { type: 'status', status: 'running' };
    expect(batchEvents([status, item(1, 'created'), progress])).toEqual([status, progress]);
    expect(batchEvents([])).toEqual([]);
  });
});
