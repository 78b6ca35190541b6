// The live-state reader against the mock org over HTTP (queryAll sees the recycle bin).
import { type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toId18 } from '../index.ts';
import { readFileState, readOrgState } from './org-state.ts';

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

describe('readOrgState / readFileState against the mock org', () => {
  it('R06 R07 tells existing, deleted and absent records apart with LastModifiedDate, in chunks', async () => {
    const kept = (await conn.sobject('Account').create({ Name: 'Kept' })) as { id: string };
    const gone = (await conn.sobject('Account').create({ Name: 'Gone' })) as { id: string };
    const contact = (await conn.sobject('Contact').create({ LastName: 'Doe' })) as { id: string };
    await conn.sobject('Account').destroy(gone.id);
    const absent = '001000000000777AAA';
    const counter = { calls: 0, retries: 0 };
    const state = await readOrgState(conn, [kept.id, gone.id, contact.id, absent], { chunkSize: 2, counter });
    expect(state.get(kept.id)).toMatchObject({ state: 'exists', sobjectType: 'Account' });
    expect(state.get(gone.id)).toMatchObject({ state: 'deleted', sobjectType: 'Account' });
    expect(state.get(contact.id)).toMatchObject({ state: 'exists', sobjectType: 'Contact' });
    expect(state.get(absent)).toEqual({ state: 'absent', sobjectType: 'Account' });
    const row = state.get(kept.id);
    expect(row?.state === 'exists' && Date.parse(row.lastModifiedDate)).toBeGreaterThan(0);
    expect(counter.calls).toBeGreaterThanOrEqual(4); // global describe + 2 Account chunks + 1 Contact chunk
  });

  it('reads many chunks of many types at once and counts exactly the calls the org counted', async () => {
    const created: string[] = [];
    for (const type of ['Account', 'Contact'] as const) {
      const rows = Array.from({ length: 30 }, (_, i) =>
        type === 'Account' ? { Name: `A${i}` } : { LastName: `C${i}` },
      );
      const results = await conn.sobject(type).create(rows);
      for (const r of results) if (r.success) created.push(r.id);
    }
    // The queries travel five to a Composite call: the calls that fail are those.
    mock.admin.setFaults({ seed: 7, rules: [{ path: '*/composite*', errorRate: 0.3, error: 'SERVER_UNAVAILABLE' }] });
    const before = mock.admin.apiCalls().apiCalls;
    const counter = { calls: 0, retries: 0 };
    const noWait = { maxAttempts: 20, baseDelayMs: 1, maxDelayMs: 2 };
    try {
      const state = await readOrgState(conn, created, { chunkSize: 4, counter, retry: noWait });
      expect([...state.values()].filter((s) => s.state === 'exists')).toHaveLength(created.length);
    } finally {
      mock.admin.clearFaults();
    }
    // Every try is one the reader counted: jsforce's own hidden retries are off.
    expect(counter.retries).toBeGreaterThan(0);
    expect(counter.calls).toBe(mock.admin.apiCalls().apiCalls - before);
  });

  it('learns once per object whether it has record types, even with its chunks read in parallel', async () => {
    const fresh = new Connection({ loginUrl: mock.loginUrl, version: '60.0' });
    await fresh.login(mock.username, mock.password);
    const rows = Array.from({ length: 24 }, (_, i) => ({ LastName: `L${i}` }));
    const ids = (await fresh.sobject('Contact').create(rows)).flatMap((r) => (r.success ? [r.id] : []));
    const withTypes = await fresh.request<{ recordTypeInfos: unknown[] }>('/sobjects/Contact/describe');
    const counter = { calls: 0, retries: 0 };
    await readOrgState(fresh, ids, { chunkSize: 4, counter });
    // The global describe, the first chunk alone (an object without record types pays one refused
    // query more), then the other 5 chunks in one Composite call.
    const refused = withTypes.recordTypeInfos.length > 1 ? 0 : 1;
    expect(counter.calls).toBe(1 + 1 + refused + 1);
  });

  it('finds the records of a tree by their parents, and those moved or gone by their ids', async () => {
    const parents = (await conn.sobject('Account').create([{ Name: 'P1' }, { Name: 'P2' }, { Name: 'P3' }])).map(
      (r) => r.id as string,
    );
    const rows = Array.from({ length: 30 }, (_, i) => ({ LastName: `W${i}`, AccountId: parents[i % 3] }));
    const children = (await conn.sobject('Contact').create(rows)).map((r) => r.id as string);
    const links = children.map((id, i) => ({ id, field: 'AccountId', parentId: parents[i % 3]! }));
    // In the recycle bin; moved under an account outside the walk; never existed.
    await conn.sobject('Contact').destroy(children[0]!);
    const elsewhere = (await conn.sobject('Account').create({ Name: 'Elsewhere' })) as { id: string };
    await conn.sobject('Contact').update({ Id: children[1]!, AccountId: elsewhere.id });
    const ghost = '003000000000777AAA';
    links.push({ id: ghost, field: 'AccountId', parentId: parents[0]! });
    const recordTypes = new Map([['Contact', false]]);
    const before = mock.admin.apiCalls().apiCalls;
    const counter = { calls: 0, retries: 0 };
    const state = await readOrgState(conn, [...children, ghost], {
      chunkSize: 4,
      counter,
      parents: links,
      recordTypes,
    });
    expect(state.get(toId18(children[0]!)!)).toMatchObject({ state: 'deleted', sobjectType: 'Contact' });
    expect(state.get(toId18(children[1]!)!)).toMatchObject({ state: 'exists', sobjectType: 'Contact' });
    for (const id of children.slice(2)) expect(state.get(toId18(id)!)).toMatchObject({ state: 'exists' });
    expect(state.get(ghost)).toEqual({ state: 'absent', sobjectType: 'Contact' });
    // One walk of the three accounts, then the moved contact and the ghost by id (and the global
    // describe, unless an earlier test's read left it known): ids alone would take 8 queries.
    expect(counter.calls).toBe(mock.admin.apiCalls().apiCalls - before);
    expect(counter.calls).toBeGreaterThanOrEqual(2);
    expect(counter.calls).toBeLessThanOrEqual(3);
  });

  it('a walk the org refuses falls back to ids', async () => {
    const parent = (await conn.sobject('Account').create({ Name: 'Refused' })) as { id: string };
    const rows = Array.from({ length: 6 }, (_, i) => ({ LastName: `R${i}`, AccountId: parent.id }));
    const children = (await conn.sobject('Contact').create(rows)).map((r) => r.id as string);
    const links = children.map((id) => ({ id, field: 'NoSuchField__c', parentId: parent.id }));
    const state = await readOrgState(conn, children, {
      chunkSize: 2,
      parents: links,
      recordTypes: new Map([['Contact', false]]),
    });
    for (const id of children) expect(state.get(toId18(id)!)).toMatchObject({ state: 'exists' });
  });

  it('R19 reads a file: latest version checksum, modification time and owner', async () => {
    const v = (await conn.sobject('ContentVersion').create({
      Title: 'T',
      PathOnClient: 't.txt',
      VersionData: Buffer.from('hello').toString('base64'),
    })) as { id: string };
    const doc = (
      await conn.query<{ ContentDocumentId: string }>(
        `SELECT ContentDocumentId FROM ContentVersion WHERE Id = '${v.id}'`,
      )
    ).records[0]?.ContentDocumentId as string;
    const state = await readFileState(conn, [doc, '069000000000777AAA']);
    expect(state.get(doc)).toMatchObject({
      state: 'exists',
      latestVersionId: v.id,
      latestChecksum: '5d41402abc4b2a76b9719d911017c592',
    });
    expect(state.get('069000000000777AAA')).toEqual({ state: 'absent' });
    expect(state.get(doc)?.links).toBeUndefined();
    // R17: with `fileLinks`, the document's links too (the owner's, which the org made with it).
    const account = (await conn.sobject('Account').create({ Name: 'linked' })) as { id: string };
    await conn.sobject('ContentDocumentLink').create({
      ContentDocumentId: doc,
      LinkedEntityId: account.id,
      ShareType: 'V',
      Visibility: 'AllUsers',
    });
    const counter = { calls: 0, retries: 0 };
    const withLinks = await readFileState(conn, [doc], { fileLinks: true, counter });
    expect(withLinks.get(doc)?.links).toContainEqual({
      linkedEntityId: toId18(account.id),
      shareType: 'V',
      visibility: 'AllUsers',
    });
    expect(withLinks.get(doc)?.links?.length).toBe(2);
    expect(counter.calls).toBe(3); // documents, latest versions, links
  });
});
