// Salesforce CLI compatibility without the CLI: replays, against a fresh demo org, the exact requests
// the CLI sent during a recorded session (test/sf-cli/recording.json, made by test/sf-cli/record.ts)
// and checks each answer against the recorded one: same status and content type, every recorded
// JSON key still there with the same kind of value, and the values the CLI acts on (ids, counts,
// success flags, error codes, column names) equal, and CSV answers (Bulk API 2.0 results) equal
// byte for byte. New keys in a JSON answer are allowed.
// See docs/decisions/salesforce-cli-compatibility.md.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoggedRequest, type MockServer, startMockServer } from '../src/index.ts';
import { FROZEN_AT } from './sf-cli/session.ts';

interface Recording {
  recordedWith: string;
  steps: Array<{ command: string[]; from: number }>;
  entries: LoggedRequest[];
}

const recording = JSON.parse(readFileSync(new URL('./sf-cli/recording.json', import.meta.url), 'utf8')) as Recording;

/** Values the CLI acts on, compared exactly wherever they appear. */
const EXACT_KEYS = new Set([
  'id',
  'Id',
  'totalSize',
  'done',
  'success',
  'hasErrors',
  'referenceId',
  'errorCode',
  'statusCode',
  'columnName',
  'user_id',
  'organization_id',
  'preferred_username',
  'name',
  'Name',
  'keyPrefix',
]);

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Differences between a recorded JSON answer and a replayed one (recorded keys only). */
function compare(recorded: unknown, replayed: unknown, path: string, out: string[]): void {
  if (kind(recorded) !== kind(replayed)) {
    out.push(`${path}: ${kind(recorded)} became ${kind(replayed)}`);
    return;
  }
  if (Array.isArray(recorded)) {
    const other = replayed as unknown[];
    if (recorded.length !== other.length) out.push(`${path}: ${recorded.length} items became ${other.length}`);
    recorded.slice(0, other.length).forEach((item, i) => {
      compare(item, other[i], `${path}[${i}]`, out);
    });
    return;
  }
  if (recorded && typeof recorded === 'object') {
    const other = replayed as Record<string, unknown>;
    for (const [key, value] of Object.entries(recorded)) {
      if (!Object.hasOwn(other, key)) out.push(`${path}.${key}: missing`);
      else if (EXACT_KEYS.has(key) && (value === null || typeof value !== 'object')) {
        if (value !== other[key])
          out.push(`${path}.${key}: ${JSON.stringify(value)} became ${JSON.stringify(other[key])}`);
      } else compare(value, other[key], `${path}.${key}`, out);
    }
  }
}

describe(`Salesforce CLI session replayed (${recording.recordedWith})`, () => {
  let mock: MockServer;
  let token: string;

  beforeAll(async () => {
    mock = await startMockServer();
    mock.admin.clock({ at: FROZEN_AT });
    const res = await fetch(`${mock.url}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: 'sf-cli',
        username: mock.username,
        password: mock.password,
      }),
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('has a recording covering every command of the session', () => {
    expect(recording.entries.length).toBeGreaterThan(20);
    const paths = recording.entries.map((e) => `${e.method} ${e.path}`).join('\n');
    for (const needle of [
      'GET /services/oauth2/userinfo',
      '&columns=true',
      'POST //services/data/v66.0/composite/tree/Account',
      '/queryAll?q=',
      'PATCH //services/data/v66.0/sobjects/Account/',
      'DELETE //services/data/v66.0/sobjects/Account/',
      '/sobjects/Project__c/describe',
      '/limits',
      'PUT /services/data/v66.0/jobs/ingest/',
      '/successfulResults',
      'POST /services/data/v66.0/jobs/query',
      '/results',
    ]) {
      expect(paths).toContain(needle);
    }
  });

  it('answers every recorded request as it did when the CLI sent it', async () => {
    const problems: string[] = [];
    for (const [i, entry] of recording.entries.entries()) {
      const headers: Record<string, string> = { ...entry.headers };
      if (headers.authorization) headers.authorization = `Bearer ${token}`;
      const res = await fetch(`${mock.url}${entry.path}`, {
        method: entry.method,
        headers,
        ...(entry.body !== undefined ? { body: entry.body } : {}),
      });
      const label = `#${i} ${entry.method} ${decodeURIComponent(entry.path).slice(0, 120)}`;
      const text = (await res.text()).replaceAll(mock.url, '{{origin}}');
      if (res.status !== entry.status) problems.push(`${label}: status ${entry.status} became ${res.status} ${text}`);
      if ((res.headers.get('content-type') ?? undefined) !== entry.contentType) {
        problems.push(`${label}: content type ${entry.contentType} became ${res.headers.get('content-type')}`);
      }
      if (entry.response !== undefined && entry.contentType?.includes('json')) {
        const diffs: string[] = [];
        compare(JSON.parse(entry.response), JSON.parse(text), '$', diffs);
        problems.push(...diffs.slice(0, 5).map((d) => `${label}: ${d}`));
      }
      // Bulk API 2.0 results: the CLI reads the CSV itself, so it must come back the same.
      if (entry.response !== undefined && entry.contentType?.includes('csv') && text !== entry.response) {
        problems.push(`${label}: CSV ${JSON.stringify(entry.response)} became ${JSON.stringify(text)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
