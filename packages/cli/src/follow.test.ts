import type { JobEvent, JobState } from '@restorelab/planner-api';
import { expect, test } from 'vitest';
import { followJob, stillRunningLine } from './follow.ts';
import { createOutput } from './output.ts';
import type { PlannerClient } from './planner/client.ts';

test('a quiet job is reported as still running, with its retries', async () => {
  let status: JobState['status'] = 'running';
  const state = () => ({ jobId: 'job-1', status, step: 0, steps: 2, retries: 3 }) as JobState;
  const client = {
    async *events(): AsyncGenerator<JobEvent> {
      // Nothing for a while (the writer retrying a row lock), then the end.
      await new Promise((r) => setTimeout(r, 400));
      status = 'succeeded';
      yield { type: 'status', status: 'succeeded', jobId: 'job-1', at: '', schemaVersion: 1 } as JobEvent;
    },
    job: async () => state(),
  } as unknown as PlannerClient;
  const lines: string[] = [];
  const out = createOutput({}, (s) => lines.push(s) > 0, false);
  const job = await followJob(client, 'job-1', out, { live: false, quietMs: 100 });
  expect(job.status).toBe('succeeded');
  expect(lines).toContain('• job still running: step 1/2, 3 retries so far\n');
});

test('the still-running line counts retries in words', () => {
  expect(stillRunningLine({ step: 1, steps: 3, retries: 0 })).toBe('job still running: step 2/3');
  expect(stillRunningLine({ step: 1, steps: 3, retries: 1 })).toBe('job still running: step 2/3, 1 retry so far');
});
