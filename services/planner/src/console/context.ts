// What the console's route files share: their dependencies, the session store and log, the CSRF
// check of a session's POST (with the refusal page when it fails), and the light checks of ids and
// names that arrive in URLs before anything else sees them.
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@restorelab/runtime';
import type { SnapshotStore } from '@restorelab/snapshots';
import type { Context } from 'hono';
import type { Connection } from 'jsforce';
import { PlannerError } from '../errors.ts';
import type { JobManager } from '../jobs/job-manager.ts';
import { refusal } from './errors.ts';
import { type ConsoleEnv, checkCsrf } from './guard.ts';
import type { ConsoleSessions } from './session.ts';

export interface ConsoleDeps {
  manager: JobManager;
  store: SnapshotStore;
  conn: Connection;
  nc: NatsConnection;
  /** The planner's API token: the login secret. */
  token: string;
  logger: Logger;
  /** Sessions to use (default: a fresh in-memory store). */
  sessions?: ConsoleSessions;
  /** The origin browsers see when the planner sits behind a proxy (default: the request's own). */
  publicOrigin?: string;
}

export interface ConsoleContext extends ConsoleDeps {
  sessions: ConsoleSessions;
  log: Logger;
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
  if (!ID_RE.test(id)) throw new PlannerError('NOT_FOUND', `"${id}" is not a Salesforce id`);
  return id;
}

/** Plan and job ids (`plan-…`, `job-…`). */
export function checkedKey(key: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(key)) throw new PlannerError('NOT_FOUND', `no item ${key}`);
  return key;
}

export function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new PlannerError('BAD_REQUEST', 'the folder path is not valid');
  }
}

export function nameOf(fields: Record<string, unknown>): string {
  for (const key of ['Name', 'Subject', 'Title', 'CaseNumber', 'LastName']) {
    const v = fields[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return '';
}
