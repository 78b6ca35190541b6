// startStack: the whole restore stack in one process, for `restorelab dev` / `demo`, the conformance
// suite and tests — NATS (embedded, or an existing one by URL), the mock org with the demo data (or a
// real org from credentials), record-writer, file-writer, the planner API and the web console beside
// it. Every part is owned by the returned handle, so several stacks can run side by side and each
// closes cleanly.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleLoginLink, createConsole } from '@restorelab/console';
import { type FileWriterSeams, startFileWriter } from '@restorelab/file-writer';
import { type MockServer, type StartMockServerOptions, startMockServer } from '@restorelab/mock-salesforce';
import { type PlannerSeams, type PlannerService, startPlanner } from '@restorelab/planner';
import { startRecordWriter } from '@restorelab/record-writer';
import {
  createLogger,
  type Logger,
  loadConfig,
  type NatsAuth,
  type NatsHandle,
  restoreWriteEnv,
  type SalesforceCredentials,
  useNats,
} from '@restorelab/runtime';
import { connectSalesforce } from '@restorelab/salesforce/client';
import { backupOrg, openSnapshotStore, type SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';

/**
 * Faults bent into the services on purpose, for the conformance suite's suite power: each service
 * takes its own seams (`seams.ts` of each service). Code only: no environment variable or API reaches them.
 */
export interface StackSeams {
  planner?: PlannerSeams;
  fileWriter?: FileWriterSeams;
}

export interface StackOptions {
  /** Use this NATS server (e.g. config.NATS_URL); absent → an embedded nats-server for this stack. */
  natsUrl?: string;
  /**
   * Login for the `natsUrl` server when it asks for one (the caller reads it, e.g. NATS_USER and
   * NATS_PASSWORD(_FILE) via natsAuthEnv: the stack itself reads no environment).
   */
  natsAuth?: NatsAuth;
  /** A real (or any) org to restore into; absent → a mock org is started. */
  salesforce?: SalesforceCredentials;
  /**
   * A jsforce connection already open on the org to restore into, used as is instead of `salesforce`
   * (the conformance suite's in-process target gives one whose requests msw answers).
   */
  connection?: Connection;
  /** Options of the mock (absent metadata → the demo org). Ignored with `salesforce`. */
  mock?: StartMockServerOptions;
  /** Snapshot store folder; absent → a temporary folder removed on close. */
  storeDir?: string;
  /** API token; absent → a random one is generated (read it from the handle). */
  token?: string;
  /** Planner port (default 0: a free port). */
  port?: number;
  logger?: Logger;
  /** Take a first snapshot of the org before returning (default false). */
  backup?: boolean;
  /** Receives the lines a person needs (URLs, the generated token); default: silent. */
  print?: (line: string) => void;
  /** JetStream storage for a fresh setup (default: memory for an embedded server, file otherwise). */
  jetstreamStorage?: 'file' | 'memory';
  /** Suite power only: faults bent into the services (absent: the services as they ship). */
  seams?: StackSeams;
  /** How new records are written (default RESTORE_WRITE_MODE, else the planner's: graph). */
  writeMode?: 'graph' | 'collections';
  /** Record batches the record-writer writes at once (default RECORD_WRITER_CONCURRENCY, else 2). */
  recordWriterConcurrency?: number;
}

export interface Stack {
  plannerUrl: string;
  token: string;
  /** True when the token was generated here. */
  generatedToken: boolean;
  mock: MockServer | undefined;
  nats: NatsHandle;
  store: SnapshotStore;
  /** The Salesforce connection the services share (the admin user, R15). */
  conn: Connection;
  planner: PlannerService;
  /** The web console, on the planner's port (`<plannerUrl>/console`). */
  consoleUrl: string;
  /** A fresh one-time link that logs a browser into the console (good for 15 minutes, once). */
  consoleLoginLink(): string;
  close(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const logger = options.logger ?? createLogger({ name: 'restorelab' });
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (err) {
        logger.warn({ err }, 'stack part did not close cleanly');
      }
    }
  };
  try {
    const nats = await useNats({
      name: 'restorelab-stack',
      logger,
      registerShutdown: false,
      env: {},
      ...(options.natsUrl ? { natsUrl: options.natsUrl } : {}),
      ...(options.natsUrl && options.natsAuth ? { auth: options.natsAuth } : {}),
    });
    closers.push(() => nats.close());

    let mock: MockServer | undefined;
    let credentials = options.salesforce;
    if (!credentials && !options.connection) {
      mock = await startMockServer(options.mock ?? {});
      closers.push(() => mock!.close());
      credentials = { kind: 'password', loginUrl: mock.loginUrl, username: mock.username, password: mock.password };
    }
    const conn = options.connection ?? (await connectSalesforce(credentials as SalesforceCredentials, logger));

    let storeDir = options.storeDir;
    if (!storeDir) {
      const dir = await mkdtemp(join(tmpdir(), 'restorelab-store-'));
      storeDir = dir;
      closers.push(() => rm(dir, { recursive: true, force: true }));
    }
    const store = openSnapshotStore(storeDir);
    closers.push(async () => store.close());

    const token = options.token ?? randomBytes(24).toString('base64url');
    const storage = options.jetstreamStorage ?? (nats.embedded ? 'memory' : 'file');
    // The way records are written, from the options or the environment (so a benchmark can compare).
    const writeEnv = loadConfig(restoreWriteEnv);
    const writeMode = options.writeMode ?? writeEnv.RESTORE_WRITE_MODE;
    const concurrency = options.recordWriterConcurrency ?? writeEnv.RECORD_WRITER_CONCURRENCY;
    const planner = await startPlanner({
      nc: nats.nc,
      store,
      conn,
      logger,
      token,
      port: options.port ?? 0,
      jetstreamStorage: storage,
      // The console is served here rather than by the planner: the planner service knows no console
      // (services never import apps), and this composition keeps `restorelab dev` serving it on the
      // planner's port, at /console, calling the API in process through the fetch the planner hands over.
      site: (api) => createConsole({ token, planner: { fetch: api }, logger }),
      ...(options.seams?.planner ? { seams: options.seams.planner } : {}),
      ...(writeMode ? { writeMode } : {}),
    });
    closers.push(() => planner.close());
    const recordWriter = await startRecordWriter({
      nc: nats.nc,
      conn,
      logger,
      ...(concurrency ? { concurrency } : {}),
    });
    closers.push(() => recordWriter.stop());
    const fileWriter = await startFileWriter({
      nc: nats.nc,
      conn,
      logger,
      ...(options.seams?.fileWriter ? { seams: options.seams.fileWriter } : {}),
    });
    closers.push(() => fileWriter.stop());

    if (options.backup) await backupOrg(conn, store);

    options.print?.(`planner API  ${planner.url}/v1  (OpenAPI: ${planner.url}/v1/openapi.json)`);
    if (!options.token) options.print?.(`API token    ${token}`);
    if (mock) options.print?.(`mock org     ${mock.url}  (user ${mock.username})`);
    options.print?.(`NATS         ${nats.url}${nats.embedded ? ' (embedded)' : ''}`);

    let closing: Promise<void> | undefined;
    return {
      plannerUrl: planner.url,
      token,
      generatedToken: !options.token,
      mock,
      nats,
      store,
      conn,
      planner,
      consoleUrl: `${planner.url}/console`,
      consoleLoginLink: () => consoleLoginLink(planner.url, token),
      close: () => {
        closing ??= closeAll();
        return closing;
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
