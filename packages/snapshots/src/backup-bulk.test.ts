// Large objects read through Bulk API 2.0 query, through jsforce against the mock: over real HTTP
// (result sets split by a small maxRecords, so the locator paging is exercised), and through msw
// with an org that has no Bulk API (the backup falls back to REST pages).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMockApp,
  interceptMockOrg,
  MockAdmin,
  type MockNetwork,
  type MockServer,
  startMockServer,
} from '@restorelab/mock-salesforce';
import type { ObjectDescribe } from '@restorelab/salesforce';
import jsforce, { type Connection } from 'jsforce';
import { setDispatcher } from 'jsforce/lib/request.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backupOrg } from './backup.ts';
import { bulkRowToRecord } from './backup-bulk.ts';
import { openSnapshotStore, type SnapshotStore } from './store.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const fast = { minRecords: 10, maxRecords: 500, firstPollMs: 1, maxPollMs: 5 };

/** Adds `n` accounts through sObject Collections. */
async function addAccounts(conn: Connection, n: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => ({
    Name: `Bulk ${i}`,
    NumberOfEmployees: i,
    AnnualRevenue: i * 1.5,
  }));
  await conn.sobject('Account').create(rows, { allowRecursive: true });
}

/** Runs `body` with `n` empty stores, removed afterwards. */
async function withStores<T>(n: number, body: (stores: SnapshotStore[]) => Promise<T>): Promise<T> {
  const dirs = Array.from({ length: n }, () => mkdtempSync(join(tmpdir(), 'snapshots-bulk-')));
  const stores = dirs.map((d) => openSnapshotStore(d));
  try {
    return await body(stores);
  } finally {
    for (const s of stores) s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

describe('backup through Bulk API 2.0 query, over HTTP', () => {
  let mock: MockServer;
  let conn: Connection;
  beforeAll(async () => {
    mock = await startMockServer({ port: 0 });
    conn = new jsforce.Connection({ loginUrl: mock.loginUrl });
    await conn.login(mock.username, mock.password);
    // More accounts than a REST page holds: the first page's totalSize shows a large object, and
    // Bulk's results come in several sets of 500.
    await addAccounts(conn, 2_100);
  });
  afterAll(() => mock?.close());

  it('reads large objects in several result sets, with the values a REST read gives', async () => {
    await withStores(2, async ([bulkStore, restStore]) => {
      mock.admin.requestLog.start(10_000);
      const bulk = await backupOrg(conn, bulkStore!, { bulk: fast, files: false, attachments: false });
      const paths = mock.admin.requestLog.entries.map((e) => `${e.method} ${e.path}`);
      mock.admin.requestLog.stop();
      mock.admin.requestLog.clear();
      const rest = await backupOrg(conn, restStore!, { bulk: false, files: false, attachments: false });

      const jobs = paths.filter((p) => /^POST .*\/jobs\/query$/.test(p));
      expect(jobs.length).toBeGreaterThan(0);
      expect(paths.some((p) => /\/results\?maxRecords=500&locator=/.test(p))).toBe(true);
      expect(bulk.objects).toEqual(rest.objects);
      expect(bulk.objects.Account).toBeGreaterThanOrEqual(2_100);
      const accounts = await conn.query<{ Id: string }>('SELECT Id FROM Account');
      for (const { Id } of accounts.records) {
        expect(bulkStore!.record(bulk.snapshot.id, Id)?.fields).toEqual(
          restStore!.record(rest.snapshot.id, Id)?.fields,
        );
      }
    });
  });

  it('reads an object the previous snapshot showed large straight through Bulk, storing nothing new', async () => {
    await withStores(1, async ([store]) => {
      await backupOrg(conn, store!, { bulk: false, files: false, attachments: false });
      mock.admin.requestLog.start(10_000);
      const again = await backupOrg(conn, store!, { bulk: fast, incremental: false, files: false, attachments: false });
      const paths = mock.admin.requestLog.entries.map((e) => `${e.method} ${e.path}`);
      mock.admin.requestLog.stop();
      mock.admin.requestLog.clear();
      expect(paths.filter((p) => /^POST .*\/jobs\/query$/.test(p)).length).toBeGreaterThan(0);
      // No REST page of Account was read: the known size sent it to Bulk at once.
      expect(paths.some((p) => /\/query\?q=SELECT.*FROM(\+|%20)Account($|&)/.test(p))).toBe(false);
      expect(again.newRecordVersions).toBe(0);
    });
  });
});

describe('backup of an org without Bulk API 2.0, through msw', () => {
  const base = 'http://no-bulk.mock.salesforce.test';
  let network: MockNetwork;
  let conn: Connection;
  let bulkAsked = 0;
  beforeAll(async () => {
    const admin = new MockAdmin(undefined, base);
    const login = await admin.createOrg({});
    const app = createMockApp({ admin });
    // The org answers Bulk API 2.0 query as an org without it does: 404 NOT_FOUND.
    const answer = app.fetch;
    app.fetch = (request, ...rest) => {
      if (!/\/services\/data\/v[\d.]+\/jobs\/query/.test(new URL(request.url).pathname))
        return answer(request, ...rest);
      bulkAsked++;
      return Response.json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], {
        status: 404,
      });
    };
    network = await interceptMockOrg(app, base);
    setDispatcher(network.dispatcher);
    conn = new jsforce.Connection({ loginUrl: base });
    await conn.login(login.username, login.password);
    await addAccounts(conn, 250);
  });
  afterAll(async () => {
    setDispatcher();
    await network?.close();
  });

  it('falls back to REST pages and backs up every record', async () => {
    await withStores(1, async ([store]) => {
      const first = await backupOrg(conn, store!, { bulk: false, files: false, attachments: false });
      // Account (250 records) is large for this threshold, so the full re-read asks Bulk first.
      const again = await backupOrg(conn, store!, { bulk: fast, incremental: false, files: false, attachments: false });
      expect(bulkAsked).toBeGreaterThan(0);
      expect(again.objects).toEqual(first.objects);
      expect(again.snapshot.counts.records).toBe(first.snapshot.counts.records);
      expect(again.newRecordVersions).toBe(0);
    });
  });
});

describe('bulkRowToRecord', () => {
  const describeOf = (fields: Array<[string, string]>) =>
    ({ name: 'X__c', fields: fields.map(([name, type]) => ({ name, type })) }) as unknown as ObjectDescribe;

  it('turns CSV cells into the values the REST API answers', () => {
    const d = describeOf([
      ['Flag__c', 'boolean'],
      ['Count__c', 'double'],
      ['At__c', 'datetime'],
      ['Name', 'string'],
    ]);
    expect(
      bulkRowToRecord({ Flag__c: 'true', Count__c: '2.5', At__c: '2026-01-15T10:00:00.000Z', Name: '' }, d),
    ).toEqual({
      Flag__c: true,
      Count__c: 2.5,
      At__c: '2026-01-15T10:00:00.000+0000',
      Name: null,
    });
    expect(bulkRowToRecord({ Flag__c: 'false', Count__c: '', At__c: '2026-01-15T10:00:00Z', Name: 'a' }, d)).toEqual({
      Flag__c: false,
      Count__c: null,
      At__c: '2026-01-15T10:00:00.000+0000',
      Name: 'a',
    });
  });
});
