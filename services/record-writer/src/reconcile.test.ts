// Reconciliation of an interrupted create: the pure matching, and handleRecordBatch against the mock
// org over HTTP with an in-memory ledger, the interrupted call replayed by creating the records first.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { RecordBatch } from '@restorelab/contracts';
import { type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import { createLogger } from '@restorelab/runtime';
import {
  type LedgerKind,
  ledgerKey,
  type RecordBatchLedgerEntry,
  recordBatchLedgerId,
  type WriteLedger,
} from '@restorelab/worker';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createdSinceQuery,
  insertingMarkItemId,
  matchCreatedRecords,
  newInsertingMark,
  sameWrittenValue,
} from './reconcile.ts';
import { handleRecordBatch } from './service.ts';

const logger = createLogger({ name: 'reconcile-test', level: 'silent' });
const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

const item = (itemId: string, fields: Record<string, unknown>) => ({
  itemId,
  sourceId: `001000000000${itemId.padStart(3, '0').slice(-3)}AAA`,
  fields,
});

describe('matchCreatedRecords', () => {
  it('matches an item only to a row with every written value; an ambiguous item is not matched', () => {
    const items = [
      item('1', { Name: 'A', Rank__c: 1 }),
      item('2', { Name: 'B', Rank__c: 2 }),
      item('3', { Name: 'C' }),
    ];
    const rows = [
      { Id: 'a01000000000001AAA', Name: 'A', Rank__c: 1.0 },
      { Id: 'a01000000000002AAA', Name: 'B', Rank__c: 3 },
      { Id: 'a01000000000003AAA', Name: 'C' },
      { Id: 'a01000000000004AAA', Name: 'C' },
    ];
    const found = matchCreatedRecords(items, rows);
    expect([...found]).toEqual([['1', 'a01000000000001AAA']]);
  });

  it('pairs identical items with as many identical rows, and never gives one row to two items', () => {
    const items = [item('1', { Name: 'Same' }), item('2', { Name: 'Same' }), item('3', { Name: 'Same', X__c: 'x' })];
    const rows = [
      { Id: 'a01000000000001AAA', Name: 'Same', X__c: null },
      { Id: 'a01000000000002AAA', Name: 'Same', X__c: 'x' },
    ];
    const found = matchCreatedRecords(items, rows);
    // Items 1 and 2 match both rows (two for two); item 3 matches row 2 only but row 2 is taken.
    expect(new Set(found.values()).size).toBe(found.size);
    expect(found.size).toBe(2);
  });

  it('reads values back the way the org spells them', () => {
    expect(sameWrittenValue('001000000000001', '001000000000001AAA')).toBe(true);
    expect(sameWrittenValue('2026-01-02T03:04:05Z', '2026-01-02T03:04:05.000+0000')).toBe(true);
    expect(sameWrittenValue(null, false)).toBe(true);
    expect(sameWrittenValue('a;b', 'b;a')).toBe(true);
    expect(sameWrittenValue('5', 5)).toBe(true);
    expect(sameWrittenValue('x', 'X')).toBe(false);
    expect(sameWrittenValue('x', null)).toBe(false);
  });

  it('asks for the records the mark user created since the mark', () => {
    const soql = createdSinceQuery('Milestone__c', ['Name', 'Project__c', 'bad field'], {
      stage: 'inserting',
      at: '2026-01-02T03:04:05Z',
      userId: '005000000000001AAA',
    });
    expect(soql).toBe(
      "SELECT Id, Name, Project__c FROM Milestone__c WHERE CreatedById = '005000000000001AAA' AND CreatedDate >= 2026-01-02T03:04:05Z ORDER BY CreatedDate, Id",
    );
  });
});

function memoryLedger(): WriteLedger & { entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  return {
    entries,
    async get<T>(jobId: string, kind: LedgerKind, itemId: string) {
      return entries.get(ledgerKey(jobId, kind, itemId)) as T | undefined;
    },
    async put(jobId: string, kind: LedgerKind, itemId: string, value: unknown) {
      entries.set(ledgerKey(jobId, kind, itemId), value);
    },
  };
}

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

async function accountIdsNamed(prefix: string): Promise<string[]> {
  const rows = await conn.query<{ Id: string }>(`SELECT Id FROM Account WHERE Name LIKE '${prefix}%'`);
  return rows.records.map((r) => r.Id);
}

describe('handleRecordBatch after a create interrupted mid-call (mock org over HTTP)', () => {
  it('takes the records the interrupted call created as results and creates only the rest', async () => {
    const ledger = memoryLedger();
    const batch: RecordBatch = {
      schemaVersion: 1,
      jobId: 'job-r',
      wave: 0,
      batchIndex: 3,
      operation: 'create',
      objectType: 'Account',
      items: [
        item('1', { Name: 'Recon One', Phone: '1' }),
        item('2', { Name: 'Recon Two', Phone: null }),
        item('3', { Name: 'Recon Three', Phone: '3' }),
      ],
    };
    // A first delivery: it marked the batch, the org created two of the records, then it died.
    await ledger.put('job-r', 'record', insertingMarkItemId(0, 3), newInsertingMark(conn));
    const one = (await conn.sobject('Account').create({ Name: 'Recon One', Phone: '1' })) as { id: string };
    const two = (await conn.sobject('Account').create({ Name: 'Recon Two' })) as { id: string };
    const results = await handleRecordBatch(batch, {
      js: {} as JetStreamClient,
      conn,
      ledger,
      logger,
      retry: noWait,
    });
    expect(results.map((r) => r.success)).toEqual([true, true, true]);
    expect(results[0]?.newId).toBe(one.id);
    expect(results[1]?.newId).toBe(two.id);
    const ids = await accountIdsNamed('Recon ');
    expect(ids).toHaveLength(3); // no record created twice
    expect(ids).toContain(results[2]?.newId);
    // Every item now has its result in the batch's ledger entry; a further delivery answers from it.
    const stored = await ledger.get<RecordBatchLedgerEntry>('job-r', 'record', recordBatchLedgerId(0, 3));
    expect(stored?.results['3']?.newId).toBe(results[2]?.newId);
    const again = await handleRecordBatch(batch, { js: {} as JetStreamClient, conn, ledger, logger, retry: noWait });
    expect(again).toEqual(results);
    expect(await accountIdsNamed('Recon ')).toHaveLength(3);
  });

  it('a first delivery marks the batch before the call; without a mark nothing is asked', async () => {
    const ledger = memoryLedger();
    const batch: RecordBatch = {
      schemaVersion: 1,
      jobId: 'job-s',
      wave: 1,
      batchIndex: 0,
      operation: 'create',
      objectType: 'Account',
      items: [item('1', { Name: 'Fresh One' })],
    };
    const results = await handleRecordBatch(batch, { js: {} as JetStreamClient, conn, ledger, logger, retry: noWait });
    expect(results[0]?.success).toBe(true);
    const mark = await ledger.get<{ stage: string; at: string; userId?: string }>(
      'job-s',
      'record',
      insertingMarkItemId(1, 0),
    );
    expect(mark?.stage).toBe('inserting');
    expect(mark?.userId).toBe(conn.userInfo?.id);
    expect(Date.parse(mark?.at ?? '')).toBeLessThanOrEqual(Date.now());
  });
});
