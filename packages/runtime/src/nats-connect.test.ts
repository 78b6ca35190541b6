// Reconnect against a real nats-server that goes away and comes back on the same port.
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedNats, startEmbeddedNats } from './embedded-nats.ts';
import { createLogger } from './logger.ts';
import { connectNats, type NatsConnection, natsServers } from './nats-connect.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(20);
}

describe('connectNats', () => {
  it('reconnects after the server restarts and logs each status change', async () => {
    const lines: { msg: string; nats?: string }[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = createLogger({ name: 'connect-test', level: 'debug', destination });
    const silent = createLogger({ name: 'connect-test', level: 'silent' });

    let server: EmbeddedNats = await startEmbeddedNats({ logger: silent });
    cleanups.push(() => server.stop());
    const nc: NatsConnection = await connectNats({
      servers: server.url,
      name: 'reconnect-test',
      logger,
      reconnectTimeWait: 100,
    });
    cleanups.push(() => nc.close());
    expect(lines.map((l) => l.msg)).toContain('nats connected');

    const port = server.port;
    await server.stop();
    await until(() => lines.some((l) => l.msg === 'nats disconnected'), 5000);
    expect(lines.map((l) => l.msg)).toContain('nats disconnected');

    await sleep(300); // several failed attempts: the client must keep trying
    server = await startEmbeddedNats({ logger: silent, port });
    await until(() => lines.some((l) => l.msg === 'nats reconnected'), 10_000);
    expect(lines.map((l) => l.msg)).toContain('nats reconnected');
    expect(nc.isClosed()).toBe(false);

    const sub = nc.subscribe('ping', { max: 1 });
    nc.publish('ping', 'pong');
    for await (const msg of sub) expect(msg.string()).toBe('pong');
    expect(lines.every((l) => l.nats === 'reconnect-test')).toBe(true);
  });
});

describe('natsServers', () => {
  it('splits a NATS_URL list and drops blanks', () => {
    expect(natsServers('nats://a:1, nats://b:2,')).toEqual(['nats://a:1', 'nats://b:2']);
    expect(natsServers(['nats://a:1'])).toEqual(['nats://a:1']);
  });
});
