// The API's answer to a failure: `{ error: { code, message, rule? } }` with the status the error's
// family says. Planner errors carry their own; snapshot look-ups and Hono's own refusals are mapped
// here; anything else is a 500 that says only "see its log".
import type { ErrorBody } from '@restorelab/planner-api';
import { SnapshotError } from '@restorelab/snapshots';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { PlannerError } from '../errors.ts';

const SNAPSHOT_STATUS: Partial<Record<string, number>> = {
  SNAPSHOT_NOT_FOUND: 404,
  ITEM_NOT_FOUND: 404,
  BAD_PATH: 400,
  BAD_INPUT: 400,
  UNKNOWN_OBJECTS: 400,
  SNAPSHOT_INCOMPLETE: 409,
  SHARE_TOKEN_INVALID: 400,
  SHARE_TOKEN_EXPIRED: 400,
  SHARE_NOT_FOUND: 404,
  SHARE_REVOKED: 410,
};

export function errorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof PlannerError) {
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.message, ...(err.rule ? { rule: err.rule } : {}) } },
    };
  }
  const snapshotStatus = err instanceof SnapshotError ? SNAPSHOT_STATUS[err.code] : undefined;
  if (err instanceof SnapshotError && snapshotStatus) {
    return { status: snapshotStatus, body: { error: { code: err.code, message: err.message } } };
  }
  if (err instanceof HTTPException && err.status < 500) {
    return { status: err.status, body: { error: { code: 'BAD_REQUEST', message: err.message || 'bad request' } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'the planner failed; see its log' } } };
}

/** `field.path: what is wrong; …` for a 400 answer. */
export function issuesMessage(error: ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`).join('; ');
}
