// The two ways tests reach the mock: a real HTTP server, or msw in-process (jsforce's undici
// bridged to msw's handlers). Both give a logged-in jsforce Connection and the admin handle.
import jsforce from 'jsforce';
import { setDispatcher } from 'jsforce/lib/request.js';
import { setupServer } from 'msw/node';
import { createMockApp, MockAdmin, type OrgLogin, startMockServer } from '../src/index.ts';
import { createFetchBridge, createMockHandlers } from '../src/msw.ts';

export interface MockTarget {
  name: 'http' | 'msw';
  login: OrgLogin;
  admin: MockAdmin;
  /** A jsforce connection logged in by SOAP. */
  connect(): Promise<jsforce.Connection>;
  /** fetch that reaches the mock (global fetch: msw sees it, a real server answers it). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function httpTarget(): Promise<MockTarget> {
  const server = await startMockServer();
  const login = server.admin.login(server.admin.org());
  return target('http', login, server.admin, () => server.close());
}

const MSW_BASE = 'http://mock.salesforce.test';

export async function mswTarget(): Promise<MockTarget> {
  const admin = new MockAdmin(undefined, MSW_BASE);
  const login = await admin.createOrg();
  const handlers = createMockHandlers(createMockApp({ admin }), MSW_BASE);
  // Raw fetch goes through msw's Node interception; jsforce through the bridge, where msw resolves
  // each request against the same handlers.
  const msw = setupServer(...handlers);
  msw.listen({ onUnhandledFrame: 'bypass' });
  const bridge = createFetchBridge(handlers);
  setDispatcher(bridge);
  return target('msw', login, admin, async () => {
    setDispatcher();
    await bridge.close();
    msw.close();
  });
}

function target(name: MockTarget['name'], login: OrgLogin, admin: MockAdmin, close: () => Promise<void>): MockTarget {
  return {
    name,
    login,
    admin,
    async connect() {
      const conn = new jsforce.Connection({ loginUrl: login.loginUrl, version: '50.0' });
      await conn.login(login.username, login.password);
      return conn;
    },
    fetch: (path, init) => globalThis.fetch(new URL(path, login.loginUrl), init),
    close,
  };
}

/** The error a call failed with, as jsforce reports it (`errorCode` and message); throws if it succeeded. */
export async function failure(p: PromiseLike<unknown>): Promise<{ errorCode: string; message: string }> {
  try {
    await p;
  } catch (error) {
    const e = error as { errorCode?: string; name?: string; message: string };
    return { errorCode: e.errorCode ?? e.name ?? 'unknown', message: e.message };
  }
  throw new Error('expected the call to fail');
}

export const b64 = (text: string) => Buffer.from(text).toString('base64');
