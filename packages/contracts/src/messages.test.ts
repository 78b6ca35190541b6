import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ContractError } from './errors.ts';
import { encodeMessage, type MessageInputOf, parseMessage } from './messages.ts';

const ID_A = '0015g0000000001AAA';
const ID_B = '0035g0000000002AAA';

const batch: MessageInputOf<'recordBatch'> = {
  schemaVersion: 1,
  jobId: 'job-1',
  wave: 0,
  batchIndex: 3,
  operation: 'create',
  objectType: 'Account',
  items: [{ itemId: `record:${ID_A}`, sourceId: ID_A, fields: { Name: 'Acme', NumberOfEmployees: 5, Site: null } }],
};

const samples: { [K in Parameters<typeof encodeMessage>[0]]: MessageInputOf<K> } = {
  recordBatch: batch,
  recordBatchResult: {
    schemaVersion: 1,
    jobId: 'job-1',
    wave: 0,
    batchIndex: 3,
    objectType: 'Account',
    operation: 'create',
    results: [
      { itemId: 'a', sourceId: ID_A, success: true, newId: ID_B },
      {
        itemId: 'b',
        sourceId: ID_B,
        success: false,
        error: { code: 'REQUIRED_FIELD_MISSING', message: 'x', fields: ['Name'] },
      },
    ],
  },
  fileTask: {
    schemaVersion: 1,
    jobId: 'job-1',
    taskIndex: 0,
    itemId: 'file:069',
    contentDocumentId: '0695g0000000001AAA',
    action: 'newVersion',
    targetContentDocumentId: '0695g0000000001AAA',
    ownerId: '0055g0000000001AAA',
    title: 'Plan',
    pathOnClient: 'plan.pdf',
    contentKey: 'sha256-abc',
    contentHash: 'abc',
    contentSize: 12,
    links: [{ linkedEntityId: ID_A, shareType: 'V', visibility: 'AllUsers' }],
    targetIds: { [ID_A]: ID_B },
  },
  attachmentTask: {
    schemaVersion: 1,
    jobId: 'job-1',
    taskIndex: 1,
    itemId: 'attachment:00P',
    sourceId: '00P5g0000000001AAA',
    action: 'create',
    parentId: ID_B,
    name: 'a.txt',
    contentType: 'text/plain',
    isPrivate: false,
    ownerId: '0055g0000000001AAA',
    description: null,
    bodyKey: null,
  },
  fileTaskResult: {
    schemaVersion: 1,
    jobId: 'job-1',
    kind: 'file',
    taskIndex: 0,
    itemId: 'f',
    success: true,
    linksWritten: 2,
  },
  jobEvent: { schemaVersion: 1, jobId: 'job-1', at: '2026-01-01T00:00:00Z', type: 'status', status: 'running' },
  deadLetter: {
    schemaVersion: 1,
    jobId: 'job-1',
    subject: 'restorelab.records.batch.job-1',
    deliveries: 5,
    reason: 'gave up',
    payload: '{}',
  },
};

describe('message contracts', () => {
  for (const [kind, message] of Object.entries(samples)) {
    it(`${kind} round-trips through bytes unchanged`, () => {
      const k = kind as keyof typeof samples;
      expect(parseMessage(k, encodeMessage(k, message as never))).toEqual(message);
    });
  }

  it('rejects another schema version with SCHEMA_VERSION_UNSUPPORTED', () => {
    const bytes = JSON.stringify({ ...batch, schemaVersion: 2 });
    const err = catchError(() => parseMessage('recordBatch', bytes));
    expect(err).toBeInstanceOf(ContractError);
    expect(err.code).toBe('SCHEMA_VERSION_UNSUPPORTED');
    expect(err.message).toMatch(/schemaVersion 2/);
  });

  it('takes field values as an object of any values, and nothing else', () => {
    const fields = { Name: 'Acme', Tags__c: ['a'], Address__c: { city: 'X' }, Site: null };
    const bytes = encodeMessage('recordBatch', { ...batch, items: [{ ...batch.items[0]!, fields }] });
    expect(parseMessage('recordBatch', bytes).items[0]?.fields).toEqual(fields);
    for (const bad of [['Acme'], 'Acme', null, 5]) {
      const err = catchError(() =>
        parseMessage('recordBatch', JSON.stringify({ ...batch, items: [{ ...batch.items[0]!, fields: bad }] })),
      );
      expect(err.code).toBe('SCHEMA_INVALID');
      expect(err.issues).toContain('items.0.fields: expected an object of field values');
    }
  });

  it('rejects a missing version and wrong fields with SCHEMA_INVALID naming the paths', () => {
    const { schemaVersion: _v, ...noVersion } = batch;
    expect(catchError(() => parseMessage('recordBatch', JSON.stringify(noVersion))).code).toBe('SCHEMA_INVALID');
    const err = catchError(() =>
      parseMessage('recordBatch', JSON.stringify({ ...batch, operation: 'delete', items: [{ itemId: 'x' }] })),
    );
    expect(err.code).toBe('SCHEMA_INVALID');
    expect(err.issues.some((i) => i.startsWith('operation:'))).toBe(true);
    expect(err.issues.some((i) => i.startsWith('items.0.sourceId:'))).toBe(true);
  });

  it('holds up to 500 items in a graph batch and 200 in a collections batch', () => {
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ itemId: `i${i}`, sourceId: ID_A, fields: {}, objectType: 'Account' }));
    const graph = { ...batch, mode: 'graph' as const, items: items(500) };
    expect(parseMessage('recordBatch', JSON.stringify(graph)).items).toHaveLength(500);
    expect(catchError(() => parseMessage('recordBatch', JSON.stringify({ ...graph, items: items(501) }))).code).toBe(
      'SCHEMA_INVALID',
    );
    const tooMany = catchError(() => parseMessage('recordBatch', JSON.stringify({ ...batch, items: items(201) })));
    expect(tooMany.issues.some((i) => i.startsWith('items:'))).toBe(true);
  });

  it('rejects bytes that are not JSON', () => {
    expect(catchError(() => parseMessage('jobEvent', new Uint8Array([0xff, 0xfe]))).code).toBe('SCHEMA_INVALID');
    expect(catchError(() => parseMessage('jobEvent', '{not json')).code).toBe('SCHEMA_INVALID');
  });

  it('refuses to encode a message its consumer would reject', () => {
    expect(() => encodeMessage('recordBatch', { ...batch, items: [] })).toThrow(ContractError);
  });

  test.prop([fc.integer().filter((n) => n !== 1)])('any version but 1 is unsupported', (v) => {
    expect(
      catchError(() => parseMessage('fileTask', JSON.stringify({ ...samples.fileTask, schemaVersion: v }))).code,
    ).toBe('SCHEMA_VERSION_UNSUPPORTED');
  });
});

function catchError(fn: () => unknown): ContractError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ContractError) return err;
    throw err;
  }
  throw new Error('expected a ContractError');
}
