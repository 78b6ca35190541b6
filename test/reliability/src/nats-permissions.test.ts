// The containers' NATS setup on a real nats-server: apps/deploy/nats/restorelab.conf (the very file
// docker-compose.yml mounts) with the secrets apps/deploy/src/compose-secrets.ts makes, on a loopback port.
// The planner and both writers run as OS processes, each logged in as its own user with its password
// read from its own file, and do a whole restore (records, small and multi-chunk files, an attachment,
// the jobs list, the events stream, then the same restore again) and dead-letter broken messages,
// without one permission violation in the server's log. Then what must be refused is: no login, a
// wrong password, an unknown user, and each user reaching past its lists (another service's work or
// results, another's consumer or replies, other buckets, stream deletion).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { CONSUMERS, KV_BUCKETS, STREAMS, SUBJECTS } from '@restorelab/contracts';
import { SECRET_PATHS, writeComposeSecrets } from '@restorelab/deploy';
import { type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import { connectNats, createLogger, findNatsServer, type NatsConnection } from '@restorelab/runtime';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient } from './harness/api-client.ts';
import { checkTree, createProjectTree, loseProject } from './harness/org-data.ts';
import { type ServiceName, type ServiceProcess, spawnService, WORKSPACE_ROOT } from './harness/service-process.ts';

const CONFIG = join(WORKSPACE_ROOT, 'apps/deploy/nats/restorelab.conf');
const logger = createLogger({ name: 'nats-permissions-test', level: 'silent' });

let root: string;
let secrets: string;
let server: ChildProcess;
let serverLog = '';
let natsUrl: string;
let mock: MockServer;
let conn: Connection;
let api: ApiClient;
const services: ServiceProcess[] = [];
const connections: NatsConnection[] = [];

const secret = (relative: string) => readFileSync(join(secrets, relative), 'utf8').trim();
const passwordOf = (user: ServiceName) => secret(SECRET_PATHS.natsPassword(user));

