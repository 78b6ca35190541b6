// The in-process mock target's sessions, loaded only when one opens: the main thread of a run spread
// over worker threads never pays for loading the mock, the services and jsforce.
import {
  createMockApp,
  createMockHandlers,
  interceptMockOrg,
  MockAdmin,
  type MockNetwork,
} from '@restorelab/mock-salesforce';
import { createLogger } from '@restorelab/runtime';
import { type Stack, startStack } from '@restorelab/stack';
import jsforce from 'jsforce';
import { setDispatcher } from 'jsforce/lib/request.js';
import { getResponse } from 'msw';
import { seamsOf } from '../engines/fault-seams.ts';
import { httpEngine } from '../engines/http-engine.ts';
import { FIXTURE_DATA_PLAN, FIXTURE_DIR, otherUser, SALESFORCE_API_VERSION } from './mock.ts';
import { mockControl } from './mock-control.ts';
import { useMswTransport } from './msw-transport.ts';
import { BACKUP_OBJECTS, FAULTED_JOB_TIMEOUT_MS, type OpenOptions, type TargetSession } from './target.ts';

/**
 * The msw network of this thread, shared by every session open in it: each session's org has its own
 * base URL. It answers `globalThis.fetch` (the suite's blob reads), and through jsforce's dispatcher
 * any jsforce connection that has no msw transport of its own.
 */
let shared: { network: MockNetwork; sessions: number } | undefined;
let sessionsOpened = 0;

async function joinNetwork(app: Parameters<typeof interceptMockOrg>[0], baseUrl: string): Promise<() => Promise<void>> {
  let leave: () => void;
  if (shared) {
    leave = shared.network.add(app, baseUrl);
    shared.sessions++;
  } else {
    const network = await interceptMockOrg(app, baseUrl);
    shared = { network, sessions: 1 };
    setDispatcher(network.dispatcher);
    leave = () => {};
  }
  const joined = shared;
  return async () => {
    leave();
    joined.sessions--;
    if (joined.sessions > 0 || shared !== joined) return;
    shared = undefined;
    setDispatcher();
    await joined.network.close();
  };
}

export async function openMockSession(options: OpenOptions = {}): Promise<TargetSession> {
  const base = `http://conformance-${++sessionsOpened}.mock.salesforce.test`;
  const admin = new MockAdmin(undefined, base);
  const login = await admin.createOrg({ metadataDir: FIXTURE_DIR, dataPlan: FIXTURE_DATA_PLAN });
  const app = createMockApp({ admin });
  // Every jsforce connection of this session (the suite's and the engine's) has msw answer its
  // requests against this org's handlers (see msw-transport.ts).
  const handlers = createMockHandlers(app, base);
  const respond = (request: Request) => getResponse(handlers, request);
  // The real engine — planner, record-writer and file-writer over an embedded nats-server — reaching
  // the org through msw like the suite does. Its session comes straight from the mock app. A broken
  // engine (suite power) is the same one, with the faults bent in through the services' seams.
  const token = await app.fetch(
    new Request(`${base}/services/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'password',
        username: login.username,
        password: login.password,
        client_id: 'restorelab-conformance',
      }),
    }),
  );
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  const stack: Stack = await startStack({
    connection: useMswTransport(
      new jsforce.Connection({ instanceUrl: base, accessToken, version: SALESFORCE_API_VERSION }),
      respond,
    ),
    logger: createLogger({
      name: 'conformance-mock',
      level: (process.env.CONFORMANCE_LOG_LEVEL ?? 'silent') as 'silent',
    }),
    ...(options.faults ? { seams: seamsOf(options.faults) } : {}),
  });
  const leaveNetwork = await joinNetwork(app, base);
  const conn = useMswTransport(
    new jsforce.Connection({ loginUrl: login.loginUrl, version: SALESFORCE_API_VERSION }),
    respond,
  );
  await conn.login(login.username, login.password);
  const engine = httpEngine(stack.plannerUrl, stack.token, {
    backupObjects: BACKUP_OBJECTS,
    fetch: inProcess(stack),
    ...(options.faults ? { jobTimeoutMs: FAULTED_JOB_TIMEOUT_MS } : {}),
  });
  return {
    conn,
    engine,
    adminUserId: login.adminUserId,
    otherUserId: await otherUser(conn, login.adminUserId),
    mock: mockControl(admin, login.orgId),
    async close() {
      await engine.close();
      await stack.close();
      await leaveNetwork();
    },
  };
}

/**
 * The planner's HTTP API answered in this thread without a socket: the engine's calls take every
 * route, check and answer of the served API, without paying for HTTP on both sides (measured 0.7 ms
 * of CPU a call). The `stack` target reaches the planner over real HTTP.
 */
function inProcess(stack: Stack): typeof globalThis.fetch {
  return async (input, init) => stack.planner.fetch(new Request(input, init));
}
