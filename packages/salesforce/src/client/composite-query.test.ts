// Composite queries against the mock org over HTTP: five queries a call, pages followed, a refused
// query answered on its own, and the whole request one call on the allocation.
import { type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryAllComposite } from './composite-query.ts';
import { DEFAULT_RETRY_POLICY } from './retry.ts';

let mock: MockServer;
let conn: Connection;
beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  conn = new Connection({ loginUrl: mock.loginUrl, version: '60.0' });
  await conn.login(mock.username, mock.password);
}, 30_000);
afterAll(async () => {
  await mock?.close();
});

it('reads six queries in two calls, every page, and answers a refused query with its error', async () => {
  const rows = Array.from({ length: 2_500 }, (_, i) => ({ LastName: `Q${i}` }));
  for (let i = 0; i < rows.length; i += 200) await conn.sobject('Contact').create(rows.slice(i, i + 200));
  const soqls = [
    "SELECT Id FROM Contact WHERE LastName LIKE 'Q%'", // two pages
    'SELECT Id FROM Account',
    'SELECT Id FROM Contact LIMIT 3',
    'SELECT NoSuchField__c FROM Contact',
    'SELECT Id FROM Contact LIMIT 1',
    'SELECT Id FROM Contact LIMIT 2',
  ];
  const before = mock.admin.apiCalls().apiCalls;
  const counter = { calls: 0, retries: 0 };
  const out = await queryAllComposite<{ Id: string }>(conn, soqls, DEFAULT_RETRY_POLICY, counter);
  expect(out[0]).toMatchObject({ rows: expect.any(Array) });
  expect('rows' in out[0]! && out[0].rows.length).toBe(2_500);
  expect('rows' in out[2]! && out[2].rows.length).toBe(3);
  expect('rows' in out[5]! && out[5].rows.length).toBe(2);
  expect('error' in out[3]! && out[3].error.errorCode).toBe('INVALID_FIELD');
  // Five queries, then the sixth, then the second page of the first.
  expect(counter.calls).toBe(3);
  expect(mock.admin.apiCalls().apiCalls - before).toBe(3);
});

it('sends a request alongside the first call of a read, not as a call of its own, and hands over its answer', async () => {
  const counter = { calls: 0, retries: 0 };
  const before = mock.admin.apiCalls().apiCalls;
  const answers: Array<{ status: number; body: unknown }> = [];
  const alongside = (since: string) => ({
    url: '/sobjects',
    httpHeaders: { 'If-Modified-Since': since },
    answered: (status: number, body: unknown) => answers.push({ status, body }),
  });
  const soqls = Array.from({ length: 6 }, () => 'SELECT Id FROM Account LIMIT 1');
  // Metadata unchanged since now: 304; changed since 2000: the global describe itself.
  const now = new Date().toUTCString();
  const out = await queryAllComposite(conn, soqls, DEFAULT_RETRY_POLICY, counter, 4, alongside(now));
  expect(out.every((o) => 'rows' in o)).toBe(true);
  await queryAllComposite(
    conn,
    soqls.slice(0, 1),
    DEFAULT_RETRY_POLICY,
    counter,
    4,
    alongside('Sat, 01 Jan 2000 00:00:00 GMT'),
  );
  // Sent once per read (with its first call), and never by a read that makes no call.
  await queryAllComposite(conn, [], DEFAULT_RETRY_POLICY, counter, 4, alongside(now));
  expect(answers.map((a) => a.status)).toEqual([304, 200]);
  const described = answers[1]?.body as { sobjects?: unknown[] } | undefined;
  expect(described?.sobjects?.length ?? 0).toBeGreaterThan(0);
  expect(counter.calls).toBe(3);
  expect(mock.admin.apiCalls().apiCalls - before).toBe(3);
});
