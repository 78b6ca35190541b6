// A small owner process for the orphan tests: starts an embedded nats-server, prints one JSON line with the
// server's pid, url and folders, then waits to be signalled. With `--handlers` it installs the graceful
// shutdown handlers (the services' path); without, it relies on Node's default signal behaviour.
// With `--exit` it calls process.exit(0) soon after starting.

import { createLogger } from '../logger.ts';
import { installShutdownHandlers, onShutdown } from '../shutdown.ts';
import { useNats } from '../use-nats.ts';

const withHandlers = process.argv.includes('--handlers');
const logger = createLogger({ name: 'embedded-owner', level: 'warn' });
if (withHandlers) installShutdownHandlers(logger, { timeoutMs: 8000 });

const nats = await useNats({ name: 'embedded-owner', logger, env: {} });
onShutdown(() => {
  process.stdout.write('closers ran\n');
}, 'marker');
process.stdout.write(
  `${JSON.stringify({ pid: nats.embedded!.pid, url: nats.url, storeDir: nats.embedded!.storeDir })}\n`,
);
// `--exit`: end through process.exit without stopping anything (the 'exit' hook and watchdog must cope).
if (process.argv.includes('--exit')) setTimeout(() => process.exit(0), 50);
// Keep the process alive until a signal arrives (the NATS connection alone would do, but be explicit).
setInterval(() => {}, 60_000);
