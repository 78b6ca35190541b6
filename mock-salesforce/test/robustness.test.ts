// Properties: whatever a client sends — any body, any SOQL, any id — the mock answers with a
// Salesforce-shaped JSON error (or a success), never a 5xx or a stack trace. Also the admin
// controls that shape failures: fault injection is reproducible from its seed.
import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMockApp, MockAdmin } from '../src/index.ts';

const admin = new MockAdmin(undefined, 'http://mock.test');
const app = createMockApp({ admin, maxBodyBytes: 64 * 1024 });
let token = '';
let orgId = '';

beforeAll(async () => {
  const login = await admin.createOrg({ empty: true });
  orgId = login.orgId;
  const res = await app.request('/services/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'x',
      username: login.username,
      password: login.password,
    }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});

async function call(method: string, path: string, body?: string) {
  const res = await app.request(`http://mock.test${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  return { status: res.status, text, limitInfo: res.headers.get('sforce-limit-info') };
}

function expectSalesforceShaped(r: { status: number; text: string; limitInfo: string | null }) {
  expect(r.status).toBeLessThan(500);
  expect(r.limitInfo).toMatch(/^api-usage=\d+\/\d+$/);
  if (r.status >= 400) {
    const body = JSON.parse(r.text) as unknown;
    expect(Array.isArray(body)).toBe(true);
    for (const item of body as Array<Record<string, unknown>>) {
      expect(typeof item.message).toBe('string');
      expect(typeof item.errorCode).toBe('string');
      expect(Array.isArray(item.fields)).toBe(true);
      expect(String(item.message)).not.toMatch(/\n\s+at /); // no stack traces
    }
  }
}

const jsonish = fc.oneof(
  fc.string(),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .dictionary(
      fc.constantFrom('Name', 'Id', 'OwnerId', 'AnnualRevenue', 'Type', 'ParentId', 'attributes', 'Bogus'),
      fc.jsonValue(),
    )
    .map((o) => JSON.stringify(o)),
);

describe('malformed input never crashes the server', () => {
  test.prop([jsonish], { numRuns: 150 })('record create bodies', async (body) => {
    expectSalesforceShaped(await call('POST', '/services/data/v50.0/sobjects/Account', body));
  });

  test.prop([jsonish], { numRuns: 100 })('collection bodies', async (body) => {
    expectSalesforceShaped(await call('POST', '/services/data/v50.0/composite/sobjects', body));
    expectSalesforceShaped(await call('PATCH', '/services/data/v50.0/composite/sobjects', body));
  });

  test.prop(
    [
      fc
        .oneof(
          fc.string(),
          fc.constantFrom(
            'SELECT',
            'SELECT Id FROM',
            "SELECT Id FROM Account WHERE Name = '",
            'SELECT COUNT() FROM Account LIMIT -1',
          ),
        )
        .map((s) => s),
    ],
    { numRuns: 200 },
  )('SOQL strings', async (soql) => {
    expectSalesforceShaped(await call('GET', `/services/data/v50.0/query?q=${encodeURIComponent(soql)}`));
  });

  test.prop([fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 })], { numRuns: 100 })(
    'ids and object names in paths',
    async (type, id) => {
      const path = `/services/data/v50.0/sobjects/${encodeURIComponent(type || 'X')}/${encodeURIComponent(id || 'Y')}`;
      expectSalesforceShaped(await call('GET', path));
      expectSalesforceShaped(await call('PATCH', path, '{}'));
      expectSalesforceShaped(await call('DELETE', path));
    },
  );

  it('oversized bodies get 413, not a crash', async () => {
    const r = await call('POST', '/services/data/v50.0/sobjects/Account', JSON.stringify({ Name: 'x'.repeat(70_000) }));
    expect(r.status).toBe(413);
    expectSalesforceShaped(r);
  });
});

describe('fault injection', () => {
  it('is reproducible from its seed and fails after N calls', async () => {
    const run = async () => {
      admin.setFaults({ seed: 42, rules: [{ path: '*/limits', errorRate: 0.5, error: 'UNABLE_TO_LOCK_ROW' }] });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await call('GET', '/services/data/v50.0/limits')).status);
      admin.clearFaults();
      return statuses;
    };
    const a = await run();
    expect(a).toContain(400);
    expect(a).toContain(200);
    expect(await run()).toEqual(a);
    admin.setFaults({ rules: [{ path: '/services/data/*/sobjects', failAfter: 2, error: 'SERVER_UNAVAILABLE' }] });
    const s = [];
    for (let i = 0; i < 4; i++) s.push((await call('GET', '/services/data/v50.0/sobjects')).status);
    admin.clearFaults();
    expect(s).toEqual([200, 200, 503, 503]);
  });

  it('leaves the paths a rule excepts alone', async () => {
    admin.setFaults({ rules: [{ path: '/services/data/*', notPath: '*/limits', failAfter: 0 }] });
    const limits = (await call('GET', '/services/data/v50.0/limits')).status;
    const sobjects = (await call('GET', '/services/data/v50.0/sobjects')).status;
    admin.clearFaults();
    expect([limits, sobjects]).toEqual([200, 503]);
  });

  it('refuses a regular expression as a path, with a Salesforce-shaped 400 and nothing set', async () => {
    const r = await call('PUT', `/__mock/orgs/${orgId}/faults`, JSON.stringify({ rules: [{ path: '/(a+)+$/' }] }));
    expect(r.status).toBe(400);
    const [error] = JSON.parse(r.text) as Array<{ errorCode: string; message: string }>;
    expect(error?.message).toContain('not regular expressions');
    expect((await call('GET', '/services/data/v50.0/limits')).status).toBe(200);
  });

  it('matches a glob with thousands of stars against a long path at once', async () => {
    admin.setFaults({ rules: [{ path: `/${'*'.repeat(900)}x`, failAfter: 0 }] });
    const r = await call('GET', `/services/data/v50.0/sobjects/${'A'.repeat(5000)}`);
    admin.clearFaults();
    expect(r.status).not.toBe(503);
  });
});
