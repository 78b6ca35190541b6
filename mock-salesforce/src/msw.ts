// msw handlers backed by the mock's Hono app, so jsforce talks to the mock in-process with no
// socket. jsforce 3 fetches through its own copy of undici, which msw cannot see, so
// `createFetchBridge` gives jsforce an undici dispatcher that has msw resolve every request against
// the handlers; `interceptMockOrg` answers everything else that uses globalThis.fetch.
import { FetchInterceptor } from '@mswjs/interceptors/fetch/web';
import type { Hono } from 'hono';
import { getResponse, http } from 'msw';
import { defineNetwork, InterceptorSource } from 'msw/experimental';
import { Dispatcher } from 'undici';

/**
 * Handlers answering every request under `baseUrl` with the app.
 * @example setupServer(...createMockHandlers(createMockApp({ admin }), 'http://mock.salesforce.test')).listen()
 */
export function createMockHandlers(app: Hono, baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => app.fetch(request))];
}

type SourceInterceptor = ConstructorParameters<typeof InterceptorSource>[0]['interceptors'][number];

const INTERCEPTOR_METHODS = ['predicate', 'apply', 'dispose', 'on', 'removeListener'] as const;

/**
 * Whether `interceptor` has what msw's InterceptorSource calls on its interceptors (through its
 * BatchInterceptor). The web fetch interceptor is built on the browser build's copy of the
 * interceptors package's Interceptor class; InterceptorSource names the Node build's copy. The two
 * are the same source, but TypeScript keeps them apart (each declaration has its own `#private`)
 * and `instanceof` does too (two class objects), so this looks at the methods instead.
 */
function isSourceInterceptor(interceptor: object): interceptor is SourceInterceptor {
  return INTERCEPTOR_METHODS.every((name) => typeof Reflect.get(interceptor, name) === 'function');
}

/**
 * Mock orgs answered in this process through msw: `globalThis.fetch` through msw's fetch interceptor,
 * jsforce through `dispatcher`. Several orgs can sit side by side, each under its own base URL.
 */
export interface MockNetwork {
  /** The undici dispatcher for jsforce (`setDispatcher` from `jsforce/lib/request.js`), for every org here. */
  readonly dispatcher: Dispatcher;
  /** Answers requests under `baseUrl` with `app` as well; the function it returns stops that. */
  add(app: Hono, baseUrl: string): () => void;
  close(): Promise<void>;
}

/**
 * Answers `globalThis.fetch` requests under `baseUrl` with the app, through msw; every other request
 * (and every socket) passes untouched. jsforce's requests reach the same handlers through the
 * network's `dispatcher`.
 *
 * msw's `setupServer` for Node intercepts at the socket level: each mocked answer is written out
 * as HTTP bytes for undici to parse again (about 2 ms a request here, four times the app's own
 * time), and every other connection in the process (NATS, a local HTTP server) runs through the
 * interceptor too. The fetch interceptor replaces `globalThis.fetch` and hands back the app's
 * Response as is, which is all an in-process org needs.
 */
export async function interceptMockOrg(app: Hono, baseUrl: string): Promise<MockNetwork> {
  // One list serves both ways in: msw's network is told of every change, the bridge reads it live.
  const handlers: ReturnType<typeof createMockHandlers> = [...createMockHandlers(app, baseUrl)];
  // Typed as a plain object first: narrowing the FetchInterceptor type itself would give `never`.
  const fetchOnly: object = new FetchInterceptor();
  if (!isSourceInterceptor(fetchOnly)) throw new TypeError('the msw fetch interceptor lacks the Interceptor methods');
  const network = defineNetwork({
    sources: [new InterceptorSource({ interceptors: [fetchOnly] })],
    handlers: [...handlers],
    onUnhandledFrame: 'bypass',
    context: { quiet: true },
  });
  await network.enable();
  const dispatcher = createFetchBridge(handlers);
  return {
    dispatcher,
    add(other, otherBase) {
      const added = createMockHandlers(other, otherBase);
      handlers.push(...added);
      network.resetHandlers(...handlers);
      return () => {
        for (const handler of added) handlers.splice(handlers.indexOf(handler), 1);
        network.resetHandlers(...handlers);
      };
    },
    async close() {
      await dispatcher.close();
      await network.disable();
    },
  };
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

function requestHeaders(raw: unknown): Headers {
  const headers = new Headers();
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(String(raw[i]), String(raw[i + 1]));
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : String(v));
    }
  }
  return headers;
}

