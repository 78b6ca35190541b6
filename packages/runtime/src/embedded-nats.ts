// The embedded NATS launcher: runs the real `nats-server` binary with JetStream on a free loopback port and a
// temporary store, waits until it answers, and makes sure it never outlives its owner.
//
// How "never outlives its owner" is guaranteed, from the gentlest path to the hardest:
// - `stop()`: SIGTERM, then SIGKILL after a grace period; the temporary folder is removed.
// - the owner exits (process.exit, end of the event loop, or a shutdown handler's exit): an 'exit' hook sends
//   SIGTERM; the watchdog below finishes the job.
// - the owner dies without running any JavaScript (default SIGINT/SIGTERM action, SIGKILL, a crash): the
//   watchdog. It is a tiny `sh` process whose stdin is a pipe from the owner; the kernel closes that pipe when
//   the owner dies in any way, `read` returns, and the watchdog sends SIGTERM, waits, sends SIGKILL and removes
//   the temporary folder. We chose it over Linux's PR_SET_PDEATHSIG (via `setpriv --pdeathsig`), which is
//   Linux-only, tied to the thread that spawned the child, and cannot remove the folder; and over wrapping
//   nats-server in a Node supervisor, which costs a second Node process (~40 MB, ~50 ms) per server.
//   The watchdog runs in a process group of its own, so a group SIGKILL aimed at the owner's group (what CI
//   runners and supervisors send on a timeout) cannot take it along, and it ignores SIGINT/SIGTERM/SIGHUP
//   for the same reason; a normal stop() SIGKILLs it first.
//
// nats-server itself runs in its own process group (`detached`), so a terminal Ctrl-C reaches only the owner,
// which can drain its NATS clients before stopping the server. Its output goes to a log file rather than a
// pipe: a Go program writing to a pipe whose reader died is killed by SIGPIPE mid-shutdown.
// The port is chosen by nats-server itself (`-p -1`) and read back from its ports file, so there is no window
// in which another process could take a port we probed.

import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { NatsStartError } from './errors.ts';
import type { Logger } from './logger.ts';
import { findNatsServer } from './nats-binary.ts';

export interface StartEmbeddedNatsOptions {
  /** JetStream store folder; kept on stop. Default: a temporary folder removed on stop. */
  storeDir?: string;
  logger?: Logger;
  /** Path of nats-server; default: found on PATH or in the system folders. */
  binary?: string;
  /** Client port; default: a free port chosen by nats-server (`-p -1`). */
  port?: number;
  /** How long to wait for the server to answer (connect + JetStream account info); default 15000 ms. */
  readyTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; default 5000 ms. */
  stopGraceMs?: number;
  /**
   * Cores the server's Go runtime may run on at once (GOMAXPROCS). Default 1, unless GOMAXPROCS is
   * set in the environment: an embedded server carries one stack's traffic, which one core handles,
   * and with more the Go scheduler's idle spinning takes CPU from the services beside it (measured
   * on two cores: about 6–10% off the conformance suite's time, docs/benchmarks.md).
   */
  maxProcs?: number;
}

export interface EmbeddedNats {
  /** `nats://127.0.0.1:<port>` */
  url: string;
  port: number;
  storeDir: string;
  /** The nats-server process id. */
  pid: number;
  /** Stops the server (SIGTERM, then SIGKILL after the grace period) and removes temporary files. Idempotent. */
  stop(): Promise<void>;
}

// Positional parameters: $1 = nats-server pid, $2 = folder to remove afterwards (may be empty).
const WATCHDOG_SCRIPT = `
trap '' INT TERM HUP
read -r _ignored
kill -TERM "$1" 2>/dev/null
i=0
while kill -0 "$1" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -gt 50 ]; then kill -KILL "$1" 2>/dev/null; break; fi
  sleep 0.1
done
if [ -n "$2" ]; then rm -rf -- "$2"; fi
`;

/** Servers still running in this process, for the 'exit' hook. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Only synchronous work is possible here; the watchdog waits for the server to go and cleans up.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGTERM');
  });
}

/**
 * Starts a private nats-server with JetStream on 127.0.0.1 and a free port.
 * @example
 * const nats = await startEmbeddedNats({ logger });
 * try { ... connect to nats.url ... } finally { await nats.stop(); }
 */
