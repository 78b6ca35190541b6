import { emptyOutcomeCounts, type JobState } from '@restorelab/planner-api';
import { expect, test } from 'vitest';
import { formatJob, itemLabel } from './format.ts';

test('an item is shown by object and id, not by the engine key', () => {
  expect(itemLabel('Contact', 'record:003M00000000001AAA')).toBe('Contact 003M00000000001AAA');
  expect(itemLabel('ContentDocument', 'file:069M00000000001AAA')).toBe('ContentDocument 069M00000000001AAA');
  expect(itemLabel('Attachment', 'attachment:00PM00000000001AAA')).toBe('Attachment 00PM00000000001AAA');
});

test("a job's failure list has no internal keys", () => {
  const job = {
    jobId: 'job-1',
    planId: 'plan-1',
    orgId: '00DM00000000001MAA',
    request: { snapshotId: 'snap-1', rootId: '001M00000000001AAA', method: 'record' },
    status: 'failed',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:01.000Z',
    step: 1,
    steps: 1,
    pending: [],
    cancelRequested: false,
    counts: {
      selected: 1,
      records: { total: { ...emptyOutcomeCounts(), failed: 1, total: 1 }, byObject: {} },
      files: emptyOutcomeCounts(),
      attachments: emptyOutcomeCounts(),
      metafiles: emptyOutcomeCounts(),
      all: { ...emptyOutcomeCounts(), failed: 1, total: 1 },
      unattributed: 0,
    },
    failures: [
      {
        itemId: 'record:a02M00000000001AAA',
        objectType: 'Deliverable__c',
        code: 'FIELD_INTEGRITY_EXCEPTION',
        message: 'bad',
        phase: 'write',
      },
    ],
    failureCount: 1,
    idMap: {},
    idCount: 0,
    retries: 0,
  } as JobState;
  const text = formatJob(job).join('\n');
  expect(text).toContain('Deliverable__c a02M00000000001AAA: FIELD_INTEGRITY_EXCEPTION');
  expect(text).not.toContain('record:');
});
