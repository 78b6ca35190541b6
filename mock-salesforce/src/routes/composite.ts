// sObject Collections (`/composite/sobjects`): create, update, upsert, delete and retrieve up to
// 200 records per call. Each record succeeds or fails on its own, reported with `statusCode`;
// with allOrNone one failure rolls the whole call back.
import { Hono } from 'hono';
import { z } from 'zod';
import { invalidType, SalesforceApiError } from '../errors.ts';
import type { Org } from '../org/org.ts';
import { upsertOne } from '../org/upsert.ts';
import { isPlainObject, type MockEnv, parseJson, readBodyText, recordJson, selectFields } from './context.ts';

const MAX_RECORDS = 200;

const CollectionBody = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(z.unknown()),
});
const RetrieveBody = z.object({ ids: z.array(z.unknown()), fields: z.array(z.string()) });

type SaveResult =
  | { id?: string; success: true; errors: []; created?: boolean }
  | { id?: string; success: false; errors: Array<{ statusCode: string; message: string; fields: string[] }> };

function tooMany(): SalesforceApiError {
  return new SalesforceApiError(
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
  );
}

function parseCollection(text: string): { allOrNone: boolean; records: unknown[] } {
  const parsed = CollectionBody.safeParse(parseJson(text));
  if (!parsed.success) {
    throw new SalesforceApiError(
      'JSON_PARSER_ERROR',
      'The request body must be {"allOrNone": boolean, "records": [...]}',
    );
  }
  if (parsed.data.records.length > MAX_RECORDS) throw tooMany();
  return { allOrNone: parsed.data.allOrNone ?? false, records: parsed.data.records };
}

function failure(error: unknown, id?: string): SaveResult {
  const e =
    error instanceof SalesforceApiError
      ? error
      : new SalesforceApiError('UNKNOWN_EXCEPTION', 'An unexpected error occurred', { cause: error });
  const result: SaveResult = { success: false, errors: [{ statusCode: e.code, message: e.message, fields: e.fields }] };
  return id ? { id, ...result } : result;
}

const rolledBack = (id?: string): SaveResult => {
  const result: SaveResult = {
    success: false,
    errors: [
      {
        statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
        message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
        fields: [],
      },
    ],
  };
  return id ? { id, ...result } : result;
};

class RollBack extends Error {}

/**
 * Runs one write per item, each atomically. With allOrNone, any failure undoes the successes and
 * turns them into ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */
