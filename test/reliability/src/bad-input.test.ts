// Bad input from every side, generated with fast-check: planner API bodies and paths (a 4xx JSON
// answer, never a 5xx, nothing written, no job left hanging), messages with wrong schemas or
// versions on the work subjects (dead-lettered with the reason), and CLI arguments (a short error,
// a non-zero exit, never a stack trace). The in-process stack suffices here: nothing is killed.
import { spawn } from 'node:child_process';
import { jetstream } from '@nats-io/jetstream';
import { type DeadLetter, parseMessage, SUBJECTS } from '@restorelab/contracts';
import { createLogger } from '@restorelab/runtime';
import { type Stack, startStack } from '@restorelab/stack';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from './harness/api-client.ts';
import { WORKSPACE_ROOT } from './harness/service-process.ts';

let stack: Stack;
let snapshotId: string;
const api = () => apiClient(stack.plannerUrl, stack.token);

beforeAll(async () => {
  stack = await startStack({ logger: createLogger({ name: 'reliability', level: 'silent' }) });
  snapshotId = await api().backup();
});
afterAll(async () => {
  await stack?.close();
});

/** JSON-ish values, including the shapes the API expects with wrong field types. */
const body = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      recordId: fc.oneof(fc.string(), fc.constant('001000000000001AAA'), fc.integer(), fc.constant(null)),
      method: fc.oneof(fc.constantFrom('record', 'related', 'all', ''), fc.string(), fc.boolean()),
      snapshotId: fc.oneof(fc.string(), fc.constant('../../etc'), fc.integer()),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.string().map((s) => ({ raw: s })),
);

