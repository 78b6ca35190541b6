// Reconnect against a real nats-server that goes away and comes back on the same port, and logins
// against a real nats-server that requires them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedNats, startEmbeddedNats } from './embedded-nats.ts';
import { ConfigError } from './errors.ts';
import { createLogger } from './logger.ts';
import { findNatsServer } from './nats-binary.ts';
import { connectNats, type NatsConnection, natsServers } from './nats-connect.ts';
import { useNats } from './use-nats.ts';

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

// alice may only ask `svc.>` and read replies under her own inbox prefix; bob answers on `svc.>`.
const AUTH_CONFIG = `
authorization {
  users = [
    { user: alice, password: "alice-pw-1", permissions: { publish: ["svc.>"], subscribe: ["_INBOX.alice.>"] } }
    { user: bob, password: "bob-pw-2", permissions: { subscribe: ["svc.>"] , allow_responses: true } }
  ]
}
`;

/** nats-server with AUTH_CONFIG on 127.0.0.1 and a free port; its URL. */
async function startAuthServer(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'restorelab-nats-auth-'));
  writeFileSync(join(dir, 'auth.conf'), AUTH_CONFIG);
  const child = spawn(
    findNatsServer(),
    ['-c', join(dir, 'auth.conf'), '-a', '127.0.0.1', '-p', '-1', '--ports_file_dir', dir],
    { stdio: 'ignore' },
  );
  cleanups.push(async () => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  const portsFile = join(dir, `nats-server_${child.pid}.ports`);
  for (let i = 0; i < 200; i++) {
    try {
      return (JSON.parse(readFileSync(portsFile, 'utf8')) as { nats: string[] }).nats[0]!;
    } catch {
      await sleep(25);
    }
  }
  throw new Error('nats-server with a login did not start');
}

describe('logins', () => {
  const logger = createLogger({ name: 'auth-test', level: 'silent' });
  const connected = async (url: string, auth?: { user: string; pass: string }) => {
    const nc = await connectNats({ servers: url, name: 'auth-test', logger, timeout: 2000, ...(auth ? { auth } : {}) });
    cleanups.push(() => nc.close());
    return nc;
  };

  it('connects with a user and password, and gets its replies under _INBOX.<user>', async () => {
    const url = await startAuthServer();
    const bob = await connected(url, { user: 'bob', pass: 'bob-pw-2' });
    bob.subscribe('svc.echo', {
      callback: (_err, msg) => {
        msg.respond(`echo ${msg.string()} to ${msg.reply}`);
      },
    });
    await bob.flush();
    const alice = await connected(url, { user: 'alice', pass: 'alice-pw-1' });
    // alice may not subscribe to `_INBOX.>`: the request only works with her own prefix.
    const reply = await alice.request('svc.echo', 'hi', { timeout: 2000 });
    expect(reply.string()).toMatch(/^echo hi to _INBOX\.alice\./);
  });

  it('fails the first connect without a login or with a wrong password', async () => {
    const url = await startAuthServer();
    await expect(connected(url)).rejects.toThrow(/authorization/i);
    await expect(connected(url, { user: 'alice', pass: 'wrong' })).rejects.toThrow(/authorization/i);
  });

  it('useNats logs in with NATS_USER and NATS_PASSWORD_FILE', async () => {
    const url = await startAuthServer();
    const dir = mkdtempSync(join(tmpdir(), 'restorelab-nats-secret-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'pw'), 'alice-pw-1\n', { mode: 0o600 });
    const env = { NATS_URL: url, NATS_USER: 'alice', NATS_PASSWORD_FILE: join(dir, 'pw') };
    const nats = await useNats({ name: 'auth-test', logger, env, registerShutdown: false });
    cleanups.push(() => nats.close());
    expect(nats.nc.isClosed()).toBe(false);
    await expect(
      useNats({ name: 'auth-test', logger, env: { NATS_URL: url, NATS_USER: 'alice' }, registerShutdown: false }),
    ).rejects.toThrow(ConfigError);
  });

  it('useNats ignores a login for the embedded server (no NATS_URL)', async () => {
    const env = { NATS_USER: 'alice', NATS_PASSWORD: 'unused-pw' };
    const nats = await useNats({ name: 'auth-test', logger, env, registerShutdown: false });
    cleanups.push(() => nats.close());
    expect(nats.embedded).toBeDefined();
    await nats.nc.flush();
  });
});
