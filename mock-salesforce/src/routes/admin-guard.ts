// Who may use the test-control API (`/__mock/*`). It can read every org's credentials, expire
// sessions, move clocks and inject faults, so it must not answer a web page the tester happens to
// open, nor anyone on the network:
// - with an admin token configured (a mock bound beyond loopback gets one), every call must carry it;
// - otherwise only this machine may call: a loopback peer naming a loopback host (a DNS-rebinding
//   page reaches loopback under its own host name, which this refuses);
// - always: a request that a browser marks as coming from another site, or whose Origin is not a
//   loopback one, is refused, and a POST must say it sends JSON (a cross-site form cannot, without a
//   preflight the mock never grants).
// Calls handed to the app in process (msw, `app.request`) have no socket and no network to cross.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { SalesforceApiError } from '../errors.ts';

export interface AdminGuardOptions {
  /** When set, every admin call must present it (`Authorization: Bearer …` or `X-Mock-Admin-Token`). */
  token?: string | undefined;
}

/** Loopback host names and addresses: `localhost`, `*.localhost`, 127.0.0.0/8, ::1 (IPv4-mapped too). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}

/** The host name of a Host header value (`127.0.0.1:4400` → `127.0.0.1`, `[::1]:80` → `::1`). */
function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return hostHeader.split(':')[0] ?? '';
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const refuse = (message: string) => new SalesforceApiError('INSUFFICIENT_ACCESS', message, { status: 403 });

export function adminGuard(options: AdminGuardOptions = {}): MiddlewareHandler {
  return async function guardAdmin(c, next) {
    const headers = c.req.raw.headers;
    if (headers.get('sec-fetch-site') === 'cross-site') throw refuse('the admin API does not answer other sites');
    const origin = headers.get('origin');
    if (origin !== null) {
      let originHost = '';
      try {
        originHost = new URL(origin).hostname;
      } catch {
        // "null" and other opaque origins: refused below
      }
      if (!isLoopbackHost(originHost)) throw refuse('the admin API does not answer other sites');
    }
    if (c.req.method === 'POST' && !(headers.get('content-type') ?? '').toLowerCase().includes('application/json'))
      throw refuse('admin POST requests must send content-type: application/json');

    if (options.token) {
      const bearer = headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
      const given = headers.get('x-mock-admin-token') ?? bearer;
      if (!given || !sameSecret(given, options.token)) {
        throw new SalesforceApiError('INVALID_SESSION_ID', 'the admin API needs the mock admin token', {
          status: 401,
        });
      }
      return next();
    }
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming) {
      const peer = incoming.socket.remoteAddress ?? '';
      if (!isLoopbackHost(peer)) throw refuse('the admin API answers this machine only (or set an admin token)');
      if (!isLoopbackHost(hostnameOf(headers.get('host') ?? '')))
        throw refuse('the admin API answers loopback host names only');
    }
    return next();
  };
}
