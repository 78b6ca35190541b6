// msw handlers backed by the mock's Hono app, so jsforce (or anything using fetch/undici/http)
// talks to the mock in-process with no socket.
import type { Hono } from 'hono';
import { http } from 'msw';

/**
 * Handlers answering every request under `baseUrl` with the app.
 * @example setupServer(...createMockHandlers(createMockApp({ admin }), 'http://mock.salesforce.test')).listen()
 */
export function createMockHandlers(app: Hono, baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => app.fetch(request))];
}