describe('planner API bodies and paths', () => {
  it('answers every generated body with a 4xx JSON error, never a 5xx, and writes nothing', async () => {
    const jobsBefore = (await api().call('GET', '/v1/jobs')).body.jobs.length;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/restores', '/v1/snapshots', '/v1/restores/plan-x/confirm', '/v1/jobs/job-x/cancel'),
        body,
        fc.boolean(),
        async (path, value, asText) => {
          const payload = asText && typeof value === 'object' ? `${JSON.stringify(value)}}` : value;
          const res = await api().call('POST', path, payload);
          // A full backup is the one valid POST /v1/snapshots body ({} or unknown-free): skip it.
          if (path === '/v1/snapshots' && res.status === 201) return;
          expect(res.status, `${path} ${JSON.stringify(payload)} → ${res.text}`).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(typeof res.body.error?.message).toBe('string');
        },
      ),
      { numRuns: 80 },
    );
    // No job was started, so nothing was written to the org (only a confirmed plan writes).
    expect((await api().call('GET', '/v1/jobs')).body.jobs.length).toBe(jobsBefore);
  });

  it('answers every generated path and method without a 5xx', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'v1',
        'jobs',
        'restores',
        'snapshots',
        'folders',
        'download',
        'confirm',
        snapshotId,
        '%2e%2e',
        '%00',
      ),
      fc.string({ maxLength: 10 }).map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        async (parts, method) => {
          const res = await api().call(method, `/v1/${parts.join('/')}`);
          expect(res.status, `${method} /v1/${parts.join('/')} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('NATS messages with wrong schemas or versions', () => {
  it('a writer dead-letters each poison message with the reason; a real job afterwards still completes', async () => {
    const nc = stack.nats.nc;
    const js = jetstream(nc);
    const letters: DeadLetter[] = [];
    const sub = nc.subscribe(SUBJECTS.deadLettersAll, {
      callback: (_err, msg) => {
        letters.push(parseMessage('deadLetter', msg.data));
      },
    });
    const valid = {
      schemaVersion: 1,
      jobId: 'job-poison',
      wave: 0,
      batchIndex: 0,
      operation: 'create',
      objectType: 'Account',
      items: [{ itemId: 'record:x', sourceId: '001000000000001AAA', fields: { Name: 'x' } }],
    };
    const poisons = fc.sample(
      fc.oneof(
        fc.constant({ ...valid, schemaVersion: 2 }),
        fc.constant({ ...valid, items: [] }),
        fc.constant({ ...valid, operation: 'delete' }),
        fc.record({ schemaVersion: fc.constant(1), jobId: fc.constant('job-poison'), junk: fc.anything() }),
        fc.string().map((s) => `{not json ${s}`),
      ),
      { numRuns: 12, seed: 8 },
    );
    const subjects = [
      SUBJECTS.recordBatch('job-poison'),
      SUBJECTS.fileTask('job-poison'),
      SUBJECTS.attachmentTask('job-poison'),
    ];
    for (const [i, poison] of poisons.entries()) {
      const data = typeof poison === 'string' ? poison : JSON.stringify(poison);
      await js.publish(subjects[i % subjects.length]!, new TextEncoder().encode(data));
    }
    const deadline = Date.now() + 20_000;
    while (letters.length < poisons.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    sub.unsubscribe();
    expect(letters).toHaveLength(poisons.length);
    for (const letter of letters) {
      expect(letter.jobId).toBe('job-poison');
      expect(letter.reason).toMatch(/SCHEMA_INVALID|SCHEMA_VERSION_UNSUPPORTED/);
      expect(letter.payload.length).toBeGreaterThan(0);
    }
    expect(letters.some((l) => /SCHEMA_VERSION_UNSUPPORTED/.test(l.reason) && /schemaVersion 2/.test(l.reason))).toBe(
      true,
    );

    // The writers are still alive and a real restore completes.
    const contact = (await stack.conn.query<{ Id: string }>("SELECT Id FROM Contact WHERE LastName = 'Shah'"))
      .records[0]!.Id;
    await stack.conn.sobject('Contact').destroy(contact);
    const plan = await api().plan(contact, 'record', snapshotId);
    const job = await api().waitJob((await api().confirm(plan.planId)).jobId, { timeoutMs: 30_000 });
    expect(job.status).toBe('succeeded');
  });
});

describe('a poison message that names a running job', () => {
  it('the job records it as a failure with the reason and ends failed; its real work is still written', async () => {
    const contacts = await stack.conn.query<{ Id: string }>(
      "SELECT Id FROM Contact WHERE LastName != 'Shah' ORDER BY LastName LIMIT 1",
    );
    const contact = contacts.records[0]!.Id;
    await stack.conn.sobject('Contact').destroy(contact);
    const plan = await api().plan(contact, 'record', snapshotId);
    // Slow record writes keep the job running while the poison travels.
    stack.mock!.admin.setFaults({ seed: 1, rules: [{ path: '*/composite/sobjects', latencyMs: 1_500 }] });
    try {
      const { jobId } = await api().confirm(plan.planId);
      await jetstream(stack.nats.nc).publish(SUBJECTS.recordBatch(jobId), new TextEncoder().encode('{"poison":'));
      const job = await api().waitJob(jobId, { timeoutMs: 30_000 });
      expect(job.status).toBe('failed');
      const dead = job.failures.filter((f) => f.code === 'DEAD_LETTER');
      expect(dead).toHaveLength(1);
      expect(dead[0]!.message).toMatch(/SCHEMA_INVALID/);
      expect(job.counts.records.total.created).toBe(1);
    } finally {
      stack.mock!.admin.clearFaults();
    }
  });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['packages/cli/src/bin.ts', ...args], {
      cwd: WORKSPACE_ROOT,
      // An address nothing listens on: commands that need the planner fail fast.
      env: { PATH: process.env.PATH ?? '', HOME: '/tmp', PLANNER_URL: 'http://127.0.0.1:9', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('CLI arguments', () => {
  it('generated bad arguments give a short error, a non-zero exit and never a stack trace', async () => {
    const command = fc.constantFrom(
      'restore',
      'download',
      'show',
      'search',
      'ls',
      'jobs',
      'backup',
      'snapshots',
      'frobnicate',
    );
    const arg = fc.oneof(
      fc.constantFrom(
        '--method',
        'everything',
        '--snapshot',
        '../../etc/passwd',
        '--planner',
        'not a url',
        '-x',
        '--',
        '%00',
        '--json',
        '001',
      ),
      fc.string({ maxLength: 12 }).filter((s) => !s.includes('\0')),
    );
    await fc.assert(
      fc.asyncProperty(command, fc.array(arg, { maxLength: 4 }), async (cmd, args) => {
        const res = await runCli([cmd, ...args]);
        const all = `${res.stdout}\n${res.stderr}`;
        if (res.code === 0) return; // e.g. `jobs --help` style arguments that are valid
        const lines = res.stderr
          .trim()
          .split('\n')
          .filter((l) => l.trim() !== '');
        expect(lines.length, all).toBeGreaterThan(0);
        expect(lines.length, all).toBeLessThanOrEqual(2); // the error and, at most, a usage hint
        expect(all).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
        expect(all).not.toMatch(/node:internal|Error: .*\n\s+at /);
      }),
      { numRuns: 14 },
    );
  });
});
