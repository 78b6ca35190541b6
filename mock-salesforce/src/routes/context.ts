// What every REST route shares: the Hono env (the caller's org and session), reading a JSON body
// the way Salesforce does (bad JSON and oversized bodies become Salesforce errors), and turning a
// stored record into its REST JSON.
import type { FieldDescribe } from '@restorelab/salesforce';
import type { Context } from 'hono';
import { jsonParserError, SalesforceApiError } from '../errors.ts';
import type { ObjectTable, StoredRecord } from '../org/org.ts';
import type { MockOrg, Session } from '../org/registry.ts';

export interface MockEnv {
  Variables: {
    mock: MockOrg;
    session: Session;
    /** The path's API version with its `v`, like `v50.0`. */
    version: string;
  };
}

/**
 * Requests the mock makes to itself for the subrequests of Composite and Composite Graph: the
 * request holding them is the call counted on the API allocation, so these are not counted again.
 */
export const SUBREQUESTS = new WeakSet<Request>();

/** Default request body limit: Salesforce caps REST bodies around 50 MB. */
export const DEFAULT_MAX_BODY_BYTES = 52_428_800;

export function tooLarge(limit: number): SalesforceApiError {
  return new SalesforceApiError(
    'REQUEST_ENTITY_TOO_LARGE',
    `The request body exceeds the maximum size of ${limit} bytes`,
    { status: 413 },
  );
}

/** The request body as text, refusing bodies over `limit` bytes. */
export async function readBodyText(c: Context, limit: number): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > limit) throw tooLarge(limit);
  const text = await c.req.text();
  if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
  return text;
}

/** Parses a JSON body; malformed JSON becomes JSON_PARSER_ERROR, as on a real org. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') throw jsonParserError('No content to map due to end-of-input at [line:1, column:0]');
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw jsonParserError(`Unexpected character in JSON input: ${detail.slice(0, 200)}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function recordUrl(version: string, type: string, id: string): string {
  return `/services/data/${version}/sobjects/${type}/${id}`;
}

/** A record as REST returns it: attributes first, then the fields in describe order. */
export function recordJson(
  table: ObjectTable,
  record: StoredRecord,
  version: string,
  fields: readonly FieldDescribe[] = table.describe.fields,
): Record<string, unknown> {
  const id = record.fields.Id as string;
  const out: Record<string, unknown> = { attributes: { type: table.name, url: recordUrl(version, table.name, id) } };
  for (const field of fields) {
    const value = record.fields[field.name];
    if (field.type === 'base64') out[field.name] = value ? `${recordUrl(version, table.name, id)}/${field.name}` : null;
    else out[field.name] = value ?? null;
  }
  return out;
}

/** Resolves a `?fields=A,B` list against an object, refusing unknown names with INVALID_FIELD. */
export function selectFields(table: ObjectTable, list: string | undefined): FieldDescribe[] {
  if (!list) return table.describe.fields;
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => {
      const field = table.fieldByLower.get(name.toLowerCase());
      if (!field) {
        throw new SalesforceApiError(
          'INVALID_FIELD',
          `No such column '${name}' on entity '${table.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      return field;
    });
}