/**
 * An undici dispatcher for jsforce that has msw answer every request. jsforce 3 fetches through its
 * own copy of undici, which msw's interceptors cannot see; this dispatcher makes a `Request` of what
 * undici hands it and asks msw to resolve it against `handlers` (`getResponse`, msw's own way of
 * running handlers without intercepting). A request no handler answers goes to `globalThis.fetch`.
 * An answer is handed to undici whole: the mock's answers are in memory already.
 *
 * Resolving straight against the handlers costs about half of what going round through
 * `globalThis.fetch` and msw's fetch interceptor did (measured 0.23 against 0.45–0.5 ms a jsforce
 * query), and every org call of an in-process run pays it.
 * @example setDispatcher(createFetchBridge(createMockHandlers(app, 'http://mock.salesforce.test')))
 */
export function createFetchBridge(handlers: ReturnType<typeof createMockHandlers>): Dispatcher {
  return new MswDispatcher(handlers);
}

class MswDispatcher extends Dispatcher {
  readonly #handlers: ReturnType<typeof createMockHandlers>;

  constructor(handlers: ReturnType<typeof createMockHandlers>) {
    super();
    this.#handlers = handlers;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    void this.#answer(options, handler);
    return true;
  }

  async #answer(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): Promise<void> {
    let aborted = false;
    let reason: Error | null = null;
    const controller: Dispatcher.DispatchController = {
      rawHeaders: undefined,
      get aborted() {
        return aborted;
      },
      get paused() {
        return false;
      },
      get reason() {
        return reason;
      },
      abort(why) {
        aborted = true;
        reason = why ?? new Error('aborted');
      },
      // The whole answer is handed over at once; undici's body stream buffers it.
      pause() {},
      resume() {},
    };
    try {
      handler.onRequestStart?.(controller, {});
      const body = await bodyBytes(options.body);
      const init: RequestInit = {
        method: options.method,
        headers: requestHeaders(options.headers),
        ...(body !== undefined && options.method !== 'GET' && options.method !== 'HEAD' ? { body } : {}),
      };
      const url = new URL(options.path, options.origin);
      const response =
        (await getResponse(this.#handlers, new Request(url, init))) ?? (await globalThis.fetch(url, init));
      const data = Buffer.from(await response.arrayBuffer());
      if (aborted) throw reason;
      const headers: Record<string, string | string[]> = {};
      const raw: Buffer[] = [];
      response.headers.forEach((value, name) => {
        if (name === 'set-cookie') return;
        headers[name] = value;
        raw.push(Buffer.from(name), Buffer.from(value));
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) headers['set-cookie'] = cookies;
      for (const cookie of cookies) raw.push(Buffer.from('set-cookie'), Buffer.from(cookie));
      // undici's fetch reads the headers from the controller's raw list.
      controller.rawHeaders = raw;
      handler.onResponseStart?.(controller, response.status, headers, response.statusText);
      if (aborted) throw reason;
      if (data.length > 0) handler.onResponseData?.(controller, data);
      if (aborted) throw reason;
      handler.onResponseEnd?.(controller, {});
    } catch (err) {
      handler.onResponseError?.(controller, err instanceof Error ? err : new Error(String(err)));
    }
  }

  override async close(): Promise<void> {}

  override async destroy(): Promise<void> {}
}
