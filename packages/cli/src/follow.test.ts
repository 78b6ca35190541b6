// Following a job ends when the job ends, whatever its event stream does: `restore --json` at 50,000
// records waited forever (idle) after the job had succeeded, because the stream never delivered the
// final status. These drive followJob with a planner stand-in whose stream hangs or breaks.
import type { JobEvent, JobState } from '@restorelab/planner-api';
import { describe, expect, it } from 'vitest';
import { followJob, stillRunningLine } from './follow.ts';
import { createOutput } from './output.ts';

const at = '2026-01-01T00:00:00.000Z';
const progress: JobEvent = {
  schemaVersion: 1,
  jobId: 'job-1',
  at,
  type: 'progress',
  wave: 0,
  written: 200,
  skipped: 0,
  failed: 1,
  metafiles: 0,
  total: 400,
};
const failures: JobEvent = {
  schemaVersion: 1,
  jobId: 'job-1',
  at,
  type: 'failures',
  count: 1,
  failures: [
    { itemId: 'a01000000000000001', objectType: 'Deliverable__c', error: { code: 'X', message: 'no', fields: [] } },
  ],
};

function jobIn(status: JobState['status']): JobState {
  return { jobId: 'job-1', status } as JobState;
}

/** A planner whose job is running for `runningPolls` long polls, then succeeded. */
function planner(runningPolls: number, events: (signal?: AbortSignal) => AsyncGenerator<JobEvent>) {
  const calls = { polls: 0, closed: false };
  return {
    calls,
    client: {
      events: (_jobId: string, signal?: AbortSignal) => events(signal),
      jobWhenStopped: async (_jobId: string, _wait: number) => {
        calls.polls++;
        return jobIn(calls.polls > runningPolls ? 'succeeded' : 'running');
      },
      job: async () => jobIn('running'),
    },
    markClosed: () => {
      calls.closed = true;
    },
  };
}

function captured() {
  const lines: string[] = [];
  return {
    lines,
    out: createOutput({}, (s) => {
      lines.push(s);
      return true;
    }),
  };
}

describe('followJob', () => {
  it('ends with the final job when the event stream never delivers the final status, and closes it', async () => {
    const p = planner(2, async function* (signal) {
      yield progress;
      yield failures;
      // Then nothing, ever: only the follower's abort ends this stream.
      await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
      p.markClosed();
    });
    const { lines, out } = captured();
    const job = await followJob(p.client, 'job-1', out, { live: false });
    expect(job.status).toBe('succeeded');
    expect(p.calls.polls).toBe(3);
    expect(p.calls.closed).toBe(true);
    expect(lines.join('')).toContain('step 1: 201/400 items');
    expect(lines.join('')).toContain('failed: Deliverable__c a01000000000000001: X: no');
  });

  it('ends when the stream ends at the final status, with the job the planner answers', async () => {
    const p = planner(0, async function* () {
      yield progress;
      yield { schemaVersion: 1, jobId: 'job-1', at, type: 'status', status: 'succeeded' };
    });
    const { lines, out } = captured();
    const job = await followJob(p.client, 'job-1', out, { live: false });
    expect(job.status).toBe('succeeded');
    expect(lines.join('')).toContain('job succeeded');
  });

  it('ends when the stream breaks: the job document decides, and the break is told', async () => {
    const p = planner(1, async function* () {
      yield progress;
      throw new Error('socket hang up');
    });
    const { lines, out } = captured();
    const job = await followJob(p.client, 'job-1', out, { live: false });
    expect(job.status).toBe('succeeded');
    expect(lines.join('')).toContain('job events stopped (Error: socket hang up)');
  });

  it("stops when the caller's signal aborts, with the abort", async () => {
    const abort = new AbortController();
    const client = {
      events: async function* (_jobId: string, signal?: AbortSignal) {
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
      },
      jobWhenStopped: (_jobId: string, _wait: number, signal?: AbortSignal) =>
        new Promise<JobState>((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      job: async () => jobIn('running'),
    };
    const followed = followJob(client, 'job-1', captured().out, { live: false, signal: abort.signal });
    abort.abort();
    await expect(followed).rejects.toThrow();
  });
});

it('reports a quiet job as still running, with its retries', async () => {
  let status: JobState['status'] = 'running';
  const state = () => ({ jobId: 'job-1', status, step: 0, steps: 2, retries: 3 }) as JobState;
  const client = {
    async *events(): AsyncGenerator<JobEvent> {
      // Nothing for a while (the writer retrying a row lock), then the end.
      await new Promise((r) => setTimeout(r, 400));
      status = 'succeeded';
      yield { type: 'status', status: 'succeeded', jobId: 'job-1', at, schemaVersion: 1 };
    },
    // A long poll that answers soon, as the planner does once the job has stopped.
    jobWhenStopped: async () => {
      await new Promise((r) => setTimeout(r, 50));
      return state();
    },
    job: async () => state(),
  };
  const { lines, out } = captured();
  const job = await followJob(client, 'job-1', out, { live: false, quietMs: 100 });
  expect(job.status).toBe('succeeded');
  expect(lines).toContain('• job still running: step 1/2, 3 retries so far\n');
  expect(stillRunningLine({ step: 1, steps: 2, retries: 1 })).toBe('job still running: step 2/2, 1 retry so far');
});
