// Graph batches against the mock org over HTTP (jsforce): one Composite Graph call for a whole
// hierarchy, a failed graph written again record by record so only the bad records fail, the
// fallback for an org without Composite Graph (remembered for the job), and a redelivery.
import type { RecordBatch, RecordBatchItem, RecordItemResult } from '@restorelab/contracts';
import { type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import { createLogger } from '@restorelab/runtime';
import { type LedgerKind, ledgerKey, type WriteLedger } from '@restorelab/worker';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleGraphBatch } from './graph-batch.ts';

const logger = createLogger({ name: 'graph-batch-test', level: 'silent' });
const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

let mock: MockServer;
let conn: Connection;
let reviewerId: string;
let serial = 0;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  conn = new Connection({ loginUrl: mock.loginUrl, version: '60.0' });
  await conn.login(mock.username, mock.password);
  reviewerId = (await conn.query<{ Id: string }>('SELECT Id FROM Contact LIMIT 1')).records[0]!.Id;
}, 30_000);
afterAll(async () => {
  await mock?.close();
});
beforeEach(() => {
  mock.admin.clearFaults();
});

function memoryLedger(): WriteLedger {
  const entries = new Map<string, unknown>();
  return {
    async get<T>(jobId: string, kind: LedgerKind, itemId: string) {
      return entries.get(ledgerKey(jobId, kind, itemId)) as T | undefined;
    },
    async put(jobId: string, kind: LedgerKind, itemId: string, value: unknown) {
      entries.set(ledgerKey(jobId, kind, itemId), value);
    },
  };
}

const sourceId = (prefix: string) => `${prefix}000000000${String(++serial).padStart(3, '0')}AAA`;

/** A project with `milestones` milestones of `deliverables` deliverables each, as one graph each. */
function tree(name: string, milestones: number, deliverables: number, graph = 0): RecordBatchItem[] {
  const items: RecordBatchItem[] = [];
  const project = `${name}-p`;
  items.push({ itemId: project, sourceId: sourceId('a00'), objectType: 'Project__c', graph, fields: { Name: name } });
  for (let m = 0; m < milestones; m++) {
    const milestone = `${name}-m${m}`;
    items.push({
      itemId: milestone,
      sourceId: sourceId('a01'),
      objectType: 'Milestone__c',
      graph,
      fields: { Name: `${name} M${m}` },
      refs: [{ field: 'Project__c', itemId: project, mandatory: true }],
    });
    for (let d = 0; d < deliverables; d++) {
      items.push({
        itemId: `${milestone}-d${d}`,
        sourceId: sourceId('a02'),
        objectType: 'Deliverable__c',
        graph,
        fields: { Title__c: `${name} T${m}.${d}`, Reviewer__c: reviewerId },
        refs: [{ field: 'Milestone__c', itemId: milestone, mandatory: true }],
      });
    }
  }
  return items;
}

function batch(jobId: string, items: RecordBatchItem[]): RecordBatch {
  return {
    schemaVersion: 1,
    jobId,
    wave: 0,
    batchIndex: 0,
    operation: 'create',
    objectType: 'graph',
    mode: 'graph',
    items,
  };
}

async function apiCallsOf(run: () => Promise<unknown>): Promise<number> {
  const before = mock.admin.apiCalls().apiCalls;
  await run();
  return mock.admin.apiCalls().apiCalls - before;
}

async function parentOf(type: string, field: string, id: string): Promise<string | null> {
  const rows = await conn.query<Record<string, string | null>>(`SELECT ${field} FROM ${type} WHERE Id = '${id}'`);
  return rows.records[0]?.[field] ?? null;
}

