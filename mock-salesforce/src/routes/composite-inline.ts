// The common Composite and Composite Graph subrequests (create, retrieve, update or delete one
// record) answered in process, straight against the org model. Sending each one through the whole
// app again costs a Request, routing, middleware and a JSON round trip per node: most of a 500-node
// graph's time. The answers are those the REST routes give (record-ops.ts holds the operations
// both run); anything else, or anything unusual (headers, query strings, odd characters), returns
// undefined and takes the generic path through the app.
import { toErrorBody } from '../errors.ts';
import type { MockOrg } from '../org/registry.ts';
import { tooLarge } from './context.ts';
import {
  createRecord,
  deleteRecord,
  jsonRecordInput,
  recordInput,
  retrieveRecord,
  tableOrNotFound,
  updateRecord,
} from './record-ops.ts';

export interface InlineContext {
  mock: MockOrg;
  userId: string;
  maxBodyBytes: number;
  /** Size of the request holding the subrequests, which was held to `maxBodyBytes` as a whole. */
  requestBytes: number;
}

/**
 * A subrequest body with its references filled: its JSON text, or (cheaper, when nothing was read
 * differently in the text) the value parsing that text would give.
 */
export type SubBody = { readonly text: string } | { readonly value: unknown } | undefined;

export function textOf(body: NonNullable<SubBody>): string {
  return 'text' in body ? body.text : JSON.stringify(body.value);
}

export interface InlineAnswer {
  status: number;
  body: unknown;
}

/** `/services/data/vXX.X/sobjects/{type}[/{id}]` with nothing the router would read differently. */
const RECORD_URL = /^\/services\/data\/(v\d{2}\.\d)\/sobjects\/([A-Za-z0-9_]+)(?:\/([A-Za-z0-9_]+))?$/;
/** GETs of these are object resources (describe, replication), not records. */
const OBJECT_RESOURCES = new Set(['describe', 'updated', 'deleted']);

type Operation = (
  context: InlineContext,
  version: string,
  type: string,
  id: string,
  body: NonNullable<SubBody>,
) => InlineAnswer;

function readInput(context: InlineContext, type: string, body: NonNullable<SubBody>) {
  const table = tableOrNotFound(context.mock, type);
  // A value is part of the request, already held to the limit (the caller measures any growth).
  if (!('text' in body)) return { table, input: recordInput(table, body.value) };
  const text = body.text;
  if (text.length * 3 > context.maxBodyBytes && Buffer.byteLength(text) > context.maxBodyBytes) {
    throw tooLarge(context.maxBodyBytes);
  }
  return { table, input: jsonRecordInput(table, text) };
}

const create: Operation = (context, _version, type, _id, body) => {
  const { table, input } = readInput(context, type, body);
  return { status: 201, body: createRecord(context.mock, table, input, context.userId) };
};

const update: Operation = (context, _version, type, id, body) => {
  const { table, input } = readInput(context, type, body);
  updateRecord(context.mock, table, id, input, context.userId);
  return { status: 204, body: null };
};

const remove: Operation = (context, _version, type, id) => {
  deleteRecord(context.mock, tableOrNotFound(context.mock, type), id, context.userId);
  return { status: 204, body: null };
};

const retrieve: Operation = (context, version, type, id) => {
  const record = retrieveRecord(context.mock, tableOrNotFound(context.mock, type), id, version, undefined);
  // Through the app the answer is read back from JSON; a reference into it must see the same values.
  return { status: 200, body: JSON.parse(JSON.stringify(record)) };
};

/** The operation for a method and URL shape, when this path takes it. */
function operationFor(method: string, id: string | undefined, hasBody: boolean): Operation | undefined {
  if (method === 'POST') return id === undefined && hasBody ? create : undefined;
  if (id === undefined) return undefined;
  if (method === 'PATCH') return hasBody ? update : undefined;
  if (method === 'DELETE') return remove;
  // A GET with a body is refused by Request itself on the generic path; leave it to do so.
  if (method === 'GET') return hasBody || OBJECT_RESOURCES.has(id) ? undefined : retrieve;
  return undefined;
}

/**
 * Answers a subrequest (references already filled) in process, or returns undefined for the
 * generic path. Errors become the status and body the app's error handler would give.
 */
export function answerInline(
  method: string,
  url: string,
  body: SubBody,
  context: InlineContext,
): InlineAnswer | undefined {
  const match = RECORD_URL.exec(url);
  if (!match) return undefined;
  const [, version, type, id] = match;
  const operation = operationFor(method, id, body !== undefined);
  if (!operation) return undefined;
  try {
    return operation(context, version!, type!, id ?? '', body ?? { text: '' });
  } catch (error) {
    const answer = toErrorBody(error);
    return { status: answer.status, body: JSON.parse(JSON.stringify(answer.body)) };
  }
}
