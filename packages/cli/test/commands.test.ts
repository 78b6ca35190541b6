// The client commands end to end: the real CLI in a child process against a real stack started here
// (embedded nats-server, the mock demo org over HTTP, record-writer, file-writer, the planner API).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@restorelab/runtime';
import { type Stack, startStack } from '@restorelab/stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWNLOAD_ONLY_MARK } from '../src/format.ts';
import { type CliRun, errorLines, runCli } from './run-cli.ts';

let stack: Stack;
let work: string;
// The client options go after the sub-command (they belong to it).
const cli = (...args: string[]) =>
  runCli([...args, '--planner', stack.plannerUrl], { env: { PLANNER_TOKEN: stack.token } });
const json = (run: CliRun) => {
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout);
};
const idOf = async (soql: string) => ((await stack.conn.query<{ Id: string }>(soql)).records[0]?.Id ?? '') as string;

beforeAll(async () => {
  stack = await startStack({ logger: createLogger({ name: 'cli-test', level: 'silent' }) });
  work = await mkdtemp(join(tmpdir(), 'restorelab-cli-'));
});
afterAll(async () => {
  await stack?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('restorelab client commands against a running stack', () => {
  let snapshotId: string;

  it('backup takes a snapshot and snapshots lists it', async () => {
    const report = json(await cli('--json', 'backup'));
    snapshotId = report.snapshot.id;
    expect(report.snapshot.counts.records).toBeGreaterThan(0);
    const [listedRun, human] = await Promise.all([cli('snapshots', '--json'), cli('snapshots')]);
    const listed = json(listedRun);
    expect(listed.snapshots.map((s: { id: string }) => s.id)).toContain(snapshotId);
    expect(human.stdout).toContain(snapshotId);
  });

  it('ls browses folders and marks download-only types visibly', async () => {
    const [rootRun, objectsRun, human, accountsRun] = await Promise.all([
      cli('ls', '--json'),
      cli('ls', 'Objects', '--json'),
      cli('ls', 'Objects'),
      cli('ls', 'Objects/Account', '--limit', '2', '--json'),
    ]);
    const root = json(rootRun);
    expect(root.snapshotId).toBe(snapshotId);
    expect(root.entries.map((e: { name: string }) => e.name)).toEqual(['Objects', 'Files', 'Attachments']);
    const objects = json(objectsRun);
    expect(objects.entries.find((e: { name: string }) => e.name === 'User').downloadOnly).toBe(true);
    const userLine = human.stdout.split('\n').find((l) => l.trim().startsWith('User/'));
    const accountLine = human.stdout.split('\n').find((l) => l.trim().startsWith('Account/'));
    expect(userLine).toContain(DOWNLOAD_ONLY_MARK);
    expect(accountLine).not.toContain(DOWNLOAD_ONLY_MARK);
    const accounts = json(accountsRun);
    expect(accounts.entries).toHaveLength(2);
    expect(accounts.total).toBeGreaterThan(2);
    // A misspelt object is not an empty folder.
    const typo = await cli('ls', 'Objects/Acount');
    expect(typo.code).toBe(1);
    expect(errorLines(typo)).toEqual([
      expect.stringMatching(/^restorelab: no object Acount in snapshot .*did you mean Objects\/Account\?/),
    ]);
  });

  it('search finds records by name and show previews one with children and files', async () => {
    const hits = json(await cli('search', 'Globex', '--json'));
    const account = hits.items.find((h: { type: string }) => h.type === 'Account');
    expect(account).toBeDefined();
    const [previewRun, human] = await Promise.all([cli('show', account.id, '--json'), cli('show', 'Globex')]);
    const preview = json(previewRun);
    expect(preview.record.id).toBe(account.id);
    expect(preview.children.length).toBeGreaterThan(0);
    expect(preview.files.length).toBeGreaterThan(0);
    // `show Globex`: a name that matches one record
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Children \(\d+\)/);
    expect(human.stdout).toContain('Files (');
  });

  it('download saves a file as backed up', async () => {
    const files = json(await cli('ls', 'Files', '--json'));
    const file = files.entries[0];
    const target = join(work, 'file.bin');
    const saved = json(await cli('download', file.id, '-o', target, '--json'));
    expect(saved.bytes).toBe(file.size);
    expect((await stat(target)).size).toBe(file.size);
    const again = await cli('download', file.id, '-o', target);
    expect(again.code).toBe(1);
    expect(errorLines(again)).toEqual([expect.stringContaining('--force')]);
    const missing = join(work, 'no-such-folder', 'file.bin');
    const nowhere = await cli('download', file.id, '-o', missing);
    expect(nowhere.code).toBe(1);
    expect(errorLines(nowhere)).toEqual([
      `restorelab: cannot write ${missing}: the folder ${join(work, 'no-such-folder')} does not exist`,
    ]);
  });

  it('restore --dry-run prints the summary and writes nothing; --yes restores and jobs show reports it', async () => {
    const contact = await idOf("SELECT Id FROM Contact WHERE LastName = 'Shah'");
    const deleted = await stack.conn.sobject('Contact').destroy(contact);
    expect(deleted.success).toBe(true);

    const [dryRun, human] = await Promise.all([
      cli('restore', contact, '--dry-run', '--json', '--snapshot', snapshotId),
      cli('restore', contact, '--dry-run', '--snapshot', snapshotId),
    ]);
    const dry = json(dryRun);
    expect(dry.plan.summary.records.byObject.Contact.create).toBe(1);
    expect(human.stdout).toMatch(/Contact\s+1\s+0\s+0\s+0/);
    expect(human.stdout).toContain('dry run: nothing written');
    // One count model (issue 19): every row's TOTAL is the sum of its five counts, `all` of the kinds.
    const rows = countRows(human.stdout);
    for (const r of rows) expect(r.total, r.label).toBe(r.parts.reduce((x, y) => x + y, 0));
    const kinds = rows.filter((r) => ['records', 'files', 'attachments', 'metafiles'].includes(r.label));
    expect(kinds).toHaveLength(4);
    expect(rows.find((r) => r.label === 'all')?.total).toBe(kinds.reduce((n, r) => n + r.total, 0));
    expect(human.stdout).toContain('metafiles: the sharing links (ContentDocumentLink)');
    expect(human.stdout).toMatch(/Changes: /);
    expect(await idOf("SELECT Id FROM Contact WHERE LastName = 'Shah'")).toBe('');

    const done = json(await cli('restore', contact, '--yes', '--json', '--snapshot', snapshotId));
    expect(done.job.status).toBe('succeeded');
    const newId = done.job.idMap[contact];
    expect(newId).toBeDefined();
    expect(await idOf("SELECT Id FROM Contact WHERE LastName = 'Shah'")).toBe(newId);

    const [shownRun, listedRun, watched] = await Promise.all([
      cli('jobs', 'show', done.job.jobId, '--json'),
      cli('jobs', '--json'),
      cli('jobs', 'watch', done.job.jobId),
    ]);
    expect(json(shownRun)).toMatchObject({ jobId: done.job.jobId, status: 'succeeded' });
    expect(json(listedRun).jobs.map((j: { jobId: string }) => j.jobId)).toContain(done.job.jobId);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain('succeeded');
    // The job in the same model: done = every outcome, every total the sum beside it.
    expect(watched.stdout).toMatch(/done: \d+ \(/);
    for (const r of countRows(watched.stdout)) expect(r.total, r.label).toBe(r.parts.reduce((x, y) => x + y, 0));
  });

  it('a confirmed restore always makes a job: every item failing → failed, exit 1 naming it; every item skipped → succeeded', async () => {
    const row = (
      await stack.conn.query<{ Id: string; Milestone__c: string }>(
        'SELECT Id, Milestone__c FROM Deliverable__c LIMIT 1',
      )
    ).records[0]!;
    await stack.conn.sobject('Milestone__c').destroy(row.Milestone__c); // the deliverable goes with its master

    const failing = await cli('restore', row.Id, '--yes', '--snapshot', snapshotId);
    expect(failing.code, failing.stderr).toBe(1);
    expect(failing.stdout).toContain('MANDATORY_PARENT_DELETED');
    const failedJob = /job (job-[\w-]+) failed/.exec(failing.stderr)?.[1];
    expect(failedJob, failing.stderr).toBeDefined();
    const [shown, listed] = await Promise.all([cli('jobs', 'show', failedJob!, '--json'), cli('jobs', '--json')]);
    const job = json(shown);
    expect(job.status).toBe('failed');
    expect(job.failures).toEqual([expect.objectContaining({ code: 'MANDATORY_PARENT_DELETED' })]);
    expect(json(listed).jobs.map((j: { jobId: string }) => j.jobId)).toContain(failedJob);
    // The recovery the API and console offer, from the CLI too: resume a failed job; cancel only a running one.
    const resumed = json(await cli('jobs', 'resume', failedJob!, '--json'));
    expect(resumed.jobId).toBe(failedJob);
    expect(resumed.attempt).toBe(2);
    // The job's document, and no error document after it (--json prints one document).
    const finished = JSON.parse((await cli('jobs', 'watch', failedJob!, '--json')).stdout);
    const cancel = await cli('jobs', 'cancel', failedJob!);
    expect(cancel.code).toBe(1);
    expect(errorLines(cancel)).toEqual([
      `restorelab: job ${failedJob} is ${finished.status}: only running jobs can be cancelled`,
    ]);

    const account = await idOf("SELECT Id FROM Account WHERE Name = 'Globex'");
    const skipped = json(await cli('restore', account, '--yes', '--json', '--snapshot', snapshotId));
    expect(skipped.plan.summary.itemsToWrite).toBe(0);
    expect(skipped.job.status).toBe('succeeded');
    expect(skipped.job.counts.records.total).toMatchObject({
      created: 0,
      overwritten: 0,
      newVersion: 0,
      skipped: 1,
      failed: 0,
      total: 1,
    });
  });
});

describe('restorelab client commands: errors are one line and a non-zero exit', () => {
  const expectOneLine = (run: CliRun, code: number, pattern: RegExp) => {
    expect(run.code, run.stderr).toBe(code);
    const lines = errorLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  };

  it('a wrong token: says the token is wrong and never prints it', async () => {
    const secret = 'not-the-token-0123456789';
    const run = await runCli(['snapshots', '--planner', stack.plannerUrl, '--token', secret]);
    expectOneLine(run, 1, /token.*wrong/);
    expect(run.stderr + run.stdout).not.toContain(secret);
    expect(run.stderr + run.stdout).not.toContain(stack.token);
  });

  it('an unreachable planner: says how to start one', async () => {
    const port = await freePort();
    const run = await runCli(['jobs', '--planner', `http://127.0.0.1:${port}`]);
    expectOneLine(run, 1, /cannot reach the planner at http:\/\/127\.0\.0\.1:\d+.*restorelab dev/);
  });

  it('an unknown record, a bad flag value, a missing confirmation, a download-only type (R02)', async () => {
    // A lost record, so the summary has something to write and the confirmation is needed.
    const task = await idOf('SELECT Id FROM Task LIMIT 1');
    await stack.conn.sobject('Task').destroy(task);
    const [unknown, badFlag, noTty, user] = await Promise.all([
      cli('show', '001000000000000AAA'),
      cli('ls', 'Objects', '--limit', 'lots'),
      cli('restore', task),
      idOf("SELECT Id FROM User WHERE LastName = 'Sato'").then((id) => cli('restore', id, '--yes')),
    ]);
    expectOneLine(unknown, 1, /no record "001000000000000AAA"/);
    expectOneLine(badFlag, 2, /--limit: expected a positive whole number, got "lots"/);
    expectOneLine(noTty, 2, /pass --yes/);
    expect(noTty.stdout).toContain('Restore of'); // the summary came first
    expect(await idOf(`SELECT Id FROM Task WHERE Id = '${task}'`)).toBe(''); // and nothing was written
    expectOneLine(user, 1, /R02/);
  });

  it('--debug adds the stack trace of an unexpected error', async () => {
    const run = await runCli(['--debug', 'jobs', '--planner', 'http://127.0.0.1:1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\n\s+at /);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The rows of a counts table in a command's output: a label, five counts, and the TOTAL. */
function countRows(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim().match(/^([A-Za-z_]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ label: m[1]!, parts: m.slice(2, 7).map(Number), total: Number(m[7]) }));
}
