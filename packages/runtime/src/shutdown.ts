// Graceful shutdown: components register closers as they start (`onShutdown`), and on SIGINT/SIGTERM the
// closers run once, newest first (so clients drain before the server they talk to stops), bounded by a
// timeout, and then the process exits with the conventional 128 + signal number.

import type { Logger } from './logger.ts';

export type Closer = () => void | Promise<void>;

interface Registered {
  name: string;
  close: Closer;
}

const closers: Registered[] = [];

/**
 * Registers `close` to run at shutdown; closers run in reverse order of registration.
 * Returns a function that unregisters it (call it when the component is closed some other way).
 * @example onShutdown(() => server.close(), 'http server');
 */
export function onShutdown(close: Closer, name = 'closer'): () => void {
  const entry: Registered = { name, close };
  closers.push(entry);
  return () => {
    const index = closers.indexOf(entry);
    if (index !== -1) closers.splice(index, 1);
  };
}

/**
 * Runs and removes every registered closer, newest first. A failing closer is logged and the rest still run.
 * Resolves to false when they did not all finish within `timeoutMs`.
 */
export async function runShutdown(logger: Logger, timeoutMs = 10_000): Promise<boolean> {
  const pending = closers.splice(0).reverse();
  const all = (async () => {
    for (const { name, close } of pending) {
      try {
        await close();
        logger.debug({ closer: name }, 'closed');
      } catch (error) {
        logger.error({ err: error, closer: name }, 'closer failed during shutdown');
      }
    }
    return true;
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const finished = await Promise.race([all, timeout]);
  clearTimeout(timer);
  if (!finished) logger.error({ timeoutMs }, 'shutdown timed out; exiting anyway');
  return finished;
}

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type ShutdownSignal = keyof typeof EXIT_CODES;

export interface ShutdownOptions {
  /** Upper bound for all closers together; default 10000 ms. */
  timeoutMs?: number;
  /** For tests: what receives the signals and how to exit. Default: the real process. */
  target?: {
    on(event: ShutdownSignal, listener: () => void): unknown;
    off(event: ShutdownSignal, listener: () => void): unknown;
  };
  exit?: (code: number) => void;
}

/**
 * On the first SIGINT or SIGTERM: logs it, runs the closers (once), then exits 130 (SIGINT) or 143 (SIGTERM).
 * A second signal while closing exits at once. Returns a function that removes the handlers.
 * @example installShutdownHandlers(logger);
 */
export function installShutdownHandlers(logger: Logger, options: ShutdownOptions = {}): () => void {
  const target = options.target ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown = false;

  const handle = (signal: ShutdownSignal) => {
    const code = EXIT_CODES[signal];
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal during shutdown; exiting now');
      exit(code);
      return;
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    void runShutdown(logger, options.timeoutMs).then(() => exit(code));
  };
  const onSigint = () => handle('SIGINT');
  const onSigterm = () => handle('SIGTERM');
  target.on('SIGINT', onSigint);
  target.on('SIGTERM', onSigterm);
  return () => {
    target.off('SIGINT', onSigint);
    target.off('SIGTERM', onSigterm);
  };
}
