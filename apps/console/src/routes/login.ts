// Logging in and out: the login form (the planner's API token, once), the one-time login link a
// launcher prints, and log-out. Login checks the origin too: a foreign page must not log a browser in.
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { type ConsoleContext, checkedForm } from '../context.ts';
import { refusal } from '../errors.ts';
import {
  CONSOLE_BASE,
  type ConsoleEnv,
  endSession,
  formOf,
  SESSION_COOKIE,
  sameOrigin,
  startSession,
} from '../guard.ts';
import { secretsMatch } from '../session.ts';
import { loginPage, safeNext } from '../views/login.ts';

/** The routes that need no session: the login form and the login link. */
export function loginRoutes(ctx: ConsoleContext) {
  const { sessions, log } = ctx;
  const app = new Hono<ConsoleEnv>();
  app.get(`${CONSOLE_BASE}/login`, (c) => c.html(loginPage({ next: safeNext(c.req.query('next')) })));

  app.post(`${CONSOLE_BASE}/login`, async (c) => {
    if (!sameOrigin(c, ctx.publicOrigin)) return c.html(refusal('the request did not come from this console'), 403);
    const form = await formOf(c);
    const next = safeNext(form.next);
    if (!secretsMatch(ctx.token, form.token)) {
      log.warn('console login refused: wrong token');
      return c.html(loginPage({ next, error: 'That is not the planner’s API token.' }), 401);
    }
    sessions.end(getCookie(c, SESSION_COOKIE));
    startSession(c, sessions);
    log.info('console session started');
    return c.redirect(next, 303);
  });

  app.get(`${CONSOLE_BASE}/login/link`, (c) => {
    const code = c.req.query('code') ?? '';
    if (!sessions.redeemLoginCode(ctx.token, code)) {
      return c.html(
        loginPage({ next: CONSOLE_BASE, error: 'That login link is used up or expired: enter the token.' }),
        401,
      );
    }
    startSession(c, sessions);
    log.info('console session started from a login link');
    return c.redirect(CONSOLE_BASE, 303);
  });
  return app;
}

/** Log-out: a session's POST like any other, CSRF-checked. */
export function logoutRoutes(ctx: ConsoleContext) {
  return new Hono<ConsoleEnv>().post(`${CONSOLE_BASE}/logout`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    endSession(c, ctx.sessions);
    return c.redirect(`${CONSOLE_BASE}/login`, 303);
  });
}
