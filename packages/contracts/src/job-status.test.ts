import { describe, expect, it } from 'vitest';
import { isTerminalJobStatus, JOB_STATUSES, TERMINAL_JOB_STATUSES } from './job-status.ts';
import { parseMessage } from './messages.ts';

describe('job statuses', () => {
  it('has every status but running as a terminal one', () => {
    expect(JOB_STATUSES.filter((s) => !isTerminalJobStatus(s))).toEqual(['running']);
    for (const s of TERMINAL_JOB_STATUSES) expect(JOB_STATUSES).toContain(s);
    expect(isTerminalJobStatus('planned')).toBe(false);
  });

  it('is the set a status event may carry', () => {
    const event = (status: string) =>
      JSON.stringify({ schemaVersion: 1, jobId: 'job-1', at: '2026-01-01T00:00:00Z', type: 'status', status });
    for (const s of JOB_STATUSES) expect(parseMessage('jobEvent', event(s))).toMatchObject({ status: s });
    expect(() => parseMessage('jobEvent', event('planned'))).toThrow(/status/);
  });
});
