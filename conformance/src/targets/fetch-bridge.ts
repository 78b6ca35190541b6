// jsforce 3 fetches through its own undici, which msw cannot see: this dispatcher hands every
// request to globalThis.fetch so msw answers it. The same bridge as mock-salesforce's src/msw.ts,
// which that package does not export.
import { MockAgent } from 'undici';

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
