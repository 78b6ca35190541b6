// A service's first JetStream calls can outrun the server: a cluster still electing its leaders, or
// a machine so busy that an answer takes longer than the client waits. Those calls only open or
// bind buckets and streams, so a start that timed out is tried again, a few times with growing
// waits, instead of the process dying on its first timeout.
import type { Logger } from './logger.ts';

/** A NATS request that got no answer in time, or found nobody serving JetStream yet. */
export function isNatsNotAnswering(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'TimeoutError' || e.name === 'NoRespondersError') return true;
  }
  return false;
}

export interface StartRetryOptions {
  /** Tries in all; default 6 (about a minute of waiting at the default waits). */
  attempts?: number;
  /** Wait before the second try, doubled each time after; default 2000 ms. */
  firstWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `start` until it succeeds, trying again while NATS is not answering. Any other error, or the
 * last try's, is thrown as it came.
 * @example const manager = await retryWhileNatsStarts('job manager', () => JobManager.start(o), logger);
 */
export async function retryWhileNatsStarts<T>(
  what: string,
  start: () => Promise<T>,
  logger: Logger,
  options: StartRetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 6;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let wait = options.firstWaitMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= attempts || !isNatsNotAnswering(err)) throw err;
      logger.warn({ attempt, waitMs: wait, err }, `${what}: NATS did not answer at start; trying again`);
      await sleep(wait);
      wait *= 2;
    }
  }
}
