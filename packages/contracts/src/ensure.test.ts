// Runs against a real nats-server (spawned here on a free port with a temporary store, killed after).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureJetStream } from './ensure.ts';
import { encodeMessage } from './messages.ts';
import {
  CONSUMERS,
  KV_BUCKETS,
  MSG_ID_HEADER,
  MSG_IDS,
  OBJECT_BUCKETS,
  REDELIVERY,
  STREAMS,
  SUBJECTS,
} from './subjects.ts';

let server: ChildProcess | undefined;
let storeDir = '';
let nc: NatsConnection;

beforeAll(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'restorelab-contracts-'));
  const port = await freePort();
  server = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`nats-server did not start: ${log}`)), 10_000);
    server!.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server!.once('exit', (code) => reject(new Error(`nats-server exited with ${code}: ${log}`)));
  });
  nc = await connect({ servers: `127.0.0.1:${port}` });
}, 20_000);

afterAll(async () => {
  await nc?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

describe('ensureJetStream against a real nats-server', () => {
  it('creates every stream, consumer and bucket, and is safe to run twice', async () => {
    const jsm = await jetstreamManager(nc);
    await ensureJetStream(jsm, { storage: 'memory' });
    await ensureJetStream(jsm, { storage: 'memory' });

    for (const name of Object.values(STREAMS)) expect((await jsm.streams.info(name)).config.name).toBe(name);
    const records = await jsm.streams.info(STREAMS.records);
    expect(records.config.retention).toBe('workqueue');
    expect(records.config.duplicate_window).toBe(REDELIVERY.duplicateWindowMs * 1_000_000);

    const writer = await jsm.consumers.info(STREAMS.records, CONSUMERS.recordWriter);
    expect(writer.config.ack_policy).toBe('explicit');
    expect(writer.config.max_deliver).toBe(REDELIVERY.maxDeliver);
    expect(writer.config.backoff).toEqual(REDELIVERY.backoffMs.map((ms) => ms * 1_000_000));
    expect((await jsm.consumers.info(STREAMS.files, CONSUMERS.fileWriter)).config.filter_subject).toBe(
      SUBJECTS.fileWorkAll,
    );
    expect((await jsm.consumers.info(STREAMS.results, CONSUMERS.plannerResults)).config.durable_name).toBe(
      CONSUMERS.plannerResults,
    );

    const js = jetstream(nc);
    const ledger = await new Kvm(js).open(KV_BUCKETS.writeLedger);
    await ledger.put('job-1.record.x', 'written');
    expect((await ledger.get('job-1.record.x'))?.string()).toBe('written');
    expect(await (await new Kvm(js).open(KV_BUCKETS.jobs)).status()).toBeDefined();
    const content = await new Objm(js).open(OBJECT_BUCKETS.content);
    await content.putBlob({ name: 'sha256-abc' }, new TextEncoder().encode('hello'));
    expect(new TextDecoder().decode((await content.getBlob('sha256-abc'))!)).toBe('hello');
  });

  it('drops a republished batch that carries the same Nats-Msg-Id', async () => {
    const jsm = await jetstreamManager(nc);
    await ensureJetStream(jsm, { storage: 'memory' });
    const js = jetstream(nc);
    const data = encodeMessage('recordBatch', {
      schemaVersion: 1,
      jobId: 'job-dup',
      wave: 1,
      batchIndex: 0,
      operation: 'create',
      objectType: 'Account',
      items: [{ itemId: 'record:a', sourceId: '0015g0000000001AAA', fields: { Name: 'A' } }],
    });
    const publish = (msgId: string) => {
      const h = headers();
      h.set(MSG_ID_HEADER, msgId);
      return js.publish(SUBJECTS.recordBatch('job-dup'), data, { headers: h });
    };
    const before = (await jsm.streams.info(STREAMS.records)).state.messages;
    const first = await publish(MSG_IDS.recordBatch('job-dup', 1, 0));
    const again = await publish(MSG_IDS.recordBatch('job-dup', 1, 0));
    const other = await publish(MSG_IDS.recordBatch('job-dup', 1, 1));
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(first.seq);
    expect(other.duplicate).toBe(false);
    expect((await jsm.streams.info(STREAMS.records)).state.messages).toBe(before + 2);

    // The work queue hands the batch to the record-writer consumer once.
    const consumer = await js.consumers.get(STREAMS.records, CONSUMERS.recordWriter);
    const msg = await consumer.next({ expires: 2_000 });
    expect(msg?.headers?.get(MSG_ID_HEADER)).toBe(MSG_IDS.recordBatch('job-dup', 1, 0));
    msg?.ack();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
