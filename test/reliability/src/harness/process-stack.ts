// The restore stack as separate OS processes: a file-backed nats-server (restartable on the same
// store and port), the mock org over HTTP in the test process (so the test drives its faults, API
// limit and sessions), and planner, record-writer and file-writer each spawned from its main.ts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import { type EmbeddedNats, startEmbeddedNats } from '@restorelab/runtime';
import { Connection } from 'jsforce';
import { type ApiClient, apiClient } from './api-client.ts';
import { type ServiceName, type ServiceProcess, spawnService } from './service-process.ts';

export interface ProcessStackOptions {
  logLevel?: 'debug' | 'info' | 'warn';
  /** Writers to start (default one of each). */
  recordWriters?: number;
  fileWriters?: number;
  /**
   * NATS servers to run against (a cluster's URLs, comma-separated) instead of a nats-server of the
   * stack's own; `restartNats` is then the caller's business.
   */
  natsUrl?: string;
  /** More variables for every service process (JETSTREAM_REPLICAS …). */
  env?: Record<string, string>;
}

export interface ProcessStack {
  /** The stack's own nats-server, or the servers it was given. */
  nats: { url: string };
  mock: MockServer;
  /** The test's own jsforce connection to the mock org (same admin user as the services). */
  conn: Connection;
  token: string;
  storeDir: string;
  natsStoreDir: string;
  planner: ServiceProcess;
  api: ApiClient;
  /** Every service process started, dead or alive, in start order (their lines are the stack's logs). */
  processes: ServiceProcess[];
  recordWriters: ServiceProcess[];
  fileWriters: ServiceProcess[];
  startService(name: 'record-writer' | 'file-writer'): Promise<ServiceProcess>;
  /** Another planner on the same NATS, with a client of its own (`planner` and `api` stay). */
  startPlanner(): Promise<{ proc: ServiceProcess; api: ApiClient }>;
  /** kill -9 the planner and start a new one (new port: `api` follows it). */
  restartPlanner(options?: { kill?: boolean }): Promise<ServiceProcess>;
  /** Stops nats-server and starts it again on the same port and store folder. */
  restartNats(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startProcessStack(options: ProcessStackOptions = {}): Promise<ProcessStack> {
  const root = await mkdtemp(join(tmpdir(), 'restorelab-reliability-'));
  const natsStoreDir = join(root, 'jetstream');
  const storeDir = join(root, 'snapshots');
  const token = randomBytes(24).toString('base64url');
  const processes: ServiceProcess[] = [];
  let nats: EmbeddedNats | undefined;
  let mock: MockServer | undefined;
  try {
    if (!options.natsUrl) nats = await startEmbeddedNats({ storeDir: natsStoreDir });
    const natsUrl = options.natsUrl ?? nats!.url;
    // A password no backed-up text could contain by chance (the default one is the product's name),
    // so the credential scan's hits are real.
    mock = await startMockServer({ password: `pw-${randomBytes(12).toString('base64url')}` });
    const conn = new Connection({ loginUrl: mock.loginUrl, version: '60.0' });
    await conn.login(mock.username, mock.password);

    const env = (): Record<string, string> => ({
      NATS_URL: natsUrl,
      SF_LOGIN_URL: mock!.loginUrl,
      SF_USERNAME: mock!.username,
      SF_PASSWORD: mock!.password,
      PLANNER_TOKEN: token,
      PLANNER_PORT: '0',
      STORE_DIR: storeDir,
      LOG_LEVEL: options.logLevel ?? 'info',
      ...options.env,
    });
    const start = async (name: ServiceName, ready: string) => {
      const proc = spawnService(name, env());
      processes.push(proc);
      const line = await proc.waitForLog(ready, 45_000);
      return { proc, line };
    };

    // The planner first: it creates the JetStream streams, consumers and buckets (file storage).
    const first = await start('planner', 'planner ready');
    const api = apiClient(String(first.line.url), token);
    const recordWriters: ServiceProcess[] = [];
    const fileWriters: ServiceProcess[] = [];
    const startService = async (name: 'record-writer' | 'file-writer') => {
      const { proc } = await start(name, `${name} ready`);
      (name === 'record-writer' ? recordWriters : fileWriters).push(proc);
      return proc;
    };
    await Promise.all([
      ...Array.from({ length: options.recordWriters ?? 1 }, () => startService('record-writer')),
      ...Array.from({ length: options.fileWriters ?? 1 }, () => startService('file-writer')),
    ]);

    const stack: ProcessStack = {
      nats: { url: natsUrl },
      mock,
      conn,
      token,
      storeDir,
      natsStoreDir,
      planner: first.proc,
      api,
      processes,
      recordWriters,
      fileWriters,
      startService,
      async startPlanner() {
        const { proc, line } = await start('planner', 'planner ready');
        return { proc, api: apiClient(String(line.url), token) };
      },
      async restartPlanner({ kill = true } = {}) {
        if (kill) await stack.planner.kill9();
        else await stack.planner.stop();
        const next = await start('planner', 'planner ready');
        stack.planner = next.proc;
        api.setBaseUrl(String(next.line.url));
        return next.proc;
      },
      async restartNats(downMs = 500) {
        if (!nats) throw new Error('the stack runs on NATS servers it was given: restart those');
        const port = nats.port;
        await nats.stop();
        await new Promise((r) => setTimeout(r, downMs));
        nats = await startEmbeddedNats({ storeDir: natsStoreDir, port });
        stack.nats = { url: nats.url };
      },
      async close() {
        await Promise.allSettled(processes.map((p) => p.stop()));
        await nats?.stop().catch(() => {});
        await mock!.close().catch(() => {});
        await rm(root, { recursive: true, force: true });
      },
    };
    return stack;
  } catch (err) {
    await Promise.allSettled(processes.map((p) => p.kill9()));
    await nats?.stop().catch(() => {});
    await mock?.close().catch(() => {});
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}
