import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { installShutdownHandlers, onShutdown, runShutdown } from './shutdown.ts';

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ name: 'shutdown-test', level: 'debug', destination }), lines };
}

const uninstalls: (() => void)[] = [];
afterEach(async () => {
  for (const uninstall of uninstalls.splice(0)) uninstall();
  await runShutdown(captureLogger().logger); // leave the registry empty for the next test
});

function fakeProcess() {
  const target = new EventEmitter();
  const exits: number[] = [];
  let exited: (code: number) => void = () => {};
  const exitedOnce = new Promise<number>((resolve) => {
    exited = resolve;
  });
  const exit = (code: number) => {
    exits.push(code);
    exited(code);
  };
  return { target, exit, exits, exitedOnce };
}

describe('runShutdown', () => {
  it('runs closers newest first, each once, and keeps going past a failing one', async () => {
    const { logger, lines } = captureLogger();
    const order: string[] = [];
    onShutdown(() => {
      order.push('embedded nats');
    });
    onShutdown(async () => {
      await sleep(10);
      order.push('nats drain');
    });
    onShutdown(() => {
      throw new Error('http server already closed');
    }, 'http server');
    onShutdown(() => {
      order.push('http server 2');
    });

    expect(await runShutdown(logger)).toBe(true);
    expect(order).toEqual(['http server 2', 'nats drain', 'embedded nats']);
    expect(lines.some((l) => l.closer === 'http server' && l.msg === 'closer failed during shutdown')).toBe(true);
    await runShutdown(logger);
    expect(order).toHaveLength(3);
  });

  it('an unregistered closer does not run', async () => {
    const ran: string[] = [];
    const unregister = onShutdown(() => {
      ran.push('x');
    });
    unregister();
    await runShutdown(captureLogger().logger);
    expect(ran).toEqual([]);
  });

  it('gives up after the timeout', async () => {
    const { logger, lines } = captureLogger();
    onShutdown(() => new Promise<void>(() => {}), 'hangs');
    const started = Date.now();
    expect(await runShutdown(logger, 100)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines.some((l) => l.msg === 'shutdown timed out; exiting anyway')).toBe(true);
  });
});

describe('installShutdownHandlers', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('on %s runs the closers and then exits %i', async (signal, code) => {
    const { logger } = captureLogger();
    const fake = fakeProcess();
    uninstalls.push(installShutdownHandlers(logger, { target: fake.target, exit: fake.exit }));
    let closed = false;
    onShutdown(async () => {
      await sleep(20);
      closed = true;
    });
    fake.target.emit(signal);
    expect(closed).toBe(false);
    expect(await fake.exitedOnce).toBe(code);
    expect(closed).toBe(true);
  });

  it('a second signal while closing exits at once', async () => {
    const { logger } = captureLogger();
    const fake = fakeProcess();
    uninstalls.push(installShutdownHandlers(logger, { target: fake.target, exit: fake.exit }));
    onShutdown(() => sleep(200));
    fake.target.emit('SIGTERM');
    fake.target.emit('SIGINT');
    expect(fake.exits).toEqual([130]);
  });

  it('exits even when a closer hangs past the timeout', async () => {
    const { logger } = captureLogger();
    const fake = fakeProcess();
    uninstalls.push(installShutdownHandlers(logger, { target: fake.target, exit: fake.exit, timeoutMs: 50 }));
    onShutdown(() => new Promise<void>(() => {}));
    fake.target.emit('SIGTERM');
    expect(await fake.exitedOnce).toBe(143);
  });

  it('the returned function removes the handlers', () => {
    const fake = fakeProcess();
    const uninstall = installShutdownHandlers(captureLogger().logger, { target: fake.target, exit: fake.exit });
    expect(fake.target.listenerCount('SIGINT')).toBe(1);
    uninstall();
    expect(fake.target.listenerCount('SIGINT')).toBe(0);
    expect(fake.target.listenerCount('SIGTERM')).toBe(0);
  });
});