/** nats-server on the compose config, with flags moving it to loopback, a free port and a temporary store. */
async function startNats(): Promise<string> {
  // The config includes secrets/passwords.conf beside itself: a folder holding a link to the very file
  // and a link to the secrets step's nats folder (in the containers, the nats-secrets volume).
  const confDir = join(root, 'conf');
  mkdirSync(confDir);
  symlinkSync(CONFIG, join(confDir, 'restorelab.conf'));
  symlinkSync(join(secrets, 'nats'), join(confDir, 'secrets'));
  const args = ['-c', join(confDir, 'restorelab.conf'), '-a', '127.0.0.1', '-p', '-1', '-m', '-1'];
  args.push('-js', '-sd', join(root, 'jetstream'), '--ports_file_dir', root);
  server = spawn(findNatsServer(), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', GOMAXPROCS: '1' },
  });
  server.stdout!.on('data', (c: Buffer) => (serverLog += c.toString()));
  server.stderr!.on('data', (c: Buffer) => (serverLog += c.toString()));
  const portsFile = join(root, `nats-server_${server.pid}.ports`);
  for (let i = 0; i < 400; i++) {
    try {
      return (JSON.parse(readFileSync(portsFile, 'utf8')) as { nats: string[] }).nats[0]!;
    } catch {
      if (server.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error(`nats-server did not start:\n${serverLog}`);
}

function start(name: ServiceName, extra: Record<string, string> = {}): ServiceProcess {
  const proc = spawnService(name, {
    NATS_URL: natsUrl,
    NATS_USER: name,
    NATS_PASSWORD_FILE: join(secrets, SECRET_PATHS.natsPassword(name)),
    SF_LOGIN_URL: mock.loginUrl,
    SF_USERNAME: mock.username,
    SF_PASSWORD: mock.password,
    LOG_LEVEL: 'debug',
    ...extra,
  });
  services.push(proc);
  return proc;
}

async function as(user: string, pass: string): Promise<NatsConnection> {
  const nc = await connectNats({ servers: natsUrl, name: `test-${user}`, logger, timeout: 3000, auth: { user, pass } });
  connections.push(nc);
  return nc;
}

const violations = () => serverLog.split('\n').filter((l) => /violation/i.test(l));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'restorelab-nats-perms-'));
  secrets = join(root, 'secrets');
  writeComposeSecrets(secrets);
  natsUrl = await startNats();
  mock = await startMockServer({ password: `pw-${randomBytes(12).toString('base64url')}` });
  conn = new Connection({ loginUrl: mock.loginUrl, version: '60.0' });
  await conn.login(mock.username, mock.password);
  // The writers first, as compose may start them: they may not set JetStream up, so they wait for
  // the planner to do it, then start.
  const writers = [start('record-writer'), start('file-writer')];
  await Promise.all(writers.map((w) => w.waitForLog('waiting for the planner to set up JetStream', 45_000)));
  const planner = start('planner', {
    PLANNER_TOKEN_FILE: join(secrets, SECRET_PATHS.plannerToken),
    PLANNER_PORT: '0',
    STORE_DIR: join(root, 'store'),
  });
  const ready = await planner.waitForLog('planner ready', 45_000);
  await Promise.all(writers.map((w) => w.waitForLog(`${w.name} ready`, 45_000)));
  api = apiClient(String(ready.url), secret(SECRET_PATHS.plannerToken));
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(connections.map((nc) => nc.close()));
  await Promise.allSettled(services.map((s) => s.stop()));
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await mock?.close().catch(() => {});
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('each service as its own NATS user', () => {
  it('does a whole restore with no permission violation', async () => {
    const tree = await createProjectTree(conn, 'perm', { milestones: 3, deliverablesPer: 2, files: 2 });
    // Beside the tree's small files: one larger than an object-store chunk (128 KiB), read by the
    // file-writer through a consumer rather than one message get, and an attachment.
    const big = await conn.sobject('ContentVersion').create({
      Title: 'perm-big',
      PathOnClient: 'perm-big.bin',
      VersionData: randomBytes(300 * 1024).toString('base64'),
      FirstPublishLocationId: tree.projectId,
    });
    const bigDocument = (
      await conn.query<{ ContentDocumentId: string }>(
        `SELECT ContentDocumentId FROM ContentVersion WHERE Id = '${big.id}'`,
      )
    ).records[0]!.ContentDocumentId;
    await conn.sobject('Attachment').create({
      ParentId: tree.projectId,
      Name: 'perm.txt',
      Body: Buffer.from('attached\n').toString('base64'),
      ContentType: 'text/plain',
    });
    const snapshotId = await api.backup();
    await loseProject(conn, tree);
    await conn.sobject('ContentDocument').destroy(bigDocument);

    const plan = await api.plan(tree.projectId, 'related', snapshotId);
    // A refused request only shows as retries in the services: stop at the first violation the server logs.
    const job = await api.waitFor((await api.confirm(plan.planId)).jobId, () => violations().length > 0, 90_000);
    expect(job.status, `${job.reason}\n${violations().slice(0, 10).join('\n')}`).toBe('succeeded');
    expect(job.counts.records.total.created).toBe(tree.records);
    expect(job.counts.files.created).toBe(3);
    expect(await checkTree(conn, tree)).toMatchObject({ lost: [], duplicates: [], misparented: [] });
    const newProject = job.idMap[tree.projectId]!;
    const attachments = await conn.query(`SELECT Id FROM Attachment WHERE ParentId = '${newProject}'`);
    expect(attachments.totalSize).toBe(1);

    // The jobs list (KV keys) and the events stream (an ordered consumer) as a monitor reads them.
    const jobs = await api.call('GET', '/v1/jobs');
    expect(jobs.body.jobs.map((j: { jobId: string }) => j.jobId)).toContain(job.jobId);
    const events = await fetch(`${api.baseUrl}/v1/jobs/${job.jobId}/events`, {
      headers: { authorization: `Bearer ${secret(SECRET_PATHS.plannerToken)}` },
      signal: AbortSignal.timeout(20_000),
    });
    expect(await events.text(), violations().slice(0, 10).join('\n')).toMatch(/"status":"succeeded"/);

    expect(violations()).toEqual([]);
    for (const s of services)
      expect(
        s.lines.filter((l) => /violation/i.test(l)),
        s.name,
      ).toEqual([]);

    // Restored again from the same snapshot: the small files' content is put again under the same
    // names, which purges the old chunks.
    const again = await api.plan(tree.projectId, 'related', snapshotId);
    const second = await api.waitFor((await api.confirm(again.planId)).jobId, () => violations().length > 0, 90_000);
    expect(second.status, `${second.reason}\n${violations().slice(0, 10).join('\n')}`).toBe('succeeded');
    expect(violations()).toEqual([]);
  });

  it('dead-letters a message that breaks its contract, from either writer, with no permission violation', async () => {
    const planner = await as('planner', passwordOf('planner'));
    const js = jetstream(planner);
    const deadLetters = async () =>
      (await planner.request(`$JS.API.STREAM.INFO.${STREAMS.deadLetters}`, '')).json<{ state: { messages: number } }>()
        .state.messages;
    const before = await deadLetters();
    await js.publish(SUBJECTS.recordBatch('job-poison'), '{"not":"a batch"}');
    await js.publish(SUBJECTS.fileTask('job-poison'), '{"not":"a task"}');
    const deadline = Date.now() + 20_000;
    while ((await deadLetters()) < before + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await deadLetters()).toBe(before + 2);
    expect(violations()).toEqual([]);
  });
});

