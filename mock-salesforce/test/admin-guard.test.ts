// The admin API (`/__mock`) over a real socket: this machine only, no other site, secrets on request,
// and a token when one is configured.
import { request } from 'node:http';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../src/routes/admin-guard.ts';
import { type MockServer, startMockServer } from '../src/server.ts';

interface Answer {
  status: number;
  body: string;
}

/** A raw HTTP call, so the Host header can be anything a browser might send. */
function call(server: MockServer, method: string, path: string, headers: Record<string, string> = {}, body = '') {
  const url = new URL(path, server.url);
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the admin API on a loopback mock without a token', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ host: '127.0.0.1' });
  });
  afterAll(() => server?.close());

  it('lists the orgs to this machine, without credentials unless asked for', async () => {
    const plain = await call(server, 'GET', '/__mock/orgs');
    expect(plain.status).toBe(200);
    const [org] = JSON.parse(plain.body) as Array<Record<string, unknown>>;
    expect(org?.orgId).toBe(server.orgId);
    expect(org).not.toHaveProperty('password');
    expect(org).not.toHaveProperty('clientSecret');
    const withSecrets = await call(server, 'GET', '/__mock/orgs?secrets=true');
    expect(JSON.parse(withSecrets.body)[0].password).toBe(server.password);
  });

  it('refuses a host name that is not loopback (DNS rebinding)', async () => {
    const answer = await call(server, 'GET', '/__mock/orgs', { host: 'attacker.example:4400' });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)[0].errorCode).toBe('INSUFFICIENT_ACCESS');
  });

  it('refuses another site, and a cross-site form post leaves the sessions alone', async () => {
    const conn = new Connection({ loginUrl: server.loginUrl });
    await conn.login(server.username, server.password);
    const path = `/__mock/orgs/${server.orgId}/sessions/expire`;
    const fromPage = await call(server, 'POST', path, {
      origin: 'https://attacker.example',
      'content-type': 'application/json',
    });
    expect(fromPage.status).toBe(403);
    const formPost = await call(server, 'POST', path, { 'content-type': 'text/plain' }, 'x');
    expect(formPost.status).toBe(403);
    const marked = await call(server, 'POST', path, {
      'sec-fetch-site': 'cross-site',
      'content-type': 'application/json',
    });
    expect(marked.status).toBe(403);
    expect((await conn.query('SELECT Id FROM Account LIMIT 1')).done).toBe(true);
    expect(conn.accessToken).toBeTruthy();
    // The same call from a local tool goes through.
    const local = await call(server, 'POST', path, { 'content-type': 'application/json' });
    expect(local.status).toBe(200);
  });
});

describe('the admin API with a token', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ host: '127.0.0.1', adminToken: 'test-admin-token-1234' });
  });
  afterAll(() => server?.close());

  it('answers only calls that carry the token', async () => {
    expect((await call(server, 'GET', '/__mock/orgs')).status).toBe(401);
    expect((await call(server, 'GET', '/__mock/orgs', { 'x-mock-admin-token': 'wrong' })).status).toBe(401);
    expect((await call(server, 'GET', '/__mock/orgs', { 'x-mock-admin-token': 'test-admin-token-1234' })).status).toBe(
      200,
    );
    expect((await call(server, 'GET', '/__mock/orgs', { authorization: 'Bearer test-admin-token-1234' })).status).toBe(
      200,
    );
  });
});

describe('loopback names', () => {
  it('are localhost, 127/8 and ::1, nothing else', () => {
    for (const h of ['localhost', 'api.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '10.0.0.1', 'localhost.attacker.example', '128.0.0.1', '', '::'])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});