function runBatch<T>(
  org: Org,
  items: readonly T[],
  allOrNone: boolean,
  write: (item: T) => SaveResult,
  idOf: (item: T) => string | undefined,
): SaveResult[] {
  const results: SaveResult[] = [];
  try {
    org.atomically(() => {
      for (const item of items) {
        try {
          results.push(org.atomically(() => write(item)));
        } catch (error) {
          results.push(failure(error, idOf(item)));
        }
      }
      if (allOrNone && results.some((r) => !r.success)) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    return results.map((r, i) => (r.success ? rolledBack(r.created ? undefined : idOf(items[i]!)) : r));
  }
  return results;
}

function typeOf(record: Record<string, unknown>): string {
  const attributes = record.attributes;
  const type = isPlainObject(attributes) ? attributes.type : undefined;
  if (typeof type !== 'string' || type === '') {
    throw new SalesforceApiError('INVALID_TYPE', 'sObject type is missing from the record attributes');
  }
  return type;
}

function idOfRecord(record: unknown): string | undefined {
  if (!isPlainObject(record)) return undefined;
  const id = record.id ?? record.Id;
  return typeof id === 'string' ? id : undefined;
}

function withoutId(record: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, Id: _Id, ...rest } = record;
  return rest;
}

function asRecord(item: unknown): Record<string, unknown> {
  if (!isPlainObject(item)) throw new SalesforceApiError('JSON_PARSER_ERROR', 'Each record must be a JSON object');
  return item;
}

export function compositeRoutes(options: { maxBodyBytes: number }): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  const limit = options.maxBodyBytes;

  app.post('/sobjects', async (c) => {
    const { allOrNone, records } = parseCollection(await readBodyText(c, limit));
    const { org } = c.get('mock');
    const ctx = { userId: c.get('session').userId };
    const results = runBatch(
      org,
      records,
      allOrNone,
      (item) => {
        const record = asRecord(item);
        const id = org.create(typeOf(record), record, ctx);
        return { id, success: true, errors: [] };
      },
      () => undefined,
    );
    return c.json(results);
  });

  app.patch('/sobjects', async (c) => {
    const { allOrNone, records } = parseCollection(await readBodyText(c, limit));
    const { org } = c.get('mock');
    const ctx = { userId: c.get('session').userId };
    const results = runBatch(
      org,
      records,
      allOrNone,
      (item) => {
        const record = asRecord(item);
        const id = idOfRecord(record);
        if (!id)
          throw new SalesforceApiError('MISSING_ARGUMENT', 'Id not specified in an update call', { fields: ['Id'] });
        return { id: org.update(typeOf(record), id, withoutId(record), ctx), success: true, errors: [] };
      },
      idOfRecord,
    );
    return c.json(results);
  });

  app.delete('/sobjects', (c) => {
    const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > MAX_RECORDS) throw tooMany();
    const allOrNone = c.req.query('allOrNone') === 'true';
    const { org } = c.get('mock');
    const ctx = { userId: c.get('session').userId };
    const results = runBatch(
      org,
      ids,
      allOrNone,
      (id) => {
        const record = org.get(org.parseId(id));
        if (!record) throw new SalesforceApiError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
        return { id: org.delete(undefined, id, ctx), success: true, errors: [] };
      },
      (id) => id,
    );
    return c.json(results);
  });

  const retrieve = (org: Org, type: string, ids: unknown[], fields: string, version: string) => {
    const table = org.table(type);
    if (!table) throw invalidType(type);
    if (ids.length > 2000) throw tooMany();
    const chosen = selectFields(table, fields);
    return ids.map((id) => {
      const id18 = org.parseId(id);
      const record = table.records.get(id18);
      return record && record.fields.IsDeleted !== true ? recordJson(table, record, version, chosen) : null;
    });
  };

  app.get('/sobjects/:type', (c) => {
    const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
    const fields = c.req.query('fields');
    if (!fields) throw new SalesforceApiError('MISSING_ARGUMENT', 'fields must be specified');
    return c.json(retrieve(c.get('mock').org, c.req.param('type'), ids, fields, c.get('version')));
  });

  app.post('/sobjects/:type', async (c) => {
    const parsed = RetrieveBody.safeParse(parseJson(await readBodyText(c, limit)));
    if (!parsed.success)
      throw new SalesforceApiError('JSON_PARSER_ERROR', 'The request body must be {"ids": [...], "fields": [...]}');
    const { ids, fields } = parsed.data;
    return c.json(retrieve(c.get('mock').org, c.req.param('type'), ids, fields.join(','), c.get('version')));
  });

  app.patch('/sobjects/:type/:field', async (c) => {
    const { allOrNone, records } = parseCollection(await readBodyText(c, limit));
    const { org } = c.get('mock');
    const table = org.table(c.req.param('type'));
    if (!table) throw invalidType(c.req.param('type'));
    const field = table.fieldByLower.get(c.req.param('field').toLowerCase());
    if (!field || (!field.externalId && field.name !== 'Id')) {
      throw new SalesforceApiError(
        'INVALID_FIELD',
        `Provided external ID field does not exist or is not accessible: ${c.req.param('field')}`,
      );
    }
    const userId = c.get('session').userId;
    const results = runBatch(
      org,
      records,
      allOrNone,
      (item) => {
        const record = asRecord(item);
        const key = Object.keys(record).find((k) => k.toLowerCase() === field.name.toLowerCase());
        const outcome = upsertOne(org, table, field.name, key ? record[key] : undefined, record, userId);
        if ('multiple' in outcome) {
          throw new SalesforceApiError(
            'DUPLICATE_EXTERNAL_ID',
            `${field.name}: more than one record found for external id`,
          );
        }
        return { id: outcome.id, success: true, errors: [], created: outcome.created };
      },
      () => undefined,
    );
    return c.json(results);
  });

  return app;
}