describe('handleGraphBatch (mock org over HTTP)', () => {
  it('writes a three-level hierarchy of 250 records in one call, children linked to their new parents', async () => {
    const items = [...tree('G1', 10, 4, 0), ...tree('G2', 39, 4, 1)];
    expect(items.length).toBe(51 + 196);
    let results: RecordItemResult[] = [];
    const calls = await apiCallsOf(async () => {
      results = await handleGraphBatch(batch('job-g1', items), {
        conn,
        ledger: memoryLedger(),
        logger,
        retry: noWait,
        noGraph: new Set(),
      });
    });
    expect(calls).toBe(1);
    expect(results.every((r) => r.success && r.newId)).toBe(true);
    const id = new Map(results.map((r) => [r.itemId, r.newId!]));
    expect(results.find((r) => r.itemId === 'G2-m3-d1')?.objectType).toBe('Deliverable__c');
    expect(await parentOf('Deliverable__c', 'Milestone__c', id.get('G2-m3-d1')!)).toBe(id.get('G2-m3'));
    expect(await parentOf('Milestone__c', 'Project__c', id.get('G1-m9')!)).toBe(id.get('G1-p'));
  });

  it('a bad record fails alone with its own error; its graph is written again without it', async () => {
    const items = [...tree('B1', 2, 2, 0), ...tree('B2', 1, 1, 1)];
    // A deliverable without its required title, and a milestone the org refuses (unknown field).
    const bad = items.find((i) => i.itemId === 'B1-m0-d1')!;
    bad.fields = { ...bad.fields, Title__c: null };
    const refused = items.find((i) => i.itemId === 'B1-m1')!;
    refused.fields = { ...refused.fields, No_Such_Field__c: 1 };
    // An optional link to a record that fails is written empty.
    const account: RecordBatchItem = {
      itemId: 'B1-a',
      sourceId: sourceId('001'),
      objectType: 'Account',
      graph: 0,
      fields: { Name: '' },
    };
    const project = items.find((i) => i.itemId === 'B1-p')!;
    // The writer must empty the link itself, not count on the field being absent (today's planner
    // leaves reference fields out of `fields`; a backed-up id left there would reach the org).
    project.fields = { ...project.fields, Account__c: account.sourceId };
    project.refs = [{ field: 'Account__c', itemId: 'B1-a', mandatory: false }];
    const results = await handleGraphBatch(batch('job-g2', [account, ...items]), {
      conn,
      ledger: memoryLedger(),
      logger,
      retry: noWait,
      noGraph: new Set(),
    });
    const by = new Map(results.map((r) => [r.itemId, r]));
    expect(by.get('B1-a')?.error?.code).toBe('REQUIRED_FIELD_MISSING');
    expect(by.get('B1-m0-d1')?.error?.code).toBe('REQUIRED_FIELD_MISSING');
    expect(by.get('B1-m1')?.error?.code).toBe('INVALID_FIELD');
    expect(by.get('B1-m1-d0')?.error).toMatchObject({ code: 'PARENT_NOT_RESTORED', fields: ['Milestone__c'] });
    expect(by.get('B1-m1-d1')?.error?.code).toBe('PARENT_NOT_RESTORED');
    const written = ['B1-p', 'B1-m0', 'B1-m0-d0', 'B2-p', 'B2-m0', 'B2-m0-d0'];
    expect(written.filter((i) => by.get(i)?.success)).toEqual(written);
    expect(results.filter((r) => r.success)).toHaveLength(written.length);
    expect(await parentOf('Project__c', 'Account__c', by.get('B1-p')!.newId!)).toBeNull();
    expect(await parentOf('Deliverable__c', 'Milestone__c', by.get('B1-m0-d0')!.newId!)).toBe(by.get('B1-m0')?.newId);
    const rows = await conn.query<{ Id: string }>("SELECT Id FROM Project__c WHERE Name = 'B1'");
    expect(rows.records).toHaveLength(1); // the rolled-back graph left nothing behind
  });

  it('an org without Composite Graph (404): level by level through Collections, remembered for the job', async () => {
    mock.admin.setFaults({ rules: [{ path: '*/composite/graph', failAfter: 0, error: 'NOT_FOUND' }] });
    const noGraph = new Set<string>();
    const deps = { conn, ledger: memoryLedger(), logger, retry: noWait, noGraph };
    let first: RecordItemResult[] = [];
    const firstCalls = await apiCallsOf(async () => {
      first = await handleGraphBatch(batch('job-g3', tree('F1', 3, 2)), deps);
    });
    expect(first.every((r) => r.success)).toBe(true);
    expect(noGraph.has('job-g3')).toBe(true);
    // The refused graph call, then one Collections call per level (project, milestones, deliverables).
    expect(firstCalls).toBe(1 + 3);
    const second = { ...batch('job-g3', tree('F2', 3, 2)), batchIndex: 1 };
    const secondCalls = await apiCallsOf(() => handleGraphBatch(second, deps));
    expect(secondCalls).toBe(3);
    const id = new Map(first.map((r) => [r.itemId, r.newId!]));
    expect(await parentOf('Deliverable__c', 'Milestone__c', id.get('F1-m2-d1')!)).toBe(id.get('F1-m2'));
  });

  it('a record of an object the org does not know fails alone; the rest of its graph is written', async () => {
    const items = tree('U1', 1, 1);
    const stray: RecordBatchItem = {
      itemId: 'U1-x',
      sourceId: sourceId('a09'),
      objectType: 'No_Such_Object__c',
      graph: 0,
      fields: { Name: 'x' },
      refs: [{ field: 'Project__c', itemId: 'U1-p', mandatory: true }],
    };
    const results = await handleGraphBatch(batch('job-g5', [...items, stray]), {
      conn,
      ledger: memoryLedger(),
      logger,
      retry: noWait,
      noGraph: new Set(),
    });
    const by = new Map(results.map((r) => [r.itemId, r]));
    expect(by.get('U1-x')).toMatchObject({ success: false, error: { code: 'INVALID_TYPE' } });
    expect(['U1-p', 'U1-m0', 'U1-m0-d0'].every((i) => by.get(i)?.success)).toBe(true);
  });

  it('a redelivery answers from the ledger and writes nothing again', async () => {
    const deps = { conn, ledger: memoryLedger(), logger, retry: noWait, noGraph: new Set<string>() };
    const message = batch('job-g4', tree('R1', 2, 2));
    const first = await handleGraphBatch(message, deps);
    const calls = await apiCallsOf(async () => {
      expect(await handleGraphBatch(message, deps)).toEqual(first);
    });
    expect(calls).toBe(0);
  });
});
