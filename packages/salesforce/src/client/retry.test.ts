// The shared retry policy's reading of Salesforce's limit answers: the daily allocation stops at
// once, the cap on requests running at once is waited out like any transient failure.
import { describe, expect, it } from 'vitest';
import { SalesforceCallError } from './errors.ts';
import { callWithRetry, isConcurrencyLimit, newCallCounter } from './retry.ts';

const noWait = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
const limitError = (message: string) => Object.assign(new Error(message), { errorCode: 'REQUEST_LIMIT_EXCEEDED' });

describe('callWithRetry and the org limits', () => {
  it('waits out the concurrent-request cap and counts the retries', async () => {
    let calls = 0;
    const counter = newCallCounter();
    const answer = await callWithRetry(
      async () => {
        calls++;
        if (calls < 3) throw limitError('ConcurrentPerOrgLongTxn Limit exceeded.');
        return 'written';
      },
      noWait,
      counter,
    );
    expect(answer).toBe('written');
    expect(counter).toEqual({ calls: 3, retries: 2 });
  });

  it('stops at once when the daily allocation is used up', async () => {
    const counter = newCallCounter();
    const err = await callWithRetry(
      async () => {
        throw limitError('TotalRequests Limit exceeded.');
      },
      noWait,
      counter,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SalesforceCallError);
    expect((err as SalesforceCallError).code).toBe('API_LIMIT_EXCEEDED');
    expect(counter.calls).toBe(1);
  });

  it('tells the two apart by the message, only under REQUEST_LIMIT_EXCEEDED', () => {
    expect(isConcurrencyLimit(limitError('ConcurrentRequests (Concurrent API Requests) Limit exceeded.'))).toBe(true);
    expect(isConcurrencyLimit(limitError('TotalRequests Limit exceeded.'))).toBe(false);
    expect(isConcurrencyLimit(Object.assign(new Error('Concurrent'), { errorCode: 'UNABLE_TO_LOCK_ROW' }))).toBe(false);
  });
});
