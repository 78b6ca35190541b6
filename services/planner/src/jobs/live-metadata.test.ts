// The describe check of a plan: settled by the first read that carries it, the read made again only
// when the org says its metadata changed, and asked alone when no read carried it.
import type { SnapshotSlice } from '@restorelab/restore-plan';
import type { AlongsideRequest } from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { type LiveMetadata, MetadataCheck } from './live-metadata.ts';

const schema = {
  global: [{ name: 'Gone__c', keyPrefix: 'a09' }],
  objects: [
    {
      name: 'Project__c',
      keyPrefix: 'a00',
      recordTypeInfos: [],
      fields: [{ name: 'Name' }, { name: 'RecordTypeId' }],
    },
  ],
} as unknown as SnapshotSlice['schema'];
const SINCE = 'Mon, 07 Dec 2026 10:00:00 GMT';

/** A connection whose only call is the global describe, answering `answer` ('' is jsforce's 304). */
function connAnswering(answer: unknown): { conn: Connection; asked: string[] } {
  const asked: string[] = [];
  const conn = {
    request: async (request: { url: string; headers?: Record<string, string> }) => {
      asked.push(`${request.url} ${request.headers?.['If-Modified-Since'] ?? ''}`);
      return answer;
    },
  } as unknown as Connection;
  return { conn, asked };
}

type Read = { metadata: LiveMetadata; alongside: AlongsideRequest | undefined };

function reader(answer: ((along: AlongsideRequest) => void) | undefined) {
  const reads: Read[] = [];
  const readWith = async (metadata: LiveMetadata, alongside?: AlongsideRequest) => {
    reads.push({ metadata, alongside });
    if (alongside && answer) answer(alongside);
    return reads.length;
  };
  return { reads, readWith };
}

describe('metadata check', () => {
  it("takes a 304 that rode along the first read as the snapshot's word: one read, no call of its own", async () => {
    const { conn, asked } = connAnswering('');
    const check = new MetadataCheck(conn, schema, SINCE, { calls: 0, retries: 0 });
    const { reads, readWith } = reader((along) => along.answered(304, null));
    expect(await check.read(readWith)).toBe(1);
    expect(reads[0]?.alongside?.url).toBe('/sobjects');
    expect(reads[0]?.alongside?.httpHeaders).toEqual({ 'If-Modified-Since': SINCE });
    expect(reads[0]?.metadata.typesByPrefix?.get('a09')).toBe('Gone__c');
    expect(reads[0]?.metadata.recordTypes?.get('Project__c')).toBe(true);
    // Settled: later reads go by it, with nothing sent along.
    await check.read(readWith);
    expect(reads[1]?.alongside).toBeUndefined();
    expect((await check.metadata()).unchanged).toBe(true);
    expect(asked).toEqual([]);
  });

  it("reads again with the org's own object list when the describe says the metadata changed", async () => {
    const { conn, asked } = connAnswering('');
    const check = new MetadataCheck(conn, schema, SINCE, { calls: 0, retries: 0 });
    const live = { sobjects: [{ name: 'Project__c', keyPrefix: 'a00' }] };
    const { reads, readWith } = reader((along) => along.answered(200, live));
    expect(await check.read(readWith)).toBe(2);
    expect(reads[1]?.metadata).toEqual({ unchanged: false, typesByPrefix: new Map([['a00', 'Project__c']]) });
    expect(reads[1]?.alongside).toBeUndefined();
    expect(asked).toEqual([]);
  });

  it('asks the describe on its own call when the read made none or its answer failed', async () => {
    for (const answer of [undefined, (along: AlongsideRequest) => along.answered(500, [{ errorCode: 'X' }])]) {
      const { conn, asked } = connAnswering('');
      const counter = { calls: 0, retries: 0 };
      const check = new MetadataCheck(conn, schema, SINCE, counter);
      const { reads, readWith } = reader(answer);
      expect(await check.read(readWith)).toBe(1); // the org said 304: the read stands
      expect(reads).toHaveLength(1);
      expect(asked).toEqual([`/sobjects ${SINCE}`]);
      expect(counter.calls).toBe(1);
    }
  });

  it('without a described-since time asks nothing and knows nothing', async () => {
    const { conn, asked } = connAnswering('');
    const check = new MetadataCheck(conn, schema, undefined, { calls: 0, retries: 0 });
    const { reads, readWith } = reader(undefined);
    await check.read(readWith);
    expect(reads[0]).toEqual({ metadata: { unchanged: false }, alongside: undefined });
    expect(asked).toEqual([]);
  });
});
