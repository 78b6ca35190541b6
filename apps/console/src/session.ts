// Console sessions: a person proves they hold the planner's API token once (login form or a
// one-time link) and gets a session cookie; each session carries its own CSRF token for the POST
// forms. Sessions live in memory: a restarted planner asks people to log in again, which is fine
// for a local console and keeps the token itself out of the browser after login.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ConsoleSession {
  /** Sent to the browser as the cookie value; never logged. */
  id: string;
  /** Hidden field of every POST form of this session. */
  csrf: string;
  expiresAt: number;
}

export interface SessionOptions {
  /** Idle time after which a session ends (default 8 hours). */
  ttlMs?: number;
  now?: () => number;
}

const DEFAULT_TTL_MS = 8 * 60 * 60 * 1000;
/** A login link is good for this long, and only once. */
export const LOGIN_LINK_TTL_MS = 15 * 60 * 1000;

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/** Compares two secrets in constant time (both hashed, so lengths leak nothing either). */
export function secretsMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(
    createHash('sha256').update(expected).digest(),
    createHash('sha256').update(presented).digest(),
  );
}

export class ConsoleSessions {
  // Keyed by a hash of the id: a look-up's timing says nothing about a guessed cookie.
  readonly #sessions = new Map<string, ConsoleSession>();
  readonly #redeemedLinks = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: SessionOptions = {}) {
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  create(): ConsoleSession {
    this.#sweep();
    const session: ConsoleSession = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
      expiresAt: this.#now() + this.#ttlMs,
    };
    this.#sessions.set(hash(session.id), session);
    return session;
  }

  /** The live session behind a cookie value (its idle time starts again), or undefined. */
  get(id: string | undefined): ConsoleSession | undefined {
    if (!id) return undefined;
    const key = hash(id);
    const session = this.#sessions.get(key);
    if (!session) return undefined;
    if (session.expiresAt <= this.#now()) {
      this.#sessions.delete(key);
      return undefined;
    }
    session.expiresAt = this.#now() + this.#ttlMs;
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.#sessions.delete(hash(id));
  }

  get size(): number {
    return this.#sessions.size;
  }

  /**
   * Redeems a one-time login code made by `loginLinkCode` with the same token: exactly the canonical
   * form, valid signature, not expired, not used before. The used code's nonce is remembered until
   * the code would have expired, so one code gives one session however it is dressed up.
   */
  redeemLoginCode(token: string, code: string): boolean {
    const parts = LOGIN_CODE.exec(code);
    if (!parts) return false;
    const expiresText = parts[1]!;
    const nonce = parts[2]!;
    const mac = parts[3]!;
    const expiresAt = Number(expiresText);
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= this.#now()) return false;
    if (expiresAt > this.#now() + LOGIN_LINK_TTL_MS) return false;
    if (!secretsMatch(sign(token, expiresText, nonce), `${nonce}~${mac}`)) return false;
    const key = hash(`${expiresText}.${nonce}`);
    if (this.#redeemedLinks.has(key)) return false;
    this.#redeemedLinks.set(key, expiresAt);
    return true;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [key, s] of this.#sessions) if (s.expiresAt <= now) this.#sessions.delete(key);
    for (const [key, at] of this.#redeemedLinks) if (at <= now) this.#redeemedLinks.delete(key);
  }
}

// A login code is `<expiresAt>.<nonce>~<hmac>`: signed with the API token, so whoever can print it
// (the dev stack, the CLI) needs no shared state with the console, and it reveals nothing of the token.
function sign(token: string, expiresText: string, nonce: string): string {
  const mac = createHmac('sha256', token)
    .update(`restorelab-console-login:${expiresText}:${nonce}`)
    .digest('base64url');
  return `${nonce}~${mac}`;
}

/** The only form a login code is accepted in: `<expiresAt>.<nonce>~<hmac>`, nothing before or after. */
const LOGIN_CODE = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{16})~([A-Za-z0-9_-]{43})$/;

/** A fresh one-time login code for the console of a planner with this token. */
export function loginLinkCode(token: string, now: number = Date.now()): string {
  const expiresText = String(now + LOGIN_LINK_TTL_MS);
  return `${expiresText}.${sign(token, expiresText, randomBytes(12).toString('base64url'))}`;
}

/**
 * The one-time link a launcher prints so a person lands in the console logged in:
 * `consoleLoginLink(stack.plannerUrl, stack.token)` → `http://127.0.0.1:4000/console/login/link?code=…`.
 */
export function consoleLoginLink(plannerUrl: string, token: string, now: number = Date.now()): string {
  return `${plannerUrl.replace(/\/$/, '')}/console/login/link?code=${encodeURIComponent(loginLinkCode(token, now))}`;
}
