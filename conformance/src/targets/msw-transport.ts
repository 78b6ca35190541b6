// A jsforce transport that has msw answer every request in this thread, for the in-process target.
//
// jsforce sends each request through undici's fetch, and an undici dispatcher (the bridge in
// mock-salesforce) can answer it without a socket; fetch itself still builds its WHATWG request,
// streams and response around an answer that is already in memory. Measured in this process: a
// jsforce query costs 0.69 ms of CPU that way, against 0.08 ms for msw and the mock answering it.
// Transports are jsforce's own way to carry requests (its JSONP and Canvas transports are others):
// this one keeps jsforce's request and response streams and everything above them — session
// handling, error bodies, query paging, blob streams — and hands the request to msw's handlers
// instead of fetch. The `stack` and `org` targets, and the mock's own tests, keep jsforce's fetch
// over real HTTP. What it leaves out with fetch: jsforce's own retries of 5xx answers to idempotent
// requests, redirects and the request timeout. The in-process org injects no faults and never
// redirects; the services retry transient failures themselves (record-writer's retry policy).
import type { Connection } from 'jsforce';
import { createHttpRequestHandlerStreams } from 'jsforce/lib/request-helper.js';
import { Transport } from 'jsforce/lib/transport.js';
import type { HttpRequest, HttpRequestOptions } from 'jsforce/lib/types/common.js';

/** Answers a request (msw's `getResponse` over the org's handlers), or undefined when none matches. */
export type Respond = (request: Request) => Promise<Response | undefined>;

class MswTransport extends Transport {
  readonly #respond: Respond;

  constructor(respond: Respond) {
    super();
    this.#respond = respond;
  }

  override getRequestStreamCreator() {
    return (req: HttpRequest, options: HttpRequestOptions) => {
      const { output, stream } = createHttpRequestHandlerStreams(req, options);
      void this.#send(req).then(
        ({ status, headers, body }) => {
          stream.emit('response', { statusCode: status, headers });
          output.end(body);
        },
        (err: unknown) => stream.emit('error', err),
      );
      return stream;
    };
  }

  async #send(req: HttpRequest): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers ?? {})) {
      if (value !== undefined) headers.set(name, String(value));
    }
    // jsforce bodies are strings (JSON, SOAP, form data already encoded) or buffers.
    const hasBody = req.body !== undefined && method !== 'GET' && method !== 'HEAD';
    const body = hasBody ? (typeof req.body === 'string' ? req.body : Buffer.from(req.body as Uint8Array)) : undefined;
    const request = new Request(req.url, { method, headers, ...(body === undefined ? {} : { body }) });
    const response = await this.#respond(request);
    if (!response) throw new TypeError(`fetch failed: no mock org answers ${method} ${req.url}`);
    const out: Record<string, string> = {};
    for (const [name, value] of response.headers) out[name.toLowerCase()] = value;
    return { status: response.status, headers: out, body: Buffer.from(await response.arrayBuffer()) };
  }
}

/**
 * Makes `conn` send its requests through `respond` (msw) instead of fetch. Set it before the first
 * request (login included).
 */
export function useMswTransport(conn: Connection, respond: Respond): Connection {
  // jsforce declares `_transport: Transport` on Connection (no setter or option for it): assigned as typed.
  conn._transport = new MswTransport(respond);
  return conn;
}
