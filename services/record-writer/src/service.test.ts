// The record-writer service on a real nats-server (JetStream) with Salesforce answered over HTTP.
import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  CONSUMERS,
  encodeMessage,
  ensureJetStream,
  MSG_IDS,
  parseMessage,
  type RecordBatchResult,
  STREAMS,
  SUBJECTS,
} from '@restorelab/contracts';
import { createLogger, type EmbeddedNats, startEmbeddedNats } from '@restorelab/runtime';
import { type CollectionsStub, startCollectionsStub } from '@restorelab/worker/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordWriterService, startRecordWriter } from './service.ts';

const logger = createLogger({ name: 'record-writer-test', level: 'silent' });
const noWait = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} };

let nats: EmbeddedNats;
let nc: NatsConnection;
let js: JetStreamClient;
let stub: CollectionsStub;
let writer: RecordWriterService;

beforeAll(async () => {
  nats = await startEmbeddedNats({ logger });
  nc = await connect({ servers: nats.url });
  await ensureJetStream(await jetstreamManager(nc), { storage: 'memory' });
  js = jetstream(nc);
  stub = await startCollectionsStub();
  writer = await startRecordWriter({ nc, conn: stub.connection(), logger, retry: noWait });
}, 30_000);

afterAll(async () => {
  await writer?.stop();
  await nc?.close();
  await stub?.close();
  await nats?.stop();
});

function batch(jobId: string, names: string[], batchIndex = 0) {
  return {
    schemaVersion: 1 as const,
    jobId,
    wave: 0,
    batchIndex,
    operation: 'create' as const,
    objectType: 'Account',
    items: names.map((Name, i) => ({
      itemId: `acct-${i}`,
      sourceId: `001000000000${String(i).padStart(3, '0')}AAA`,
      fields: { Name },
    })),
  };
}

async function nextResult(): Promise<RecordBatchResult> {
  const consumer = await js.consumers.get(STREAMS.results, CONSUMERS.plannerResults);
  const msg = await consumer.next({ expires: 10_000 });
  if (!msg) throw new Error('no result within 10 s');
  msg.ack();
  return parseMessage('recordBatchResult', msg.data);
}

/** Waits until the writer has taken and settled every batch on the records stream. */
async function waitUntilIdle(): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (let i = 0; i < 200; i++) {
    const info = await jsm.consumers.info(STREAMS.records, CONSUMERS.recordWriter);
    if (info.num_pending === 0 && info.num_ack_pending === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('record-writer did not settle its batches');
}

describe('record-writer service (real nats-server)', () => {
  it('R06 writes a published batch and publishes one result per item with the new ids', async () => {
    await js.publish(
      SUBJECTS.recordBatch('job-a'),
      encodeMessage('recordBatch', batch('job-a', ['Acme', '', 'Globex'])),
      {
        msgID: MSG_IDS.recordBatch('job-a', 0, 0),
      },
    );
    const result = await nextResult();
    expect(result).toMatchObject({ jobId: 'job-a', wave: 0, batchIndex: 0, objectType: 'Account' });
    expect(result.results.map((r) => r.success)).toEqual([true, false, true]);
    expect(result.results[1]?.error?.code).toBe('REQUIRED_FIELD_MISSING');
    expect(result.results[0]?.newId).toMatch(/^001/);
  });

  it('a redelivered batch never creates a record twice (write ledger)', async () => {
    const before = stub.records.size;
    const message = encodeMessage('recordBatch', batch('job-b', ['One', 'Two']));
    // Two deliveries of the same batch: a different Nats-Msg-Id gets past the stream's de-duplication,
    // as a redelivery after a crash would.
    await js.publish(SUBJECTS.recordBatch('job-b'), message, { msgID: 'job-b.first' });
    const first = await nextResult();
    const callsAfterFirst = stub.calls.length;
    await js.publish(SUBJECTS.recordBatch('job-b'), message, { msgID: 'job-b.again' });
    await waitUntilIdle();
    expect(stub.records.size - before).toBe(2);
    expect(first.results.every((r) => r.success)).toBe(true);
    // The second delivery was answered from the ledger: no Salesforce call at all.
    expect(stub.calls.length).toBe(callsAfterFirst);
  }, 20_000);

  it('two deliveries of one batch in hand at once create its records once', async () => {
    const before = stub.records.size;
    const callsBefore = stub.calls.length;
    const message = encodeMessage('recordBatch', batch('job-c', ['Uno', 'Dos']));
    // The first copy's create call is slow: the second copy is taken while it is in the org's hands.
    stub.faults.push({ kind: 'delay', ms: 400 });
    await js.publish(SUBJECTS.recordBatch('job-c'), message, { msgID: 'job-c.first' });
    await js.publish(SUBJECTS.recordBatch('job-c'), message, { msgID: 'job-c.copy' });
    const first = await nextResult();
    await waitUntilIdle();
    expect(first.results.every((r) => r.success)).toBe(true);
    expect(stub.records.size - before).toBe(2);
    expect(stub.calls.length - callsBefore).toBe(1);
  }, 20_000);

  it('a poison message goes to the dead-letter subject with the reason and is acked', async () => {
    await js.publish(SUBJECTS.recordBatch('job-p'), new TextEncoder().encode('{"schemaVersion":1,"jobId":"job-p"}'));
    const dead = await js.consumers.get(STREAMS.deadLetters);
    const msg = await dead.next({ expires: 10_000 });
    expect(msg?.subject).toBe(SUBJECTS.deadLetter('job-p'));
    const letter = parseMessage('deadLetter', msg?.data ?? new Uint8Array());
    expect(letter.reason).toMatch(/SCHEMA_INVALID/);
    expect(letter.payload).toContain('job-p');
    const info = await (await jetstreamManager(nc)).consumers.info(STREAMS.records, CONSUMERS.recordWriter);
    expect(info.num_ack_pending).toBe(0);
  }, 20_000);
});
