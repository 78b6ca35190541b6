// The console's gatekeepers: the session cookie (HttpOnly, SameSite=Strict, scoped to /console),
// the cross-site request checks on every POST (the Origin must be the console's own and the form
// must carry the session's CSRF token) and the security headers of every response.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type ConsoleSession, type ConsoleSessions, secretsMatch } from './session.ts';

export const CONSOLE_BASE = '/console';
export const SESSION_COOKIE = 'restorelab_console';
export const CSRF_FIELD = '_csrf';

export type ConsoleEnv = { Variables: { session: ConsoleSession } };

// Scripts and styles only from the console itself (no inline script can run, even if escaping
// failed somewhere); backed-up content never frames or navigates the page.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler {
  return async function consoleSecurityHeaders(c, next) {
    await next();
    // Downloads bring their own, stricter policy (sandbox); keep it.
    if (!c.res.headers.has('content-security-policy')) c.header('content-security-policy', CSP);
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'same-origin');
    c.header('x-frame-options', 'DENY');
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
  };
}

export function startSession(c: Context, sessions: ConsoleSessions): ConsoleSession {
  const session = sessions.create();
  setCookie(c, SESSION_COOKIE, session.id, {
    httpOnly: true,
    sameSite: 'Strict',
    path: CONSOLE_BASE,
    secure: new URL(c.req.url).protocol === 'https:',
  });
  return session;
}

export function endSession(c: Context, sessions: ConsoleSessions): void {
  sessions.end(getCookie(c, SESSION_COOKIE));
  deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_BASE });
}

/** Pages need a session: a GET without one goes to the login page (and back after), anything else is 401. */
export function requireSession(sessions: ConsoleSessions): MiddlewareHandler<ConsoleEnv> {
  return async function consoleSession(c, next) {
    const session = sessions.get(getCookie(c, SESSION_COOKIE));
    if (!session) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const next = new URL(c.req.url);
        return c.redirect(`${CONSOLE_BASE}/login?next=${encodeURIComponent(next.pathname + next.search)}`, 303);
      }
      return c.text('log in to the console first', 401);
    }
    c.set('session', session);
    return next();
  };
}

/**
 * The request's Origin (or, without one, its Referer's origin) is the console's own. Browsers send
 * Origin on every POST; a request with neither header is refused rather than trusted.
 */
export function sameOrigin(c: Context, publicOrigin: string | undefined): boolean {
  const own = publicOrigin ?? new URL(c.req.url).origin;
  const origin = c.req.header('origin');
  if (origin !== undefined) return origin === own;
  const referer = c.req.header('referer');
  if (!referer) return false;
  try {
    return new URL(referer).origin === own;
  } catch {
    return false;
  }
}

export type CsrfVerdict = { ok: true; form: Record<string, string> } | { ok: false; reason: string };

/** Checks a session's POST: same origin and the session's CSRF token in the form. */
export async function checkCsrf(c: Context<ConsoleEnv>, publicOrigin: string | undefined): Promise<CsrfVerdict> {
  if (!sameOrigin(c, publicOrigin)) return { ok: false, reason: 'the request did not come from this console' };
  const form = await formOf(c);
  if (!secretsMatch(c.var.session.csrf, form[CSRF_FIELD]))
    return { ok: false, reason: 'the form is missing its security token (reload the page and try again)' };
  return { ok: true, form };
}

/** The string fields of a urlencoded or multipart body (files ignored); an unreadable body is empty. */
export async function formOf(c: Context): Promise<Record<string, string>> {
  try {
    const body = await c.req.parseBody();
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return {};
  }
}
