// The HTTP API itself: auth, error bodies for bad input, the OpenAPI document, browsing, downloads,
// R02 refusals and the SSE event stream of a job.

import { startPlanner, tokenMatches } from '@restorelab/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroy, idOf, silent, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
let snap: string;
beforeAll(async () => {
  stack = await startTestStack();
  snap = await stack.api.backup();
});
afterAll(async () => {
  await stack?.close();
});

describe('planner API', () => {
  it('refuses calls without the token or with a wrong one (401 JSON); compares tokens in constant time', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await stack.api.call('GET', '/v1/jobs', undefined, token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    }
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
  });

  it('answers in process (PlannerService.fetch) exactly as over HTTP, token check included', async () => {
    const inProcess = (path: string, token?: string) =>
      stack.planner.fetch(
        new Request(`${stack.plannerUrl}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      );
    const refused = await inProcess('/v1/jobs');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const listed = await inProcess('/v1/jobs', stack.token);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual((await stack.api.call('GET', '/v1/jobs')).body);
  });

  it('serves the OpenAPI document without a token, listing the restore and job paths', async () => {
    const res = await stack.api.call('GET', '/v1/openapi.json', undefined, null);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/restores',
        '/v1/restores/{id}/confirm',
        '/v1/jobs/{id}/events',
        '/v1/jobs/{id}/resume',
        '/v1/snapshots/{id}/folders/{path}',
      ]),
    );
  });

  it('answers 4xx with a clear message for bad bodies and unknown ids, never a 5xx', async () => {
    const cases: Array<[string, string, unknown, number]> = [
      ['POST', '/v1/restores', '{not json', 400],
      ['POST', '/v1/restores', { recordId: 'nope', method: 'record' }, 400],
      ['POST', '/v1/restores', { recordId: '001000000000001AAA', method: 'everything' }, 400],
      ['POST', '/v1/restores', { recordId: '001000000000001AAA', method: 'record', extra: 1 }, 400],
      ['POST', '/v1/restores', { recordId: '001000000000001AAA', method: 'record', snapshotId: 'missing' }, 404],
      ['POST', '/v1/restores', { recordId: '001000000000001AAA', method: 'record', snapshotId: snap }, 404],
      ['POST', '/v1/restores/plan-unknown/confirm', undefined, 404],
      ['GET', '/v1/jobs/job-unknown', undefined, 404],
      ['GET', '/v1/jobs/bad.id', undefined, 404],
      ['GET', '/v1/jobs/job-unknown?wait=1', undefined, 404],
      ['POST', '/v1/jobs/job-unknown/cancel', undefined, 404],
      ['POST', '/v1/jobs/job-unknown/resume', undefined, 404],
      ['GET', `/v1/snapshots/${snap}/folders/Nowhere`, undefined, 400],
      ['GET', `/v1/snapshots/missing/folders`, undefined, 404],
      ['GET', `/v1/snapshots/${snap}/search`, undefined, 400],
      ['POST', '/v1/snapshots', { objects: 'Account' }, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await stack.api.call(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(res.body)}`).toBe(status);
      expect(typeof res.body.error?.message).toBe('string');
    }
  });

  it('R02 refuses a restore of a download-only type with a clear error; its folder is marked', async () => {
    const user = await idOf(stack, 'User', "LastName = 'Sato'");
    const res = await stack.api.call('POST', '/v1/restores', { recordId: user, method: 'record', snapshotId: snap });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'DOWNLOAD_ONLY_TYPE', rule: 'R02' });
    const objects = await stack.api.call('GET', `/v1/snapshots/${snap}/folders/Objects`);
    expect(objects.body.entries.find((e: { name: string }) => e.name === 'User')?.downloadOnly).toBe(true);
  });

  it('browses, searches, previews and downloads', async () => {
    const root = await stack.api.call('GET', `/v1/snapshots/${snap}/folders`);
    expect(root.body.entries.map((e: { name: string }) => e.name)).toEqual(['Objects', 'Files', 'Attachments']);
    const accounts = await stack.api.call('GET', `/v1/snapshots/${snap}/folders/Objects/Account?limit=2`);
    expect(accounts.body.entries).toHaveLength(2);
    const hits = await stack.api.call('GET', `/v1/snapshots/${snap}/search?q=Globex`);
    expect(hits.body.items.length).toBeGreaterThan(0);
    const files = await stack.api.call('GET', `/v1/snapshots/${snap}/folders/Files`);
    const file = files.body.entries[0];
    const res = await fetch(`${stack.plannerUrl}/v1/snapshots/${snap}/files/${file.id}/download`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
    expect(res.status).toBe(200);
    // The same safe headers as the console's downloads: never rendered, sniffed or cached.
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''/);
    expect((await res.arrayBuffer()).byteLength).toBe(file.size);
    const account = accounts.body.entries[0].id;
    const json = await stack.api.call('GET', `/v1/snapshots/${snap}/records/${account}/download`);
    expect(json.body.id).toBe(account);
    const orgs = await stack.api.call('GET', '/v1/orgs');
    expect(orgs.body.orgs[0]).toMatchObject({ connected: true, snapshots: 1 });
  });

  it('looks items up by id, reads a file, an attachment and a record as the connected org holds it', async () => {
    const files = await stack.api.call('GET', `/v1/snapshots/${snap}/folders/Files`);
    const attachments = await stack.api.call('GET', `/v1/snapshots/${snap}/folders/Attachments`);
    const account = await idOf(stack, 'Account', "Name = 'Acme Corporation'");
    const [fileId, attachmentId] = [files.body.entries[0].id, attachments.body.entries[0].id];
    const ids = [account.slice(0, 15), fileId, attachmentId, '001000000000000AAA'].join(',');
    const found = await stack.api.call('GET', `/v1/snapshots/${snap}/items?ids=${ids}`);
    expect(found.status).toBe(200);
    const file = await stack.api.call('GET', `/v1/snapshots/${snap}/files/${fileId}`);
    expect(file.body).toMatchObject({ contentDocumentId: fileId, links: expect.any(Array) });
    // An attachment is a record of Objects/Attachment too, and is found as one (metadata, R13).
    expect(found.body.items.map((h: { kind: string; type: string; name: string }) => [h.kind, h.type, h.name])).toEqual(
      [
        ['record', 'Account', 'Acme Corporation'],
        ['file', 'File', file.body.title],
        ['record', 'Attachment', attachments.body.entries[0].name],
      ],
    );
    expect((await stack.api.call('GET', `/v1/snapshots/${snap}/items?ids=nope`)).status).toBe(400);
    const attachment = await stack.api.call('GET', `/v1/snapshots/${snap}/attachments/${attachmentId}`);
    expect(attachment.body).toMatchObject({ id: attachmentId, name: attachments.body.entries[0].name });
    expect((await stack.api.call('GET', `/v1/snapshots/${snap}/files/${account}`)).status).toBe(404);
    const orgId = (await stack.api.call('GET', '/v1/orgs')).body.orgs[0].orgId;
    const live = await stack.api.call('GET', `/v1/orgs/${orgId}/records/Account/${account}`);
    expect(live.body).toMatchObject({ orgId, type: 'Account', fields: { Name: 'Acme Corporation' } });
    expect(live.body.fields.attributes).toBeUndefined();
    expect((await stack.api.call('GET', `/v1/orgs/00D000000000000AAA/records/Account/${account}`)).status).toBe(404);
    expect((await stack.api.call('GET', `/v1/orgs/${orgId}/records/Account/001000000000000AAA`)).status).toBe(404);
  });

  it('answers GET /v1/jobs/{id}?wait=S once the job has stopped (long poll); a bad wait is a 400', async () => {
    const contact = await idOf(stack, 'Contact', "LastName = 'Martin'");
    await destroy(stack, 'Contact', [contact]);
    const plan = await stack.api.plan(contact, 'record', snap);
    const job = await stack.api.confirm(plan.planId);
    // Without wait the job may still run; with it, the first answer is the final state.
    const waited = await stack.api.call('GET', `/v1/jobs/${job.jobId}?wait=30`);
    expect(waited.status).toBe(200);
    expect(waited.body.status).toBe('succeeded');
    expect(Object.keys(waited.body.idMap)).toContain(contact);
    for (const bad of ['-1', '61', 'soon']) {
      const res = await stack.api.call('GET', `/v1/jobs/${job.jobId}?wait=${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.message).toMatch(/wait/);
    }
  });

  it('starts one job for a plan confirmed several times at once or at another planner; the plan names its job', async () => {
    const created = (await stack.conn.sobject('Contact').create({ LastName: 'Confirmed-Once' })) as { id: string };
    const withContact = await stack.api.backup();
    await destroy(stack, 'Contact', [created.id]);
    const plan = await stack.api.plan(created.id, 'record', withContact);
    const pending = await stack.api.call('GET', `/v1/restores/${plan.planId}`);
    expect(pending.body.jobId).toBeUndefined();
    // The job's first save creates its entry, which only one confirmation can do.
    const confirmed = await Promise.all([1, 2, 3].map(() => stack.api.confirm(plan.planId)));
    const jobId = String(confirmed[0]?.jobId);
    expect(confirmed.map((j) => j.jobId)).toEqual([jobId, jobId, jobId]);
    expect((await stack.api.waitJob(jobId)).status).toBe('succeeded');
    expect((await stack.api.call('GET', `/v1/restores/${plan.planId}`)).body.jobId).toBe(jobId);
    const copies = await stack.conn.query("SELECT Id FROM Contact WHERE LastName = 'Confirmed-Once'");
    expect(copies.totalSize).toBe(1);
    // A planner that did not make the plan reads it from NATS and finds the job started.
    const other = await startPlanner({
      nc: stack.nats.nc,
      store: stack.store,
      conn: stack.conn,
      logger: silent,
      token: 'other-planner-token',
      port: 0,
      jetstreamStorage: 'memory',
    });
    try {
      const again = await other.manager.confirm(plan.planId);
      expect(again).toMatchObject({ jobId, status: 'succeeded' });
      // A planner started on its own serves the API only: the console is the stack's composition.
      const page = await other.fetch(new Request(`${other.url}/console`));
      expect(page.status).toBe(404);
      expect(((await page.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    } finally {
      await other.close();
    }
  });

  it("streams a job's events over SSE until its final status; a finished job cannot be cancelled (409)", async () => {
    const contact = await idOf(stack, 'Contact', "LastName = 'Shah'");
    await destroy(stack, 'Contact', [contact]);
    const plan = await stack.api.plan(contact, 'record', snap);
    const job = await stack.api.confirm(plan.planId);
    const again = await stack.api.confirm(plan.planId);
    expect(again.jobId).toBe(job.jobId); // confirming twice answers the same job
    const res = await fetch(`${stack.plannerUrl}/v1/jobs/${job.jobId}/events`, {
      headers: { authorization: `Bearer ${stack.token}` },
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await res.text(); // ends when the job ends
    const events = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)));
    expect(events[0]).toMatchObject({ type: 'status', status: 'running' });
    // Per batch, not per record: progress tells the record written, and no item event is sent.
    expect(events.some((e) => e.type === 'progress' && e.written === 1)).toBe(true);
    expect(events.filter((e) => e.type === 'item')).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'status', status: 'succeeded' });
    // The job's ids page by page: one page here, the one the job document shows.
    const ids = await stack.api.call('GET', `/v1/jobs/${job.jobId}/ids`);
    expect(ids.status).toBe(200);
    expect(ids.body).toEqual({ idMap: (await stack.api.waitJob(job.jobId)).idMap });
    expect(Object.keys(ids.body.idMap)).toContain(contact);
    expect((await stack.api.call('GET', `/v1/jobs/${job.jobId}/ids?cursor=x`)).status).toBe(400);
    const cancel = await stack.api.call('POST', `/v1/jobs/${job.jobId}/cancel`);
    expect(cancel.status).toBe(409);
    // Only a failed job can be resumed.
    const resume = await stack.api.call('POST', `/v1/jobs/${job.jobId}/resume`);
    expect(resume.status).toBe(409);
    expect(resume.body.error.message).toMatch(/only failed jobs/);
    const list = await stack.api.call('GET', '/v1/jobs');
    expect(list.body.jobs.map((j: { jobId: string }) => j.jobId)).toContain(job.jobId);
  });
});