export async function startEmbeddedNats(options: StartEmbeddedNatsOptions = {}): Promise<EmbeddedNats> {
  const binary = options.binary ?? findNatsServer();
  const log = options.logger?.child({ component: 'embedded-nats' });
  const runDir = mkdtempSync(join(tmpdir(), 'restorelab-nats-'));
  const storeDir = options.storeDir ?? join(runDir, 'store');
  const logFile = join(runDir, 'nats-server.log');
  const args = [
    '-js',
    '-a',
    '127.0.0.1',
    '-p',
    String(options.port ?? -1),
    '-sd',
    storeDir,
    '--ports_file_dir',
    runDir,
  ];

  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    const maxProcs = options.maxProcs ?? (process.env.GOMAXPROCS ? undefined : 1);
    child = spawn(binary, args, {
      stdio: ['ignore', logFd, logFd],
      detached: true,
      ...(maxProcs === undefined ? {} : { env: { ...process.env, GOMAXPROCS: String(maxProcs) } }),
    });
  } finally {
    closeSync(logFd);
  }
  const readLog = () => (existsSync(logFile) ? tail(readFileSync(logFile, 'utf8')) : '');
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
  child.unref();

  if (child.pid === undefined) {
    const error = await spawnFailed;
    rmSync(runDir, { recursive: true, force: true });
    throw new NatsStartError(`could not run ${binary}: ${error.message}`, { stderr: '', cause: error });
  }
  const pid = child.pid;
  running.add(child);
  installExitHook();
  const watchdog = startWatchdog(pid, runDir, log);
  log?.debug({ serverPid: pid, binary, storeDir }, 'nats-server starting');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      watchdog?.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // The grace timer is cleared once the server is gone: left running, it held the owner's
        // process open for the whole grace (5 s after every conformance run).
        const grace = new AbortController();
        const graceful = await Promise.race([
          exited.then(() => true),
          sleep(options.stopGraceMs ?? 5000, false, { signal: grace.signal }).catch(() => false),
        ]);
        grace.abort();
        if (!graceful) {
          log?.warn({ serverPid: pid }, 'nats-server ignored SIGTERM; killing it');
          child.kill('SIGKILL');
          await exited;
        }
      }
      running.delete(child);
      rmSync(runDir, { recursive: true, force: true });
      log?.debug({ serverPid: pid }, 'nats-server stopped');
    })();
    return stopping;
  };
  // If the server dies on its own, the watchdog must not later signal a pid the system may have reused.
  void exited.then(() => {
    watchdog?.kill('SIGKILL');
    running.delete(child);
  });

  try {
    const url = await waitUntilReady(pid, runDir, exited, options.readyTimeoutMs ?? 15_000, readLog);
    const port = Number(new URL(url).port);
    log?.info({ url, serverPid: pid, storeDir }, 'embedded nats-server ready');
    return { url, port, storeDir, pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function startWatchdog(pid: number, runDir: string, log: Logger | undefined): ChildProcess | undefined {
  try {
    const watchdog = spawn('sh', ['-c', WATCHDOG_SCRIPT, 'restorelab-nats-watchdog', String(pid), runDir], {
      stdio: ['pipe', 'ignore', 'ignore'],
      // Its own process group: a supervisor's or test harness's SIGKILL to the owner's whole group
      // (`kill -9 -- -<pgid>`) would otherwise take the watchdog down with the owner, and nothing would
      // be left to stop nats-server.
      detached: true,
    });
    watchdog.on('error', (error) => log?.warn({ err: error }, 'nats watchdog unavailable'));
    // Neither the watchdog nor its pipe may keep the owner's event loop alive.
    watchdog.unref();
    (watchdog.stdin as Socket | null)?.unref();
    return watchdog;
  } catch (error) {
    log?.warn({ err: error }, 'nats watchdog unavailable; a killed owner may leave nats-server running');
    return undefined;
  }
}

async function waitUntilReady(
  pid: number,
  runDir: string,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  timeoutMs: number,
  readLog: () => string,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exited.then((e) => {
    exit = e;
  });
  const portsFile = join(runDir, `nats-server_${pid}.ports`);
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exit !== undefined) {
      const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
      throw new NatsStartError(`nats-server exited with ${how} before it was ready`, {
        stderr: readLog(),
        exitCode: exit.code,
      });
    }
    const url = readClientUrl(portsFile);
    if (url !== undefined) {
      try {
        await probe(url, Math.max(250, Math.min(2000, deadline - Date.now())));
        return url;
      } catch (error) {
        lastError = error;
      }
    }
    await sleep(50);
  }
  throw new NatsStartError(`nats-server did not answer within ${timeoutMs} ms`, {
    stderr: readLog(),
    cause: lastError,
  });
}

function readClientUrl(portsFile: string): string | undefined {
  try {
    const ports = JSON.parse(readFileSync(portsFile, 'utf8')) as { nats?: string[] };
    return ports.nats?.[0];
  } catch {
    return undefined; // not written yet, or half written
  }
}

/** Answers = accepts a client connection and serves a JetStream account info request. */
async function probe(url: string, timeoutMs: number): Promise<void> {
  const nc = await connect({ servers: url, timeout: timeoutMs, reconnect: false, name: 'restorelab-ready-probe' });
  try {
    const jsm = await jetstreamManager(nc, { timeout: timeoutMs });
    await jsm.getAccountInfo();
  } finally {
    await nc.close();
  }
}

function tail(text: string, max = 4000): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}
