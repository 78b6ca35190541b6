// What Composite (`/composite`) and Composite Graph (`/composite/graph`) share: subrequests run in
// order as the same user (the common record operations in process, the rest through the whole app), each answer kept under its referenceId, and
// `@{ref.field}` / `@{ref.records[0].Id}` references in later URLs and bodies filled from those
// answers. A subrequest whose reference names a failed or unknown answer is not run
// (PROCESSING_HALTED). Subrequests are marked internal: the request that holds them is the one
// call counted on the API allocation.
import { z } from 'zod';
import { SalesforceApiError } from '../errors.ts';
import type { Dispatch } from './composite-batch.ts';
import { answerInline, type InlineContext, type SubBody, textOf } from './composite-inline.ts';
import {
  fillText,
  fillValue,
  type ScannedReferences,
  type SubAnswer,
  scanReferences,
  Unresolved,
} from './composite-references.ts';
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

/** A subrequest with its references read once, for its checks and its run. */
export interface PreparedSubrequest extends ScannedReferences {
  readonly sub: Subrequest;
}

export function prepareSubrequests(subs: readonly Subrequest[]): PreparedSubrequest[] {
  return subs.map((sub) => ({ sub, ...scanReferences(sub) }));
}

export interface RunContext {
  origin: string;
  authorization: string;
  dispatch: Dispatch;
  inline: InlineContext | undefined;
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
 * or missing answer is answered PROCESSING_HALTED without running. Answers at once (no promise)
 * when the subrequest is answered in process, so a graph's nodes do not each wait a turn.
 */
export function runSubrequest(
  prepared: PreparedSubrequest,
  done: ReadonlyMap<string, SubAnswer>,
  context: RunContext,
): SubResponse | Promise<SubResponse> {
  const { sub } = prepared;
  let url: string;
  let body: SubBody;
  try {
    url = fillText(sub.url, done, false);
    body = filledBody(prepared, done, context.inline);
  } catch (error) {
    if (error instanceof Unresolved) return halted(sub.referenceId, error.message);
    throw error;
  }
  if (context.inline && Object.keys(sub.httpHeaders ?? {}).length === 0) {
    const answer = answerInline(sub.method, url, body, context.inline);
    if (answer) return subResponse(sub.referenceId, url, answer.status, answer.body);
  }
  return throughApp(sub, url, body === undefined ? undefined : textOf(body), context);
}

/** The body with its references filled: its values when they allow it, else its JSON text. */
function filledBody(
  prepared: PreparedSubrequest,
  done: ReadonlyMap<string, SubAnswer>,
  inline: InlineContext | undefined,
): SubBody {
  const { sub, bodyFill } = prepared;
  if (sub.body === undefined) return undefined;
  if (bodyFill === 'none') return { value: sub.body };
  if (bodyFill === 'text') return { text: fillText(JSON.stringify(sub.body), done, true) };
  const grown = { chars: 0 };
  const value = fillValue(sub.body, done, grown);
  // The request was held to the size limit, so only what references added can take a body past
  // it: when that could (a character escapes to at most 6), the body goes as text, measured.
  const room = inline ? inline.maxBodyBytes - inline.requestBytes : 0;
  return grown.chars * 6 > room ? { text: JSON.stringify(value) } : { value };
}

async function throughApp(
  sub: Subrequest,
  url: string,
  body: string | undefined,
  context: RunContext,
): Promise<SubResponse> {
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
export function checkSubrequests(subs: readonly PreparedSubrequest[]): void {
  const seen = new Set<string>();
  for (const { sub, references } of subs) {
    if (!/^[A-Za-z0-9_]+$/.test(sub.referenceId)) {
      throw invalidRequest(`Invalid referenceId: ${sub.referenceId}. Use letters, digits and underscores.`);
    }
    if (seen.has(sub.referenceId))
      throw invalidRequest(`Duplicate referenceId provided in the request: ${sub.referenceId}`);
    if (!/^\/services\/data\/v\d+\.\d\//.test(sub.url)) {
      throw invalidRequest(`The subrequest URL must start with /services/data/vXX.X/: ${sub.url}`);
    }
    for (const ref of references) {
      if (!seen.has(ref)) throw invalidRequest(`Invalid reference specified. ${ref} is not an earlier referenceId.`);
    }
    seen.add(sub.referenceId);
  }
}
