// The Host check of the planner's port over a real socket (DNS rebinding): the API and the console
// answer only to the names the planner is bound to or configured with; any other name is a 421, as
// the API's JSON error under /v1 and as a plain page for the console.
import { request } from 'node:http';
import { startPlanner } from '@restorelab/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silent, startTestStack, type TestStack } from './harness.ts';

let stack: TestStack;
let port: number;
beforeAll(async () => {
  stack = await startTestStack();
  port = Number(new URL(stack.plannerUrl).port);
});
afterAll(async () => {
  await stack?.close();
});

/** One GET to 127.0.0.1:<port> with this Host header, whatever the name. */
function getWithHost(
  path: string,
  host: string,
  options: { port?: number; token?: string } = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port ?? port,
        path,
        method: 'GET',
        headers: { host, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }),
        );
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

const FOREIGN = ['evil.example', `evil.example:${0}`, '127.0.0.1.nip.io', 'localhost.evil.example', 'sub.localhost'];

describe('host names the planner answers to', () => {
  it('bound to loopback: loopback names and addresses are answered', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, 'localhost']) {
      const health = await getWithHost('/v1/health', host);
      expect(health.status, host).toBe(200);
      const jobs = await getWithHost('/v1/jobs', host, { token: stack.token });
      expect(jobs.status, host).toBe(200);
      const login = await getWithHost('/console/login', host);
      expect(login.status, host).toBe(200);
      expect(login.type).toMatch(/text\/html/);
    }
  });

  it('any other name gets 421: JSON under /v1 (even with the token), a plain page for the console', async () => {
    for (const name of FOREIGN) {
      const host = name.replace(':0', `:${port}`);
      for (const path of ['/v1/health', '/v1/jobs', '/v1/nowhere']) {
        const res = await getWithHost(path, host, { token: stack.token });
        expect(res.status, `${host} ${path}`).toBe(421);
        expect(res.type).toMatch(/application\/json/);
        expect(JSON.parse(res.body).error.code).toBe('HOST_NOT_ALLOWED');
      }
      for (const path of ['/console/login', '/console', '/', '/console/login/link?code=x']) {
        const res = await getWithHost(path, host);
        expect(res.status, `${host} ${path}`).toBe(421);
        expect(res.type).toMatch(/text\/plain/);
        expect(res.body).toMatch(/^Misdirected request/);
      }
    }
  });

  it('a configured name is answered too (PLANNER_ALLOWED_HOSTS), others still not', async () => {
    const other = await startPlanner({
      nc: stack.nats.nc,
      store: stack.store,
      conn: stack.conn,
      logger: silent,
      token: 'host-test-token',
      port: 0,
      jetstreamStorage: 'memory',
      allowedHosts: ['restorelab.test'],
    });
    try {
      const at = { port: other.port, token: 'host-test-token' };
      expect((await getWithHost('/v1/jobs', `restorelab.test:${other.port}`, at)).status).toBe(200);
      expect((await getWithHost('/v1/jobs', `localhost:${other.port}`, at)).status).toBe(200);
      expect((await getWithHost('/v1/jobs', `evil.restorelab.test:${other.port}`, at)).status).toBe(421);
      // In process there is no socket and no Host to check.
      expect((await other.fetch(new Request('http://anything.example/v1/health'))).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
