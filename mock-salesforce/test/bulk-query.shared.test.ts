// Bulk API 2.0 query through jsforce 3.10 (`conn.bulk2.query`) and, for results in several sets
// (which jsforce 3.10 mishandles, upstream issues 1546 and 1693), plain requests; over HTTP and msw.
import type jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, httpTarget, type MockTarget, mswTarget } from './targets.ts';

type Conn = jsforce.Connection;
type Row = Record<string, string>;

describe.each([
  ['http', httpTarget],
  ['msw', mswTarget],
] as const)('Bulk API 2.0 query (%s)', (_name, makeTarget) => {
  let t: MockTarget;
  let conn: Conn;

  beforeAll(async () => {
    t = await makeTarget();
    conn = await t.connect();
  });
  afterAll(async () => {
    await t?.close();
  });

  const bulkQuery = async (soql: string, scanAll = false): Promise<Row[]> =>
    (await (await conn.bulk2.query(soql, { scanAll, pollInterval: 20 })).toArray()) as Row[];

  const api = (path: string, init: RequestInit = {}) =>
    t.fetch(`/services/data/v50.0${path}`, {
      ...init,
      headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json', ...init.headers },
    });

  /** Creates a query job with plain requests and waits for it to end. */
  async function queryJob(query: string, version = 'v50.0'): Promise<string> {
    const res = await t.fetch(`/services/data/${version}/jobs/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conn.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'query', query }),
    });
    const job = (await res.json()) as { id: string; state: string };
    expect(job.state).toBe('UploadComplete');
    let state = job.state;
    while (state !== 'JobComplete') {
      state = ((await (await api(`/jobs/query/${job.id}`)).json()) as { state: string }).state;
      expect(['UploadComplete', 'InProgress', 'JobComplete']).toContain(state);
    }
    return job.id;
  }

  it('answers the rows REST query answers, columns in the order asked, parent fields as Account.Name', async () => {
    const soql = 'SELECT LastName, Id, Account.Name, Email FROM Contact ORDER BY LastName';
    const rows = await bulkQuery(soql);
    const rest = await conn.query<{ LastName: string; Id: string; Email?: string; Account?: { Name: string } }>(soql);
    expect(rows.map((r) => Object.keys(r))[0]).toEqual(['LastName', 'Id', 'Account.Name', 'Email']);
    expect(rows).toEqual(
      rest.records.map((r) => ({
        LastName: r.LastName,
        Id: r.Id,
        'Account.Name': r.Account?.Name ?? '',
        Email: r.Email ?? '',
      })),
    );
  });

  it('queryAll includes deleted records, query does not', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Bulk Gone' })) as { id: string };
    await conn.sobject('Account').destroy(id);
    const soql = `SELECT Id, IsDeleted FROM Account WHERE Name = 'Bulk Gone'`;
    expect(await bulkQuery(soql)).toEqual([]);
    expect(await bulkQuery(soql, true)).toEqual([{ Id: id, IsDeleted: 'true' }]);
  });

  it('pages results with maxRecords and Sforce-Locator (null on the last set); a locator reads again', async () => {
    const id = await queryJob('SELECT Id, Name FROM Account ORDER BY Name');
    const total = (await conn.query('SELECT Id FROM Account')).totalSize;
    const names: string[] = [];
    let locator: string | null = '';
    let sets = 0;
    let second: { locator: string; text: string } | undefined;
    while (locator !== 'null') {
      const res = await api(`/jobs/query/${id}/results?maxRecords=2${locator ? `&locator=${locator}` : ''}`);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = await res.text();
      const lines = text.trim().split('\n');
      expect(lines[0]).toBe('"Id","Name"');
      expect(Number(res.headers.get('sforce-numberofrecords'))).toBe(lines.length - 1);
      for (const line of lines.slice(1)) names.push(line);
      if (sets === 1) second = { locator: locator!, text };
      locator = res.headers.get('sforce-locator');
      sets++;
    }
    expect(names).toHaveLength(total);
    expect(sets).toBe(Math.ceil(total / 2));
    const again = await api(`/jobs/query/${id}/results?maxRecords=2&locator=${second!.locator}`);
    expect(await again.text()).toBe(second!.text);
    const bad = await api(`/jobs/query/${id}/results?locator=bm9wZQ`);
    expect(bad.status).toBe(400);
  });

  it('refuses what Bulk queries do not support, bad SOQL, early results and another API version', async () => {
    for (const soql of [
      'SELECT COUNT() FROM Account',
      'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry',
      'SELECT Id FROM Account LIMIT 5 OFFSET 2',
      'SELECT Id, (SELECT Id FROM Contacts) FROM Account',
      'SELECT Id, VersionData FROM ContentVersion',
    ]) {
      const e = await failure(conn.bulk2.query(soql, { pollInterval: 20 }));
      expect(e.errorCode, soql).toBe('API_ERROR');
    }
    expect((await failure(conn.bulk2.query('SELECT Nope FROM Account'))).errorCode).toBe('INVALID_FIELD');
    expect((await failure(conn.bulk2.query('SELECT Id FRM Account'))).errorCode).toBe('MALFORMED_QUERY');

    const id = await queryJob('SELECT Id FROM Account', 'v55.0');
    const other = await api(`/jobs/query/${id}/results`);
    expect(other.status).toBe(409);
    const same = await t.fetch(`/services/data/v55.0/jobs/query/${id}/results`, {
      headers: { authorization: `Bearer ${conn.accessToken}` },
    });
    expect(same.status).toBe(200);
    const del = await api(`/jobs/query/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await api(`/jobs/query/${id}`)).status).toBe(404);
  });

  it('lists jobs, aborts, and counts each query job on DailyBulkV2QueryJobs', async () => {
    const before = ((await conn.limits()) as Record<string, { Remaining: number }>).DailyBulkV2QueryJobs!.Remaining;
    await bulkQuery('SELECT Id FROM Account LIMIT 1');
    const after = ((await conn.limits()) as Record<string, { Remaining: number }>).DailyBulkV2QueryJobs!.Remaining;
    expect(before - after).toBe(1);
    const list = (await (await api('/jobs/query')).json()) as { done: boolean; records: Array<{ jobType: string }> };
    expect(list.done).toBe(true);
    expect(list.records.every((j) => j.jobType === 'V2Query')).toBe(true);
    const created = (await (
      await api('/jobs/query', {
        method: 'POST',
        body: JSON.stringify({ operation: 'query', query: 'SELECT Id FROM Account' }),
      })
    ).json()) as { id: string };
    // The job may already have ended (a small query runs within a turn): then the abort is refused.
    const aborted = await api(`/jobs/query/${created.id}`, { method: 'PATCH', body: '{"state":"Aborted"}' });
    if (aborted.status === 200) {
      expect(((await aborted.json()) as { state: string }).state).toBe('Aborted');
      const early = await api(`/jobs/query/${created.id}/results`);
      expect(early.status).toBe(409);
      expect(((await early.json()) as Array<{ errorCode: string }>)[0]!.errorCode).toBe('INVALIDJOBSTATE');
    } else {
      expect(aborted.status).toBe(409);
      expect(((await aborted.json()) as Array<{ errorCode: string }>)[0]!.errorCode).toBe('INVALIDJOBSTATE');
    }
  });
});
