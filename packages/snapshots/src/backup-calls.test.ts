// The Composite calls of a backup, against a scripted connection: the org's answers here are ones
// the mock does not give on its own (a subrequest refused with 503 inside a 200 answer).
import type { RetryPolicy } from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { OrgCalls } from './backup-calls.ts';

const noWait: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

/** A connection whose `request` answers from a script and records each request's body. */
function scripted(answers: unknown[]): { conn: Connection; bodies: unknown[] } {
  const bodies: unknown[] = [];
  const conn = {
    version: '60.0',
    request: async (req: { body?: string }) => {
      bodies.push(req.body ? JSON.parse(req.body) : undefined);
      const next = answers.shift();
      if (next === undefined) throw new Error('no answer scripted');
      return next;
    },
  } as unknown as Connection;
  return { conn, bodies };
}

const page = (name: string) => ({ done: true, totalSize: 1, records: [{ Id: `${name}1` }] });

describe('OrgCalls Composite reads', () => {
  it('sends the whole call again when a subrequest answers 503 inside a 200 answer', async () => {
    const busy = [{ errorCode: 'SERVER_UNAVAILABLE', message: 'try later' }];
    const { conn, bodies } = scripted([
      {
        compositeResponse: [
          { referenceId: 'r0', httpStatusCode: 200, body: page('a') },
          { referenceId: 'r1', httpStatusCode: 503, body: busy },
        ],
      },
      {
        compositeResponse: [
          { referenceId: 'r1', httpStatusCode: 200, body: page('b') },
          { referenceId: 'r0', httpStatusCode: 200, body: page('a') },
        ],
      },
    ]);
    const calls = new OrgCalls(conn, noWait);
    const pages = await calls.firstPages(['SELECT Id FROM A', 'SELECT Id FROM B']);
    // Matched by reference id, not by position.
    expect(pages.map((p) => p.records[0]?.Id)).toEqual(['a1', 'b1']);
    expect(calls.counter).toMatchObject({ calls: 2, retries: 1 });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toMatchObject({
      allOrNone: false,
      compositeRequest: [
        {
          method: 'GET',
          referenceId: 'r0',
          url: `/services/data/v60.0/query?q=${encodeURIComponent('SELECT Id FROM A')}`,
        },
        { method: 'GET', referenceId: 'r1' },
      ],
    });
  });

  it('asks a refused query alone, so its error is the one a lone query gives', async () => {
    const refused = [{ errorCode: 'INVALID_FIELD', message: 'No such column' }];
    const { conn } = scripted([
      {
        compositeResponse: [
          { referenceId: 'r0', httpStatusCode: 200, body: page('a') },
          { referenceId: 'r1', httpStatusCode: 400, body: refused },
        ],
      },
    ]);
    const calls = new OrgCalls(conn, noWait);
    // The lone retry of the refused query finds no scripted answer: the error is that call's own.
    await expect(calls.firstPages(['SELECT Id FROM A', 'SELECT Nope FROM B'])).rejects.toThrow('no answer scripted');
  });

  it('refuses more queries than one Composite call may hold', async () => {
    const calls = new OrgCalls(scripted([]).conn, noWait);
    await expect(calls.firstPages(Array.from({ length: 6 }, (_, i) => `SELECT Id FROM O${i}`))).rejects.toThrow(
      'at most 5 queries',
    );
  });
});
