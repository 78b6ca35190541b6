// file-writer service on a real nats-server with the mock org over HTTP: content through the
// object store, results on the results stream, a redelivered task writes no second version.
import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  CONSUMERS,
  encodeMessage,
  ensureJetStream,
  type FileTaskResult,
  OBJECT_BUCKETS,
  parseMessage,
  STREAMS,
  SUBJECTS,
} from '@restorelab/contracts';
import { type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import { createLogger, type EmbeddedNats, startEmbeddedNats } from '@restorelab/runtime';
import { openWriteLedger } from '@restorelab/worker';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileWriterService, handleFileTasks, startFileWriter } from './service.ts';

const logger = createLogger({ name: 'file-writer-test', level: 'silent' });
let nats: EmbeddedNats;
let nc: NatsConnection;
let js: JetStreamClient;
let mock: MockServer;
let conn: Connection;
let writer: FileWriterService;
let ownerId: string;
let accountId: string;

beforeAll(async () => {
  nats = await startEmbeddedNats({ logger });
  nc = await connect({ servers: nats.url });
  await ensureJetStream(await jetstreamManager(nc), { storage: 'memory' });
  js = jetstream(nc);
  mock = await startMockServer({ port: 0 });
  conn = new Connection({ loginUrl: mock.loginUrl, version: '60.0' });
  const admin = (await conn.login(mock.username, mock.password)).id;
  ownerId = (await conn.query<{ Id: string }>('SELECT Id FROM User')).records.find((u) => u.Id !== admin)?.Id as string;
  accountId = ((await conn.sobject('Account').create({ Name: 'Svc' })) as { id: string }).id;
  writer = await startFileWriter({ nc, conn, logger });
}, 30_000);

afterAll(async () => {
  await writer?.stop();
  await nc?.close();
  await mock?.close();
  await nats?.stop();
});

async function nextResult(): Promise<FileTaskResult> {
  const consumer = await js.consumers.get(STREAMS.results, CONSUMERS.plannerResults);
  const msg = await consumer.next({ expires: 10_000 });
  if (!msg) throw new Error('no result within 10 s');
  msg.ack();
  return parseMessage('fileTaskResult', msg.data);
}

async function waitUntilIdle(): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (let i = 0; i < 200; i++) {
    const info = await jsm.consumers.info(STREAMS.files, CONSUMERS.fileWriter);
    if (info.num_pending === 0 && info.num_ack_pending === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('file-writer did not settle its tasks');
}

describe('file-writer service (real nats-server + mock org)', () => {
  it('R15 R17 restores a file whose content comes from the object store; a redelivery writes nothing twice', async () => {
    const content = new TextEncoder().encode('quarterly report');
    const store = await new Objm(js).open(OBJECT_BUCKETS.content);
    await store.putBlob({ name: 'job-f/file-0' }, content);
    const task = encodeMessage('fileTask', {
      schemaVersion: 1,
      jobId: 'job-f',
      taskIndex: 0,
      itemId: 'file-0',
      contentDocumentId: '069000000000001AAA',
      action: 'create',
      ownerId,
      title: 'Report',
      pathOnClient: 'report.txt',
      contentKey: 'job-f/file-0',
      contentHash: 'unused-here',
      contentSize: content.byteLength,
      links: [{ linkedEntityId: '001000000000001AAA', shareType: 'V', visibility: 'AllUsers' }],
      targetIds: { '001000000000001AAA': accountId },
    });
    await js.publish(SUBJECTS.fileTask('job-f'), task, { msgID: 'job-f.file.0' });
    const result = await nextResult();
    expect(result).toMatchObject({ kind: 'file', success: true, linksWritten: 1 });
    expect(result.newId).toMatch(/^069/);

    await js.publish(SUBJECTS.fileTask('job-f'), task, { msgID: 'job-f.file.0.again' });
    await waitUntilIdle();
    const versions = await conn.query(`SELECT Id FROM ContentVersion WHERE ContentDocumentId = '${result.newId}'`);
    expect(versions.records).toHaveLength(1);
    const docs = await conn.query(`SELECT Id FROM ContentVersion WHERE Title = 'Report'`);
    expect(docs.records).toHaveLength(1);
  }, 20_000);

  it('two deliveries of one task in the same group insert one version; both get its result', async () => {
    const content = new TextEncoder().encode('twice delivered');
    const store = await new Objm(js).open(OBJECT_BUCKETS.content);
    await store.putBlob({ name: 'job-t/file-0' }, content);
    const task = parseMessage(
      'fileTask',
      encodeMessage('fileTask', {
        schemaVersion: 1,
        jobId: 'job-t',
        taskIndex: 0,
        itemId: 'file-0',
        contentDocumentId: '069000000000002AAA',
        action: 'create',
        ownerId,
        title: 'Twice',
        pathOnClient: 'twice.txt',
        contentKey: 'job-t/file-0',
        contentHash: 'unused-here',
        contentSize: content.byteLength,
        links: [],
        targetIds: {},
      }),
    );
    const outcomes = await handleFileTasks([task, task], {
      conn,
      ledger: await openWriteLedger(js),
      content: store,
      logger,
    });
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const [first, second] = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : undefined));
    expect(second).toEqual(first);
    const versions = await conn.query(`SELECT Id FROM ContentVersion WHERE Title = 'Twice'`);
    expect(versions.records).toHaveLength(1);
  }, 20_000);

  it('R13 restores a metadata-only attachment (no body key) under its parent', async () => {
    await js.publish(
      SUBJECTS.attachmentTask('job-f'),
      encodeMessage('attachmentTask', {
        schemaVersion: 1,
        jobId: 'job-f',
        taskIndex: 0,
        itemId: 'att-0',
        sourceId: '00P000000000001AAA',
        action: 'create',
        parentId: accountId,
        name: 'scan.pdf',
        contentType: 'application/pdf',
        isPrivate: false,
        ownerId,
        description: null,
        bodyKey: null,
      }),
    );
    const result = await nextResult();
    expect(result).toMatchObject({ kind: 'attachment', success: true });
    expect(result.newId).toMatch(/^00P/);
  }, 20_000);

  it('a file task whose content is missing fails with CONTENT_MISSING; a poison message is dead-lettered', async () => {
    await js.publish(
      SUBJECTS.fileTask('job-g'),
      encodeMessage('fileTask', {
        schemaVersion: 1,
        jobId: 'job-g',
        taskIndex: 0,
        itemId: 'file-missing',
        contentDocumentId: '069000000000002AAA',
        action: 'create',
        ownerId,
        title: 'Gone',
        pathOnClient: 'gone.txt',
        contentKey: 'job-g/never-uploaded',
        contentHash: 'x',
        contentSize: 3,
        links: [],
        targetIds: {},
      }),
    );
    const missing = await nextResult();
    expect(missing).toMatchObject({ success: false, error: { code: 'CONTENT_MISSING' } });

    await js.publish(SUBJECTS.fileTask('job-g'), new TextEncoder().encode('not json'));
    const dead = await js.consumers.get(STREAMS.deadLetters);
    const letter = await dead.next({ expires: 10_000 });
    expect(parseMessage('deadLetter', letter?.data ?? new Uint8Array()).reason).toMatch(/SCHEMA_INVALID/);
  }, 20_000);
});
