// Finding the real `nats-server` binary. Debian installs it in /usr/sbin, which is not on a normal user's PATH,
// so the usual system folders are searched after PATH.

import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { NatsServerMissingError } from './errors.ts';

const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin', '/opt/homebrew/bin'];

/**
 * The path of an executable `nats-server`: `NATS_SERVER_BIN` when set, else the first on PATH, else the first
 * in the usual system folders. Throws NatsServerMissingError saying how to install it or to set NATS_URL.
 */
export function findNatsServer(env: Record<string, string | undefined> = process.env): string {
  const explicit = env.NATS_SERVER_BIN;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new NatsServerMissingError([explicit]);
  }
  const dirs = [...(env.PATH ?? '').split(delimiter).filter((d) => d !== ''), ...EXTRA_DIRS];
  const candidates = [...new Set(dirs)].map((dir) => join(dir, 'nats-server'));
  const found = candidates.find(isExecutable);
  if (found === undefined) throw new NatsServerMissingError(candidates);
  return found;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
