// The mock keeps an idle keep-alive connection open past Node's 5 s default, as Salesforce does: a
// client that pauses between two calls must find its pooled socket still open (issue 17).
import { Agent, type IncomingMessage, request } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDLE_CONNECTION_MS, type MockServer, startMockServer } from '../src/server.ts';

interface Answer {
  status: number;
  socket: Socket;
  reused: boolean;
}

function get(server: MockServer, agent: Agent, path: string): Promise<Answer> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, agent }, (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, socket: req.socket!, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('idle keep-alive connections', () => {
  let server: MockServer;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  beforeAll(async () => {
    server = await startMockServer({ host: '127.0.0.1' });
  });
  afterAll(async () => {
    agent.destroy();
    await server?.close();
  });

  it('survive a pause longer than 6 s and serve the next call on the same socket', async () => {
    expect(IDLE_CONNECTION_MS).toBeGreaterThan(5_000);
    const first = await get(server, agent, '/__mock/orgs');
    expect(first.status).toBe(200);
    let closed = false;
    first.socket.once('close', () => {
      closed = true;
    });
    // Node closes an idle socket after keepAliveTimeout (5 s) plus a 1 s buffer: wait past both.
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    expect(closed).toBe(false);
    const second = await get(server, agent, '/__mock/orgs');
    expect(second.status).toBe(200);
    expect(second.reused).toBe(true);
    expect(second.socket).toBe(first.socket);
  }, 15_000);
});