describe('the secrets', () => {
  it('never appear in what the services log (debug level) or in the server log', () => {
    const values = {
      'planner token': secret(SECRET_PATHS.plannerToken),
      ...Object.fromEntries(
        (['planner', 'record-writer', 'file-writer'] as const).map((u) => [`${u} NATS password`, passwordOf(u)]),
      ),
    };
    const texts = [
      ...services.map((s) => ({ where: s.name, text: s.lines.join('\n') })),
      { where: 'nats-server', text: serverLog },
    ];
    expect(texts.reduce((n, t) => n + t.text.split('\n').length, 0)).toBeGreaterThan(50);
    const leaks = texts.flatMap(({ where, text }) =>
      Object.entries(values)
        .filter(([, value]) => text.includes(value))
        .map(([name]) => `${name} in ${where}`),
    );
    expect(leaks).toEqual([]);
  });
});

describe('what the server refuses', () => {
  it('refuses a client without a login, with a wrong password or as an unknown user', async () => {
    await expect(
      connectNats({ servers: natsUrl, name: 'anonymous', logger, timeout: 3000 }).then((nc) => nc.close()),
    ).rejects.toThrow(/authorization violation/i);
    await expect(as('planner', `${passwordOf('planner')}x`)).rejects.toThrow(/authorization violation/i);
    await expect(as('planner', passwordOf('record-writer'))).rejects.toThrow(/authorization violation/i);
    await expect(as('admin', passwordOf('planner'))).rejects.toThrow(/authorization violation/i);
  });

  /** Each request must be refused by the server as a publish permission violation. */
  async function refused(nc: NatsConnection, subjects: string[]): Promise<void> {
    for (const subject of subjects) {
      await expect(nc.request(subject, '{}', { timeout: 3000 }), subject).rejects.toThrow(/permissions violation/i);
    }
  }

  /** Each subscription must be refused by the server. */
  async function cannotSubscribe(nc: NatsConnection, subjects: string[]): Promise<void> {
    for (const subject of subjects) {
      const error = await new Promise<Error | null>((resolve) => {
        nc.subscribe(subject, { callback: (err) => resolve(err) });
        setTimeout(() => resolve(null), 3000);
      });
      expect(error?.message, subject).toMatch(/permissions violation/i);
    }
  }

  const API = '$JS.API';
  const ledger = `$KV.${KV_BUCKETS.writeLedger}`;
  const jobsKv = `$KV.${KV_BUCKETS.jobs}`;

  it('keeps the record-writer to its own work, results and ledger entries', async () => {
    const nc = await as('record-writer', passwordOf('record-writer'));
    const js = jetstream(nc);
    await expect(js.publish(SUBJECTS.fileTask('job-x'), '{}')).rejects.toThrow(/permissions violation/i);
    await expect(js.publish(SUBJECTS.recordBatch('job-x'), '{}')).rejects.toThrow(/permissions violation/i);
    await refused(nc, [
      SUBJECTS.attachmentTask('job-x'),
      SUBJECTS.fileTaskResult('job-x'),
      SUBJECTS.jobEvent('job-x'),
      `${API}.CONSUMER.MSG.NEXT.${STREAMS.files}.${CONSUMERS.fileWriter}`,
      `${API}.CONSUMER.MSG.NEXT.${STREAMS.results}.${CONSUMERS.plannerResults}`,
      `${API}.CONSUMER.CREATE.${STREAMS.records}.snoop`,
      // No writer may change the set-up: a source or a wider filter would route its messages elsewhere.
      `${API}.STREAM.UPDATE.${STREAMS.files}`,
      `${API}.STREAM.CREATE.${STREAMS.files}`,
      `${API}.CONSUMER.CREATE.${STREAMS.files}.${CONSUMERS.fileWriter}.${SUBJECTS.fileWorkAll}`,
      `${API}.STREAM.DELETE.${STREAMS.records}`,
      `${API}.STREAM.PURGE.${STREAMS.files}`,
      `${API}.STREAM.MSG.GET.KV_${KV_BUCKETS.jobs}`,
      `${jobsKv}.job.job-x`,
      `${ledger}.job-x.file.item`,
      `${API}.STREAM.MSG.GET.OBJ_restorelab-content`,
    ]);
    await cannotSubscribe(nc, ['_INBOX.>', '_INBOX.file-writer.>', '_INBOX.planner.>', 'restorelab.>']);
    // What it does use still answers (the connection survived the refusals).
    const info = await nc.request(`${API}.CONSUMER.INFO.${STREAMS.records}.${CONSUMERS.recordWriter}`, '');
    expect(info.json<{ name: string }>().name).toBe(CONSUMERS.recordWriter);
  });

  it('keeps the file-writer to its own work, results, ledger entries and reading content', async () => {
    const nc = await as('file-writer', passwordOf('file-writer'));
    const js = jetstream(nc);
    await expect(js.publish(SUBJECTS.recordBatch('job-x'), '{}')).rejects.toThrow(/permissions violation/i);
    await expect(js.publish(SUBJECTS.fileTask('job-x'), '{}')).rejects.toThrow(/permissions violation/i);
    await refused(nc, [
      SUBJECTS.recordBatchResult('job-x'),
      SUBJECTS.jobEvent('job-x'),
      `${API}.CONSUMER.MSG.NEXT.${STREAMS.records}.${CONSUMERS.recordWriter}`,
      `${API}.STREAM.DELETE.${STREAMS.files}`,
      `${jobsKv}.job.job-x`,
      `${ledger}.job-x.record.item`,
      '$O.restorelab-content.M.bogus',
    ]);
    await cannotSubscribe(nc, ['_INBOX.>', '_INBOX.record-writer.>', 'restorelab.dead.>']);
  });

  it('keeps the planner from forging results or taking the writers’ work', async () => {
    const nc = await as('planner', passwordOf('planner'));
    const js = jetstream(nc);
    await expect(js.publish(SUBJECTS.recordBatchResult('job-x'), '{}')).rejects.toThrow(/permissions violation/i);
    await refused(nc, [
      SUBJECTS.fileTaskResult('job-x'),
      SUBJECTS.deadLetter('job-x'),
      `${API}.CONSUMER.MSG.NEXT.${STREAMS.records}.${CONSUMERS.recordWriter}`,
      `${API}.CONSUMER.MSG.NEXT.${STREAMS.files}.${CONSUMERS.fileWriter}`,
      `${API}.STREAM.DELETE.${STREAMS.results}`,
      `${ledger}.job-x.record.item`,
    ]);
    await cannotSubscribe(nc, ['_INBOX.>', '_INBOX.record-writer.>']);
    // Nothing refused reached a work queue: the restore above left them empty, and so did this.
    for (const stream of [STREAMS.records, STREAMS.files, STREAMS.results]) {
      const info = await nc.request(`${API}.STREAM.INFO.${stream}`, '');
      expect(info.json<{ state: { messages: number } }>().state.messages, stream).toBe(0);
    }
  });
});
