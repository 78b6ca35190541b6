// What Composite (`/composite`) and Composite Graph (`/composite/graph`) share: subrequests run in
// order as the same user (the common record operations in process, the rest through the whole app), each answer kept under its referenceId, and
// `@{ref.field}` / `@{ref.records[0].Id}` references in later URLs and bodies filled from those
// answers. A subrequest whose reference names a failed or unknown answer is not run
// (PROCESSING_HALTED). Subrequests are marked internal: the request that holds them is the one
// call counted on the API allocation.
import { z } from 'zod';
import { SalesforceApiError } from '../errors.ts';
import type { Dispatch } from './composite-batch.ts';
import { answerInline, type InlineContext } from './composite-inline.ts';
import { SUBREQUESTS } from './context.ts';

export const Subrequest = z.object({
  method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD']),
  url: z.string().min(1),
  referenceId: z.string().min(1),
  body: z.unknown().optional(),
  httpHeaders: z.record(z.string(), z.string()).optional(),
});
export type Subrequest = z.infer<typeof Subrequest>;

export interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const REFERENCE = /@\{([^}]+)\}/g;
const ROLLED_BACK = 'The transaction was rolled back since another operation in the same transaction failed.';

export const halted = (referenceId: string, message: string): SubResponse => ({
  body: [{ errorCode: 'PROCESSING_HALTED', message }],
  httpHeaders: {},
  httpStatusCode: 400,
  referenceId,
});

/** The answer every other subrequest of a rolled-back transaction gets. */
export const rolledBack = (referenceId: string): SubResponse => halted(referenceId, ROLLED_BACK);

export const invalidRequest = (message: string) => new SalesforceApiError('INVALID_REQUEST', message);

/** The referenceIds a subrequest's URL and body name, in order. */
export function referencesOf(sub: Subrequest): string[] {
  const text = `${sub.url} ${JSON.stringify(sub.body ?? null)}`;
  return [...text.matchAll(REFERENCE)].map((m) => m[1]!.split(/[.[]/)[0]!);
}

/** A dotted path (`records[0].Id`) read from an answer body. */
function readPath(body: unknown, path: string): unknown {
  let value = body;
  for (const key of path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

class Unresolved extends Error {}

/** Replaces every `@{ref.path}` in `text`; throws Unresolved when one has no value. */
function fill(text: string, done: ReadonlyMap<string, SubResponse>, json: boolean): string {
  return text.replace(REFERENCE, (_whole, expression: string) => {
    const [ref, ...rest] = expression.split('.');
    const [head, ...indexes] = ref!.split(/(?=\[)/);
    const answer = done.get(head!);
    if (!answer || answer.httpStatusCode >= 400) {
      throw new Unresolved(`Invalid reference specified. No value for ${expression} found in ${head}.`);
    }
    const value = readPath(answer.body, [indexes.join(''), ...rest].filter(Boolean).join('.'));
    if (value === undefined || value === null) {
      throw new Unresolved(`Invalid reference specified. No value for ${expression} found in ${head}.`);
    }
    const plain = typeof value === 'object' ? JSON.stringify(value) : String(value);
    // Inside a JSON body the reference sits within a string: escape what would end it.
    return json ? JSON.stringify(plain).slice(1, -1) : plain;
  });
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Runs one subrequest after filling its references from earlier answers; one that names a failed
 * or missing answer is answered PROCESSING_HALTED without running.
 */
export async function runSubrequest(
  sub: Subrequest,
  done: ReadonlyMap<string, SubResponse>,
  context: { origin: string; authorization: string; dispatch: Dispatch; inline: InlineContext | undefined },
): Promise<SubResponse> {
  let url: string;
  let body: string | undefined;
  try {
    url = fill(sub.url, done, false);
    body = sub.body === undefined ? undefined : fill(JSON.stringify(sub.body), done, true);
  } catch (error) {
    if (error instanceof Unresolved) return halted(sub.referenceId, error.message);
    throw error;
  }
  if (context.inline && Object.keys(sub.httpHeaders ?? {}).length === 0) {
    const answer = answerInline(sub.method, url, body, context.inline);
    if (answer) return subResponse(sub.referenceId, url, answer.status, answer.body);
  }
  const request = new Request(`${context.origin}${url.startsWith('/') ? '' : '/'}${url}`, {
    method: sub.method,
    headers: {
      ...sub.httpHeaders,
      authorization: context.authorization,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
  SUBREQUESTS.add(request);
  const response = await context.dispatch(request);
  return subResponse(sub.referenceId, new URL(request.url).pathname, response.status, await bodyOf(response));
}

/** A subrequest's answer; a create (201 with an id) also names the new record's URL. */
function subResponse(referenceId: string, path: string, status: number, body: unknown): SubResponse {
  const httpHeaders: Record<string, string> = {};
  if (status === 201 && body && typeof body === 'object' && 'id' in body) {
    httpHeaders.Location = `${path.replace(/\/$/, '')}/${String(body.id)}`;
  }
  return { body, httpHeaders, httpStatusCode: status, referenceId };
}

/** Refuses malformed subrequest lists before anything runs: duplicate ids, forward references. */
export function checkSubrequests(subs: readonly Subrequest[]): void {
  const seen = new Set<string>();
  for (const sub of subs) {
    if (!/^[A-Za-z0-9_]+$/.test(sub.referenceId)) {
      throw invalidRequest(`Invalid referenceId: ${sub.referenceId}. Use letters, digits and underscores.`);
    }
    if (seen.has(sub.referenceId))
      throw invalidRequest(`Duplicate referenceId provided in the request: ${sub.referenceId}`);
    if (!/^\/services\/data\/v\d+\.\d\//.test(sub.url)) {
      throw invalidRequest(`The subrequest URL must start with /services/data/vXX.X/: ${sub.url}`);
    }
    for (const ref of referencesOf(sub)) {
      if (!seen.has(ref)) throw invalidRequest(`Invalid reference specified. ${ref} is not an earlier referenceId.`);
    }
    seen.add(sub.referenceId);
  }
}
