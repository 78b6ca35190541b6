import { describe, expect, it } from 'vitest';
import { PlannerApiClient } from './client.ts';
import { PlannerApiError } from './errors.ts';
import type { JobState } from './schemas/jobs.ts';

const job: JobState = {
  jobId: 'job-1',
  planId: 'plan-1',
  orgId: '00D000000000001AAA',
  request: { snapshotId: 'snap-1', rootId: '001000000000001AAA', method: 'record' },
  status: 'succeeded',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:01.000Z',
  step: 1,
  steps: 1,
  pending: [],
  cancelRequested: false,
  counts: {
    selected: 1,
    records: { total: { created: 1, overwritten: 0, newVersion: 0, skipped: 0, failed: 0, total: 1 }, byObject: {} },
    files: { created: 0, overwritten: 0, newVersion: 0, skipped: 0, failed: 0, total: 0 },
    attachments: { created: 0, overwritten: 0, newVersion: 0, skipped: 0, failed: 0, total: 0 },
    metafiles: { created: 0, overwritten: 0, newVersion: 0, skipped: 0, failed: 0, total: 0 },
    all: { created: 1, overwritten: 0, newVersion: 0, skipped: 0, failed: 0, total: 1 },
    unattributed: 0,
  },
  failures: [],
  idMap: { '001000000000001AAA': '001000000000009AAA' },
  idCount: 1,
  failureCount: 0,
  retries: 0,
};

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A client whose requests go to `answer`, with every request kept for the test to read. */
function clientWith(answer: (request: Request) => Response | Promise<Response>, token: string | null = 'tok-1') {
  const requests: Request[] = [];
  const client = new PlannerApiClient({
    url: 'http://planner.test/v1/',
    token: token ?? undefined,
    fetch: async (request) => {
      requests.push(request);
      return answer(request);
    },
  });
  return { client, requests };
}

describe('PlannerApiClient', () => {
  it('sends the token only in the Authorization header and reads typed answers', async () => {
    const { client, requests } = clientWith(() => json(job));
    const got = await client.job('job-1', { wait: 5 });
    expect(got).toEqual(job);
    const [request] = requests;
    expect(request!.url).toBe('http://planner.test/v1/jobs/job-1?wait=5');
    expect(request!.headers.get('authorization')).toBe('Bearer tok-1');
    expect(request!.url).not.toContain('tok-1');
    const open = clientWith(() => json({ ok: true }), null);
    await open.client.health();
    expect(open.requests[0]!.headers.has('authorization')).toBe(false);
  });

  it('turns the API error body into a PlannerApiError with status, code, rule and message', async () => {
    const { client } = clientWith(() =>
      json({ error: { code: 'DOWNLOAD_ONLY_TYPE', message: 'User is download only', rule: 'R02' } }, 422),
    );
    const error = await client.planRestore({ recordId: '005000000000001AAA', method: 'record' }).catch((e) => e);
    expect(error).toBeInstanceOf(PlannerApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'DOWNLOAD_ONLY_TYPE',
      rule: 'R02',
      message: 'User is download only',
    });
    expect(error.fromPlanner).toBe(true);
  });

  it('says HTTP_<status> for an answer without the error body, UNREACHABLE without an answer', async () => {
    const proxy = await clientWith(() => new Response('<html>bad gateway</html>', { status: 502 }))
      .client.orgs()
      .catch((e) => e);
    expect(proxy).toMatchObject({ status: 502, code: 'HTTP_502', message: 'HTTP 502', fromPlanner: false });
    const down = await clientWith(() => {
      throw new TypeError('fetch failed');
    })
      .client.orgs()
      .catch((e) => e);
    expect(down).toMatchObject({ status: 0, code: 'UNREACHABLE' });
    expect(down.message).toMatch(/^cannot reach the planner at http:\/\/planner\.test: fetch failed/);
  });

  it('refuses an answer that is not the API shape (BAD_RESPONSE) and rethrows an abort as is', async () => {
    const wrong = await clientWith(() => json({ ...job, status: 'planned' }))
      .client.job('job-1')
      .catch((e) => e);
    expect(wrong).toMatchObject({ code: 'BAD_RESPONSE', status: 200 });
    expect(wrong.message).toMatch(/status/);
    const abort = new AbortController();
    abort.abort();
    const aborted = await clientWith((request) => {
      throw request.signal.reason;
    })
      .client.job('job-1', { signal: abort.signal })
      .catch((e) => e);
    expect(aborted).not.toBeInstanceOf(PlannerApiError);
    expect(aborted.name).toBe('AbortError');
  });

  it('reads a download: name from Content-Disposition, type, size and the body', async () => {
    const { client, requests } = clientWith(
      () =>
        new Response('hello', {
          headers: {
            'content-type': 'text/plain',
            'content-length': '5',
            'content-disposition': "attachment; filename*=UTF-8''notes%20v2.txt",
          },
        }),
    );
    const d = await client.download('snap 1', 'file', '069000000000001AAA');
    expect(requests[0]!.url).toBe('http://planner.test/v1/snapshots/snap%201/files/069000000000001AAA/download');
    expect(d).toMatchObject({ fileName: 'notes v2.txt', contentType: 'text/plain', size: 5 });
    expect(await new Response(d.body).text()).toBe('hello');
  });

  it('looks items up in slices the API accepts', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => `001${String(i).padStart(12, '0')}AAA`);
    const { client, requests } = clientWith((request) => {
      const asked = new URL(request.url).searchParams.get('ids')!.split(',');
      return json({
        items: asked.map((id) => ({ kind: 'record', id, type: 'Account', name: id, path: '', downloadOnly: false })),
      });
    });
    const hits = await client.items('snap-1', ids);
    expect(requests.map((r) => new URL(r.url).searchParams.get('ids')!.split(',').length)).toEqual([200, 200, 50]);
    expect(hits.map((h) => h.id)).toEqual(ids);
  });

  it('reads job events until the stream ends; an unknown job rejects before any event', async () => {
    const event = (e: object) =>
      `event: status\ndata: ${JSON.stringify({ schemaVersion: 1, jobId: 'job-1', at: '2026-01-01T00:00:00Z', ...e })}\n\n`;
    const { client } = clientWith(
      () =>
        new Response(event({ type: 'status', status: 'running' }) + event({ type: 'status', status: 'succeeded' }), {
          headers: { 'content-type': 'text/event-stream' },
        }),
    );
    const seen: string[] = [];
    for await (const e of await client.events('job-1')) if (e.type === 'status') seen.push(e.status);
    expect(seen).toEqual(['running', 'succeeded']);
    // A signal stops an open stream, and the planner's side of it is cancelled (in process too).
    let cancelled = false;
    const open = clientWith(
      () =>
        new Response(
          new ReadableStream({
            start: (c) => c.enqueue(new TextEncoder().encode(event({ type: 'status', status: 'running' }))),
            cancel: () => {
              cancelled = true;
            },
          }),
        ),
    );
    const abort = new AbortController();
    const following = await open.client.events('job-1', { signal: abort.signal });
    expect((await following.next()).value).toMatchObject({ status: 'running' });
    const pending = following.next();
    abort.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(cancelled).toBe(true);
    const missing = clientWith(() => json({ error: { code: 'NOT_FOUND', message: 'no job job-2' } }, 404));
    await expect(missing.client.events('job-2')).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});
