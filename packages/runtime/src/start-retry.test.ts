import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { isNatsNotAnswering, retryWhileNatsStarts } from './start-retry.ts';

const logger = createLogger({ name: 'test', level: 'silent' });

function named(name: string, cause?: unknown): Error {
  const e = new Error(name, cause === undefined ? undefined : { cause });
  e.name = name;
  return e;
}

describe('retryWhileNatsStarts', () => {
  it('tries again while NATS times out, waiting longer each time, then answers', async () => {
    const waits: number[] = [];
    let calls = 0;
    const started = await retryWhileNatsStarts(
      'x',
      async () => {
        calls++;
        if (calls < 3) throw named('TimeoutError');
        return 'ready';
      },
      logger,
      { firstWaitMs: 10, sleep: async (ms) => void waits.push(ms) },
    );
    expect(started).toBe('ready');
    expect(waits).toEqual([10, 20]);
  });

  it('throws other errors at once, and the last timeout after the last try', async () => {
    let calls = 0;
    const refused = named('PermissionViolationError');
    await expect(
      retryWhileNatsStarts(
        'x',
        async () => {
          calls++;
          throw refused;
        },
        logger,
        { sleep: async () => {} },
      ),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retryWhileNatsStarts(
        'x',
        async () => {
          calls++;
          throw named('RequestError', named('TimeoutError'));
        },
        logger,
        { attempts: 3, sleep: async () => {} },
      ),
    ).rejects.toMatchObject({ name: 'RequestError' });
    expect(calls).toBe(3);
  });

  it('knows a timeout or a missing responder by name, also as a cause', () => {
    expect(isNatsNotAnswering(named('NoRespondersError'))).toBe(true);
    expect(isNatsNotAnswering(named('RequestError', named('TimeoutError')))).toBe(true);
    expect(isNatsNotAnswering(new Error('timeout'))).toBe(false);
    expect(isNatsNotAnswering('TimeoutError')).toBe(false);
  });
});
