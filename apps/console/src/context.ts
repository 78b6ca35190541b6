// What the console's route files share: the planner-api client every operation goes through, the
// session store and log, the CSRF check of a session's POST (with the refusal page when it fails),
// and the light checks of ids and names that arrive in URLs before anything else sees them.
import type { FetchRequest, PlannerApiClient } from '@restorelab/planner-api';
import type { Logger } from '@restorelab/runtime';
import type { Context } from 'hono';
import { ConsoleError, refusal } from './errors.ts';
import { type ConsoleEnv, checkCsrf } from './guard.ts';
import type { ConsoleSessions } from './session.ts';

export interface ConsoleOptions {
  /**
   * The planner's API token. The console calls the API with it (only in the Authorization header),
   * and a person logs in by proving they hold it; the browser never gets it.
   */
  token: string;
  /**
   * Where the planner's API answers: in process (`fetch`, e.g. the planner's own app, when both run
   * in one process) or at `url` over HTTP. Every operation the console performs goes there.
   */
  planner: { url?: string; fetch?: FetchRequest };
  logger: Logger;
  /** Sessions to use (default: a fresh in-memory store). */
  sessions?: ConsoleSessions;
  /** The origin browsers see when the console sits behind a proxy (default: the request's own). */
  publicOrigin?: string;
}

export interface ConsoleContext {
  api: PlannerApiClient;
  token: string;
  sessions: ConsoleSessions;
  log: Logger;
  publicOrigin: string | undefined;
}

/** A session POST's CSRF check: the form when it passes, else the refusal page to answer. */
export async function checkedForm(
  ctx: ConsoleContext,
  c: Context<ConsoleEnv>,
): Promise<{ form: Record<string, string>; refused?: undefined } | { refused: Response }> {
  const verdict = await checkCsrf(c, ctx.publicOrigin);
  if (!verdict.ok) {
    ctx.log.warn({ path: c.req.path, reason: verdict.reason }, 'console POST refused');
    return { refused: c.html(refusal(verdict.reason, c.var.session.csrf), 403) };
  }
  return { form: verdict.form };
}

// Ids, names and folder paths arrive in URLs: a light check before they go further.
export const ID_RE = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
export const NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

export function checkedId(id: string): string {
  if (!ID_RE.test(id)) throw new ConsoleError('NOT_FOUND', `"${id}" is not a Salesforce id`);
  return id;
}

/** Plan and job ids (`plan-…`, `job-…`). */
export function checkedKey(key: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(key)) throw new ConsoleError('NOT_FOUND', `no item ${key}`);
  return key;
}

export function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new ConsoleError('BAD_REQUEST', 'the folder path is not valid');
  }
}
