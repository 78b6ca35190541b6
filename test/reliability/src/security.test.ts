// Security through the real stack (services as OS processes, LOG_LEVEL=debug): ten restores at once
// that must not disturb each other, then a scan of everything the stack wrote — every log line of
// every process, every KV entry and stream message, the snapshot store on disk, the API's answers —
// for the Salesforce password, any session id of the org, and the planner token. Also: the token
// is required on every API path, and downloads cannot leave the snapshot store.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpNats } from './harness/nats-dump.ts';
import { checkTree, createProjectTree, loseProject, type ProjectTree } from './harness/org-data.ts';
import { type ProcessStack, startProcessStack } from './harness/process-stack.ts';

let stack: ProcessStack;
let snapshotId: string;
beforeAll(async () => {
  stack = await startProcessStack({ logLevel: 'debug', recordWriters: 2 });
});
afterAll(async () => {
  await stack?.close();
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

describe('ten restores at once on one stack', () => {
  it('all complete; each org tree is whole, once, under its own parents', async () => {
    const trees: ProjectTree[] = [];
    for (let i = 0; i < 10; i++)
      trees.push(await createProjectTree(stack.conn, `c${i}`, { milestones: 40, deliverablesPer: 1, files: 2 }));
    snapshotId = await stack.api.backup();
    for (const tree of trees) await loseProject(stack.conn, tree);
    const plans = await Promise.all(trees.map((t) => stack.api.plan(t.projectId, 'related', snapshotId)));
    const started = await Promise.all(plans.map((p) => stack.api.confirm(p.planId)));
    expect(new Set(started.map((j) => j.jobId)).size).toBe(10);
    const jobs = await Promise.all(started.map((j) => stack.api.waitJob(j.jobId)));
    for (const [i, job] of jobs.entries()) {
      const tree = trees[i]!;
      expect(job.status, `${tree.tag}: ${job.reason}`).toBe('succeeded');
      expect(job.counts.records.total.created).toBe(tree.records);
      expect(job.counts.files.created).toBe(2);
      const check = await checkTree(stack.conn, tree);
      expect(check, tree.tag).toMatchObject({ lost: [], duplicates: [], misparented: [] });
      // No job's id map holds another job's records.
      const others = new Set(jobs.filter((j) => j !== job).flatMap((j) => Object.values(j.idMap)));
      expect(Object.values(job.idMap).filter((id) => others.has(id))).toEqual([]);
    }
  });
});

describe('credentials never reach what the stack writes', () => {
  it('no password, session id or planner token in logs, KV, streams, the snapshot store or API answers', async () => {
    const orgPrefix = `${stack.mock.orgId.slice(0, 15)}!`; // every session id of the org starts so
    const secrets: Record<string, string> = {
      password: stack.mock.password,
      'planner token': stack.token,
      'session id': orgPrefix,
      "the test's own session id": stack.conn.accessToken ?? 'none',
    };
    const texts: Array<{ where: string; text: string }> = [];
    for (const proc of stack.processes)
      texts.push({ where: `${proc.name}[${proc.pid}] log`, text: proc.lines.join('\n') });
    const dump = await dumpNats(stack.nats.url);
    for (const e of dump.kv) texts.push({ where: `kv ${e.bucket}/${e.key}`, text: e.value });
    for (const m of dump.streams) texts.push({ where: `stream ${m.stream} ${m.subject}`, text: m.data });
    for (const file of await filesUnder(stack.storeDir)) {
      texts.push({ where: file, text: (await readFile(file)).toString('latin1') });
    }
    for (const path of ['/v1/jobs', '/v1/orgs', '/v1/snapshots', `/v1/snapshots/${snapshotId}/folders`]) {
      texts.push({ where: `GET ${path}`, text: (await stack.api.call('GET', path)).text });
    }
    // Enough was captured for the scan to mean something: debug lines, job states, ledger entries.
    const lines = stack.processes.flatMap((p) => p.logs());
    expect(lines.length).toBeGreaterThan(50);
    expect(dump.kv.filter((e) => e.bucket === 'restorelab-jobs').length).toBeGreaterThanOrEqual(10);
    // The ledger keeps one entry per record batch (and its inserting mark) and one per file: per job
    // at least one record batch with its mark (the whole tree in one Composite Graph batch; three
    // batches through Collections) and 2 files.
    expect(dump.kv.filter((e) => e.bucket === 'restorelab-write-ledger').length).toBeGreaterThanOrEqual(10 * 4);
    const leaks = [];
    for (const { where, text } of texts) {
      for (const [name, secret] of Object.entries(secrets))
        if (text.includes(secret)) leaks.push(`${name} in ${where}`);
    }
    expect(leaks).toEqual([]);
    console.info(
      `[measure] credential scan: ${texts.length} sources, ${texts.reduce((n, t) => n + t.text.length, 0)} characters, ${leaks.length} leaks`,
    );
  });
});

describe('the API token', () => {
  it('every API path refuses a missing, wrong, truncated or padded token (401 JSON)', async () => {
    const paths = [
      '/v1/jobs',
      '/v1/orgs',
      '/v1/snapshots',
      `/v1/snapshots/${snapshotId}/folders`,
      '/v1/restores/x/confirm',
    ];
    const t = stack.token;
    const wrong = [null, '', 'x', t.slice(0, -1), `${t}x`, t.toUpperCase(), `${t} ${t}`, `Basic ${t}`];
    for (const path of paths) {
      for (const token of wrong) {
        const res = await stack.api.call(path.endsWith('confirm') ? 'POST' : 'GET', path, undefined, token);
        expect(res.status, `${path} with ${JSON.stringify(token)}`).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
      }
    }
  });
});

describe('downloads stay inside the snapshot store', () => {
  // Raw `..` segments are resolved by the client (WHATWG URL) before they are sent; the encoded
  // forms are what reaches the server.
  const TRICKS = [
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '%2E%2E%2F%2E%2E',
    '%2Fetc%2Fpasswd',
    '..%5C..%5Cwindows',
    '....//....//etc',
    '%252e%252e%252f',
    '/etc/passwd',
    'C:%5Cwindows',
    '%00',
  ];
  it('path tricks in snapshot ids, folder paths and item ids answer 4xx JSON, never a file from outside', async () => {
    const refused = TRICKS.flatMap((t) => [
      `/v1/snapshots/${t}`,
      `/v1/snapshots/${t}/folders`,
      `/v1/snapshots/${snapshotId}/folders/${t}`,
      `/v1/snapshots/${snapshotId}/files/${t}/download`,
      `/v1/snapshots/${snapshotId}/records/${t}/download`,
      `/v1/snapshots/${snapshotId}/attachments/${t}/download`,
      `/v1/snapshots/${t}/files/069000000000001AAA/download`,
    ]);
    for (const url of refused) {
      const res = await stack.api.call('GET', url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(res.status, url).toBeLessThan(500);
      expect(typeof res.body.error?.message, url).toBe('string');
      expect(res.text).not.toMatch(/root:x?:0:0|\[boot loader\]/);
    }
    // Under Objects/ a trick is just an object type the snapshot does not have: an empty listing.
    for (const t of TRICKS) {
      const res = await stack.api.call('GET', `/v1/snapshots/${snapshotId}/folders/Objects/${t}`);
      expect(res.status).toBeLessThan(500);
      if (res.status === 200) expect(res.body.entries).toEqual([]);
    }
  });

  it('generated path segments never give a 5xx or an outside file', async () => {
    const segment = fc.oneof(
      fc.constantFrom(...TRICKS, 'Objects', 'Files', 'Attachments', snapshotId),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 4 }), async (parts) => {
        const res = await stack.api.call('GET', `/v1/snapshots/${snapshotId}/folders/${parts.join('/')}`);
        expect(res.status).toBeLessThan(500);
        expect(res.text).not.toMatch(/root:x?:0:0/);
      }),
      { numRuns: 60 },
    );
  });
});
