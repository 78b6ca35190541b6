// msw handlers backed by the mock's Hono app, so jsforce talks to the mock in-process with no
// socket. jsforce 3 fetches through its own copy of undici, which msw cannot see, so
// `createFetchBridge` gives jsforce an undici dispatcher that hands every request to
// globalThis.fetch, where msw intercepts it.
import { FetchInterceptor } from '@mswjs/interceptors/fetch/web';
import type { Hono } from 'hono';
import { http } from 'msw';
import { defineNetwork, InterceptorSource } from 'msw/experimental';
import { MockAgent } from 'undici';

/**
 * Handlers answering every request under `baseUrl` with the app.
 * @example setupServer(...createMockHandlers(createMockApp({ admin }), 'http://mock.salesforce.test')).listen()
 */
export function createMockHandlers(app: Hono, baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => app.fetch(request))];
}

type SourceInterceptor = ConstructorParameters<typeof InterceptorSource>[0]['interceptors'][number];

/** An interception that can be switched off again. */
export interface MockNetwork {
  close(): Promise<void>;
}

/**
 * Answers `globalThis.fetch` requests under `baseUrl` with the app, through msw; every other request
 * (and every socket) passes untouched.
 *
 * msw's `setupServer` for Node intercepts at the socket level: each mocked answer is written out
 * as HTTP bytes for undici to parse again (about 2 ms a request here, four times the app's own
 * time), and every other connection in the process (NATS, a local HTTP server) runs through the
 * interceptor too. The fetch interceptor replaces `globalThis.fetch` and hands back the app's
 * Response as is, which is all an in-process org needs.
 */
export async function interceptMockOrg(app: Hono, baseUrl: string): Promise<MockNetwork> {
  // The fetch interceptor's types come from the package's browser build, whose Interceptor class
  // is declared apart from the Node build's one that InterceptorSource names: same class at run time.
  const fetchOnly = new FetchInterceptor() as unknown as SourceInterceptor;
  const network = defineNetwork({
    sources: [new InterceptorSource({ interceptors: [fetchOnly] })],
    handlers: createMockHandlers(app, baseUrl),
    onUnhandledFrame: 'bypass',
    context: { quiet: true },
  });
  await network.enable();
  return { close: async () => void (await network.disable()) };
}

async function bodyBytes(body: unknown): Promise<Uint8Array | string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }
  return String(body);
}

/**
 * An undici dispatcher that forwards every request to `globalThis.fetch` (so msw answers it).
 * Give it to jsforce: `import { setDispatcher } from 'jsforce/lib/request.js'; setDispatcher(createFetchBridge())`.
 */
export function createFetchBridge(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get(() => true)
    .intercept({ path: () => true, method: () => true })
    .reply(async (opts) => {
      const headers = new Headers();
      const raw = opts.headers as unknown;
      if (Array.isArray(raw)) {
        for (let i = 0; i + 1 < raw.length; i += 2) headers.append(String(raw[i]), String(raw[i + 1]));
      } else if (raw && typeof raw === 'object') {
        for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
          if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : String(v));
        }
      }
      const body = await bodyBytes(opts.body);
      const response = await globalThis.fetch(new URL(opts.path, opts.origin), {
        method: opts.method,
        headers,
        ...(body !== undefined && opts.method !== 'GET' && opts.method !== 'HEAD' ? { body } : {}),
      });
      const responseHeaders: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        responseHeaders[key] = value;
      });
      return {
        statusCode: response.status,
        data: Buffer.from(await response.arrayBuffer()),
        responseOptions: { headers: responseHeaders },
      };
    })
    .persist();
  return agent;
}
