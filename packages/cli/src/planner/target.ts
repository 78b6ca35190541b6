// Which planner a client command talks to, and with which token: the flags first, then PLANNER_URL /
// PLANNER_TOKEN, then the file a running `restorelab dev` left in the project, then the default port.
import { findDevFile } from '../dev-file.ts';
import { UsageError } from '../errors.ts';

/** The runtime's DEFAULT_PLANNER_PORT, written here so a quick command does not load the runtime (pino, NATS). */
export const DEFAULT_PLANNER_PORT = 7420;

export interface PlannerTarget {
  url: string;
  token: string | undefined;
  /** Where the URL came from, for the "cannot reach" hint. */
  source: 'flag' | 'env' | 'dev-file' | 'default';
}

export interface TargetOptions {
  planner?: string;
  token?: string;
}

function normaliseUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${where}: expected an http(s) URL such as http://127.0.0.1:7420, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${where}: expected an http(s) URL, got "${value}"`);
  // Accept the URL with or without the /v1 the dev stack prints.
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}`;
}

export function resolveTarget(
  options: TargetOptions,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): PlannerTarget {
  const envToken = env.PLANNER_TOKEN?.trim() || undefined;
  if (options.planner !== undefined)
    return { url: normaliseUrl(options.planner, '--planner'), token: options.token ?? envToken, source: 'flag' };
  if (env.PLANNER_URL?.trim())
    return {
      url: normaliseUrl(env.PLANNER_URL.trim(), 'PLANNER_URL'),
      token: options.token ?? envToken,
      source: 'env',
    };
  const dev = findDevFile(cwd);
  if (dev) return { url: dev.info.plannerUrl, token: options.token ?? envToken ?? dev.info.token, source: 'dev-file' };
  return { url: `http://127.0.0.1:${DEFAULT_PLANNER_PORT}`, token: options.token ?? envToken, source: 'default' };
}
