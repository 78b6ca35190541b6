// pino JSON logging with secrets kept out of the output, in two layers:
// 1. key-based redaction: any property whose name says "secret" (password, accessToken, authorization, ...)
//    is replaced, at the top level and a few levels down (pino `redact` paths with wildcards);
// 2. text scrubbing: every finished line goes through `scrubSecrets`, catching session ids and bearer tokens
//    inside messages, error text and stacks, where no key names them.

import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './env.ts';
import { SCRUBBED, scrubSecrets } from './scrub.ts';

export type { Logger } from 'pino';

/** Property names whose values are always redacted, in the spellings we meet (camel, snake, header, env). */
export const SECRET_KEYS: readonly string[] = [
  'password',
  'passwd',
  'SF_PASSWORD',
  'accessToken',
  'access_token',
  'SF_ACCESS_TOKEN',
  'refreshToken',
  'refresh_token',
  'sessionId',
  'session_id',
  'sid',
  'clientSecret',
  'client_secret',
  'securityToken',
  'security_token',
  'SF_TOKEN',
  'token',
  'PLANNER_TOKEN',
  'NATS_PASSWORD',
  // nats.js spells the password of its connect options `pass`.
  'pass',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-sfdc-session',
];

/** How many levels below the top a secret key is still found (`a.b.c.password` is depth 3). */
const REDACT_DEPTH = 5;

/** pino redact paths for SECRET_KEYS from the top level down to REDACT_DEPTH, using `*` wildcards. */
export function redactPaths(keys: readonly string[] = SECRET_KEYS, depth = REDACT_DEPTH): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    for (let level = 0; level <= depth; level++) {
      const prefix = '*.'.repeat(level);
      paths.push(segment.startsWith('[') ? `${prefix.slice(0, -1)}${segment}` : `${prefix}${segment}`);
    }
  }
  return paths;
}

export interface LoggerOptions {
  /** The service or component name; appears as `name` on every line. */
  name: string;
  level?: LogLevel;
  /** Where lines go; default stderr (fd 2), so a command's own output on stdout stays clean. */
  destination?: DestinationStream;
}

/**
 * A pino logger writing JSON lines with secrets redacted.
 * @example const log = createLogger({ name: 'planner', level: config.LOG_LEVEL });
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? pino.destination({ dest: 2, sync: true });
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths: redactPaths(), censor: SCRUBBED },
      hooks: { streamWrite: scrubSecrets },
    },
    destination,
  );
}
