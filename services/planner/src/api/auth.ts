// Bearer-token check in constant time: both sides are hashed first, so neither the comparison time
// nor an early length mismatch tells a caller how much of the token it got right.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const digest = (text: string) => createHash('sha256').update(text).digest();

export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(expected), digest(presented));
}

/** Requires `Authorization: Bearer <token>` on every path except the `open` ones. */
export function bearerAuth(token: string, open: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    if (open.has(c.req.path)) return next();
    const header = c.req.header('authorization');
    const presented = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!tokenMatches(token, presented)) {
      return c.json(
        { error: { code: 'UNAUTHORIZED', message: 'missing or wrong bearer token (Authorization: Bearer <token>)' } },
        401,
        { 'www-authenticate': 'Bearer' },
      );
    }
    return next();
  };
}
