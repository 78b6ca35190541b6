// The console's errors and error pages. A refusal of the console's own (an id that cannot be one, a
// form without a choice) is a ConsoleError; a refusal of the API keeps the API's status and message;
// anything else is a 500 that says only "see the log". A refused POST says why.
import { PlannerApiError } from '@restorelab/planner-api';
import { CONSOLE_BASE } from './guard.ts';
import { errorBlock, type Html, h, page } from './views/layout.ts';

export type ConsoleErrorCode = 'NOT_FOUND' | 'BAD_REQUEST';

const STATUS: Record<ConsoleErrorCode, number> = { NOT_FOUND: 404, BAD_REQUEST: 400 };

export class ConsoleError extends Error {
  override name = 'ConsoleError';
  readonly code: ConsoleErrorCode;

  constructor(code: ConsoleErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** The status and the sentence a failed console request answers with. */
export function failureOf(err: unknown): { status: number; message: string } {
  if (err instanceof ConsoleError) return { status: err.status, message: err.message };
  if (err instanceof PlannerApiError) {
    if (err.status === 0) return { status: 502, message: 'the console cannot reach the planner; see its log' };
    if (err.status >= 500 && !err.fromPlanner) return { status: 502, message: 'the planner failed; see its log' };
    return { status: err.status, message: err.message };
  }
  return { status: 500, message: 'the console failed; see its log' };
}

export function errorPage(status: number, message: string, csrf: string | undefined): Html {
  return page(
    { title: status === 404 ? 'Not found' : 'Something went wrong', ...(csrf ? { csrf } : {}) },
    h`${errorBlock(message)}<p><a href="${CONSOLE_BASE}">Back to the console</a></p>`,
  );
}

export function refusal(reason: string, csrf?: string): Html {
  return page(
    { title: 'Request refused', ...(csrf ? { csrf } : {}) },
    h`${errorBlock(`Refused: ${reason}.`)}<p><a href="${CONSOLE_BASE}">Back to the console</a></p>`,
  );
}
