// Bulk API 2.0 ingest through jsforce 3.10 (`conn.bulk2`), once over HTTP and once through msw:
// every operation, per-row results, the CSV dialects, jobs moving through their states off the
// request path, and the errors of bad data and wrong states.
import type jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, httpTarget, type MockTarget, mswTarget } from './targets.ts';

type Conn = jsforce.Connection;
type Row = Record<string, string>;
const FAST = { pollInterval: 20, pollTimeout: 20_000 };
/** Result rows as plain string records (jsforce types them with the connection's schema). */
const rows = (results: unknown): Row[] => results as Row[];

describe.each([
  ['http', httpTarget],
  ['msw', mswTarget],
] as const)('Bulk API 2.0 ingest (%s)', (_name, makeTarget) => {
  let t: MockTarget;
  let conn: Conn;

  beforeAll(async () => {
    t = await makeTarget();
    conn = await t.connect();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Runs a job from raw CSV to the end and returns its info and results. */
  async function runJob(options: Parameters<Conn['bulk2']['createJob']>[0], csv: string) {
    const job = conn.bulk2.createJob(options);
    await job.open();
    await job.uploadData(csv);
    await job.close();
    await job.poll(FAST.pollInterval, FAST.pollTimeout);
    return { info: await job.check(), results: await job.getAllResults() };
  }

  it('inserts row by row: successes with sf__Id and sf__Created, failures with sf__Error', async () => {
    const res = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [
        { Name: 'Bulk One', Industry: 'Banking' },
        { Name: '', Industry: 'Energy' },
        { Name: 'Bulk Three', Industry: 'Energy' },
      ],
      ...FAST,
    });
    const ok = rows(res.successfulResults);
    expect(ok.map((r) => r.Name)).toEqual(['Bulk One', 'Bulk Three']);
    expect(ok.every((r) => /^001\w{15}$/.test(r.sf__Id!) && r.sf__Created === 'true')).toBe(true);
    const bad = rows(res.failedResults);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ sf__Id: '', Industry: 'Energy' });
    expect(bad[0]!.sf__Error).toBe('REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --');
    const stored = await conn.sobject('Account').retrieve(ok[0]!.sf__Id!);
    expect((stored as Row).Industry).toBe('Banking');
  });

  it('updates: an empty cell leaves a field, #N/A sets it to null; a bad id fails its row only', async () => {
    const { id } = (await conn.sobject('Account').create({ Name: 'Upd', Industry: 'Energy', Phone: '555' })) as {
      id: string;
    };
    const csv = `Id,Name,Industry,Phone\n${id},Upd 2,#N/A,\n001000000000000AAA,X,,\n`;
    const { info, results } = await runJob({ object: 'Account', operation: 'update' }, csv);
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 1 });
    expect(rows(results.successfulResults)[0]).toMatchObject({ sf__Id: id, sf__Created: 'false' });
    expect(rows(results.failedResults)[0]!.sf__Error).toMatch(/^INVALID_CROSS_REFERENCE_KEY:/);
    const after = (await conn.sobject('Account').retrieve(id)) as Record<string, unknown>;
    expect(after).toMatchObject({ Name: 'Upd 2', Industry: null, Phone: '555' });
  });

  it('upserts by external id, and links children to parents by external id', async () => {
    const res = await conn.bulk2.loadAndWaitForResults({
      object: 'Project__c',
      operation: 'upsert',
      externalIdFieldName: 'Code__c',
      input: 'Code__c,Name\nPRJ-001,Acme plant upgrade (bulk)\nPRJ-B1,Bulk project\n',
      ...FAST,
    });
    const byCode = Object.fromEntries(rows(res.successfulResults).map((r) => [r.Code__c, r]));
    expect(byCode['PRJ-001']!.sf__Created).toBe('false');
    expect(byCode['PRJ-B1']!.sf__Created).toBe('true');
    const children = await conn.bulk2.loadAndWaitForResults({
      object: 'Milestone__c',
      operation: 'insert',
      input: 'Name,Project__r.Code__c\nKickoff,PRJ-B1\nOrphan,PRJ-NONE\n',
      ...FAST,
    });
    const made = rows(children.successfulResults)[0]!;
    const milestone = (await conn.sobject('Milestone__c').retrieve(made.sf__Id!)) as Row;
    expect(milestone.Project__c).toBe(byCode['PRJ-B1']!.sf__Id);
    expect(rows(children.failedResults)[0]!.sf__Error).toBe(
      'INVALID_FIELD:Foreign key external ID: PRJ-NONE not found for field Code__c in entity Project__c:Project__c --',
    );
  });

  it('deletes to the recycle bin (cascading), hardDeletes for good with the permission only', async () => {
    const a = (await conn.sobject('Account').create({ Name: 'Del A' })) as { id: string };
    const b = (await conn.sobject('Account').create({ Name: 'Del B' })) as { id: string };
    const soft = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'delete',
      input: [{ Id: a.id }],
      ...FAST,
    });
    expect(rows(soft.successfulResults)[0]).toMatchObject({ sf__Id: a.id, sf__Created: 'false' });
    const binned = await conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id = '${a.id}'`, { scanAll: true });
    expect(binned.records[0]).toMatchObject({ IsDeleted: true });

    const refused = await failure(
      conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'hardDelete', input: [{ Id: b.id }], ...FAST }),
    );
    expect(refused.errorCode).toBe('FEATURENOTENABLED');
    t.admin.setBulkApiHardDelete(true, t.login.orgId);
    const hard = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'hardDelete',
      input: [{ Id: b.id }],
      ...FAST,
    });
    expect(rows(hard.successfulResults)[0]!.sf__Id).toBe(b.id);
    const gone = await conn.query(`SELECT Id FROM Account WHERE Id = '${b.id}'`, { scanAll: true });
    expect(gone.totalSize).toBe(0);
    t.admin.setBulkApiHardDelete(false, t.login.orgId);
  });

  it('reads every column delimiter, LF and CRLF, and RFC 4180 quoting', async () => {
    const delimiters = { COMMA: ',', SEMICOLON: ';', PIPE: '|', TAB: '\t', CARET: '^', BACKQUOTE: '`' } as const;
    for (const [columnDelimiter, d] of Object.entries(delimiters)) {
      for (const lineEnding of ['LF', 'CRLF'] as const) {
        const eol = lineEnding === 'CRLF' ? '\r\n' : '\n';
        const name = `Q "${columnDelimiter}"${d} ${lineEnding}${eol}line two`;
        const quoted = `"${name.replaceAll('"', '""')}"`;
        const csv = `Name${d}Description${eol}${quoted}${d}plain${eol}`;
        const { info, results } = await runJob(
          { object: 'Account', operation: 'insert', columnDelimiter: columnDelimiter as 'COMMA', lineEnding },
          csv,
        );
        expect(info).toMatchObject({ state: 'JobComplete', columnDelimiter, lineEnding, numberRecordsFailed: 0 });
        const id = rows(results.successfulResults)[0]!.sf__Id!;
        expect(((await conn.sobject('Account').retrieve(id)) as Row).Name).toBe(name);
      }
    }
  });

  it('fails the job on an unknown column, bad quoting or the wrong line ending; nothing is written', async () => {
    const before = (await conn.query('SELECT Id FROM Account')).totalSize;
    const cases: Array<[string, string, 'LF' | 'CRLF']> = [
      ['Name,Foo__c\nA,b\n', 'InvalidBatch : Field name not found : Foo__c', 'LF'],
      ['Name\n"unclosed\n', 'InvalidBatch : Failed to parse CSV', 'LF'],
      [
        'Name\r\nA\r\n',
        'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF',
        'LF',
      ],
    ];
    for (const [csv, message, lineEnding] of cases) {
      const job = conn.bulk2.createJob({ object: 'Account', operation: 'insert', lineEnding });
      await job.open();
      await job.uploadData(csv);
      await job.close();
      const e = await failure(job.poll(FAST.pollInterval, FAST.pollTimeout));
      expect(e.message).toContain(message);
      const info = await job.check();
      expect(info).toMatchObject({ state: 'Failed', numberRecordsProcessed: 0 });
      expect(info.errorMessage).toContain(message);
    }
    const first = await conn.bulk2.job('ingest', { id: (await listJobs())[0]!.id }).getUnprocessedRecords();
    expect(first).toEqual([{ Name: 'A', Foo__c: 'b' }]);
    expect((await conn.query('SELECT Id FROM Account')).totalSize).toBe(before);
  });

  async function listJobs(): Promise<Array<{ id: string; state: string }>> {
    const list = await conn.request<{ records: Array<{ id: string; state: string }>; done: boolean }>('/jobs/ingest');
    expect(list.done).toBe(true);
    return list.records.filter((j) => j.state === 'Failed');
  }

  it('refuses requests the job state does not allow, unknown jobs and bad job definitions', async () => {
    const job = conn.bulk2.createJob({ object: 'Account', operation: 'insert' });
    await job.open();
    expect((await failure(job.delete())).errorCode).toBe('INVALIDJOBSTATE');
    await job.uploadData('Name\nTwice\n');
    const put = await conn.request({
      method: 'PUT',
      url: `/jobs/ingest/${job.id}/batches`,
      body: 'Name\nAgain\n',
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(put).toBeFalsy();
    const closing = await failure(job.close());
    expect(closing.errorCode).toBe('INVALIDJOB');
    expect(closing.message).toContain('Found multiple contents for job');
    await job.abort();
    expect((await failure(job.abort())).errorCode).toBe('INVALIDJOBSTATE');
    expect(await job.getSuccessfulResults()).toEqual([]);
    await job.delete();
    expect((await failure(job.check())).errorCode).toBe('NOT_FOUND');
    const upsert = await failure(
      conn.bulk2.createJob({ object: 'Account', operation: 'upsert', externalIdFieldName: 'Name' }).open(),
    );
    expect(upsert.errorCode).toBe('INVALIDJOB');
    const noObject = await failure(conn.bulk2.createJob({ object: 'Nope__c', operation: 'insert' }).open());
    expect(noObject.errorCode).toBe('INVALIDJOB');
    const open = conn.bulk2.createJob({ object: 'Account', operation: 'insert' });
    await open.open();
    // jsforce reads an error answer to a CSV request as CSV: only the text shows the code.
    expect((await failure(open.getFailedResults())).message).toContain('INVALIDJOBSTATE');
  });

  it('an abort while InProgress stops the job; the rows not reached are unprocessedrecords', async () => {
    const total = 40_000;
    const job = conn.bulk2.createJob({ object: 'Account', operation: 'insert' });
    await job.open();
    await job.uploadData(`Name\n${Array.from({ length: total }, (_, i) => `Abort ${i}`).join('\n')}\n`);
    await job.close();
    let info = await job.check();
    while (info.state !== 'InProgress') info = await job.check();
    await job.abort();
    info = await job.check();
    expect(info.state).toBe('Aborted');
    const done = rows(await job.getSuccessfulResults()).length;
    const left = rows(await job.getUnprocessedRecords()).length;
    expect(done).toBe(info.numberRecordsProcessed);
    expect(left).toBeGreaterThan(0);
    expect(done + left).toBe(total);
    expect((await conn.query("SELECT COUNT() FROM Account WHERE Name LIKE 'Abort %'")).totalSize).toBe(done);
  });

  it('runs off the request path: a poll sees InProgress before JobComplete; counts batches and calls', async () => {
    const limits = async () => (await conn.limits()) as Record<string, { Remaining: number }>;
    const before = await limits();
    const rows = Array.from({ length: 12_000 }, (_, i) => `Load ${i}`);
    const job = conn.bulk2.createJob({ object: 'Account', operation: 'insert' });
    await job.open();
    await job.uploadData(`Name\n${rows.join('\n')}\n`);
    const calls = t.admin.apiCalls(t.login.orgId).apiCalls;
    await job.close();
    const seen = new Set<string>();
    let checks = 1;
    let info = await job.check();
    while (info.state !== 'JobComplete') {
      seen.add(info.state);
      checks++;
      info = await job.check();
    }
    expect(seen.has('InProgress')).toBe(true);
    expect(info).toMatchObject({ numberRecordsProcessed: 12_000, numberRecordsFailed: 0 });
    // Every HTTP request counts once (the close and each poll); processing the rows costs none.
    expect(t.admin.apiCalls(t.login.orgId).apiCalls - calls).toBe(1 + checks);
    const after = await limits();
    expect(before.DailyBulkApiBatches!.Remaining - after.DailyBulkApiBatches!.Remaining).toBe(2);
  });
});
