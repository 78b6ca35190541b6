import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CollectionsStub, startCollectionsStub } from './testing/collections-stub.ts';
import { writeRecordBatch } from './write-batch.ts';

const noWait = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };
const items = (n: number, name = (i: number) => `Acct ${i}`) =>
  Array.from({ length: n }, (_, i) => ({
    itemId: `i${i}`,
    sourceId: `001000000000${String(i).padStart(3, '0')}AAA`,
    fields: { Name: name(i) },
  }));

describe('writeRecordBatch over HTTP (collections stub)', () => {
  let stub: CollectionsStub;
  beforeEach(async () => {
    stub = await startCollectionsStub();
  });
  afterEach(async () => {
    await stub.close();
  });

  it('R06 creates records with new ids, 200 a call, one result per item in order', async () => {
    const report = await writeRecordBatch(
      stub.connection(),
      { objectType: 'Account', operation: 'create', items: items(450) },
      { retry: noWait },
    );
    expect(report.results).toHaveLength(450);
    expect(report.results.every((r) => r.success && r.newId?.startsWith('001'))).toBe(true);
    expect(report.results.map((r) => r.itemId)).toEqual(items(450).map((i) => i.itemId));
    expect(stub.calls.map((c) => c.count)).toEqual([200, 200, 50]);
    expect(report.apiCalls).toBe(3);
    expect(stub.records.size).toBe(450);
  });

  it('reports per-item errors with code, message and fields (allOrNone false)', async () => {
    const report = await writeRecordBatch(
      stub.connection(),
      { objectType: 'Account', operation: 'create', items: items(3, (i) => (i === 1 ? '' : `A${i}`)) },
      { retry: noWait },
    );
    expect(report.results[0]?.success).toBe(true);
    expect(report.results[1]).toMatchObject({
      success: false,
      error: { code: 'REQUIRED_FIELD_MISSING', fields: ['Name'] },
    });
    expect(report.results[2]?.success).toBe(true);
  });

  it('retries 503 and network resets with backoff and counts the retries', async () => {
    stub.faults.push({ kind: 'http', status: 503, errorCode: 'SERVER_UNAVAILABLE' }, { kind: 'reset' });
    const report = await writeRecordBatch(
      stub.connection(),
      { objectType: 'Account', operation: 'create', items: items(2) },
      { retry: noWait },
    );
    expect(report.results.every((r) => r.success)).toBe(true);
    expect(report.retries).toBe(2);
    expect(report.apiCalls).toBe(3);
  });

  it('retries only the items that hit UNABLE_TO_LOCK_ROW', async () => {
    stub.faults.push({ kind: 'item-lock', index: 1 });
    const seen: string[] = [];
    const report = await writeRecordBatch(
      stub.connection(),
      { objectType: 'Account', operation: 'create', items: items(3) },
      { retry: noWait, onResults: (rs) => void seen.push(...rs.map((r) => r.itemId)) },
    );
    expect(report.results.every((r) => r.success)).toBe(true);
    expect(stub.calls.map((c) => c.count)).toEqual([3, 1]);
    expect(report.retries).toBe(1);
    expect(seen).toEqual(['i0', 'i2', 'i1']);
    expect(stub.records.size).toBe(3);
  });

  it('stops on REQUEST_LIMIT_EXCEEDED without retrying and marks the unwritten items', async () => {
    stub.faults.push({
      kind: 'http',
      status: 403,
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    const report = await writeRecordBatch(
      stub.connection(),
      { objectType: 'Account', operation: 'create', items: items(250) },
      { retry: noWait },
    );
    expect(report.stoppedBy).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(stub.calls).toHaveLength(1);
    expect(report.results.every((r) => !r.success && r.error?.code === 'REQUEST_LIMIT_EXCEEDED')).toBe(true);
  });

  it('gives up on a transient failure after the last attempt', async () => {
    for (let i = 0; i < 4; i++) stub.faults.push({ kind: 'http', status: 503 });
    await expect(
      writeRecordBatch(
        stub.connection(),
        { objectType: 'Account', operation: 'create', items: items(1) },
        { retry: noWait },
      ),
    ).rejects.toMatchObject({ code: 'TRANSIENT_RETRIES_EXHAUSTED', retries: 3 });
  });

  it('updates by targetId through PATCH', async () => {
    const created = await writeRecordBatch(
      stub.connection(),
      { objectType: 'Account', operation: 'create', items: items(1) },
      { retry: noWait },
    );
    const id = created.results[0]?.newId as string;
    const report = await writeRecordBatch(
      stub.connection(),
      {
        objectType: 'Account',
        operation: 'update',
        items: [{ itemId: 'u', sourceId: id, targetId: id, fields: { Name: 'Renamed' } }],
      },
      { retry: noWait },
    );
    expect(report.results[0]).toMatchObject({ success: true, newId: id });
    expect(stub.records.get(id)?.Name).toBe('Renamed');
    expect(stub.calls.at(-1)?.method).toBe('PATCH');
  });
});
