// `/services/data/vXX.X/sobjects/...`: describe, record CRUD, upsert by external id, blobs and
// the replication calls (updated/deleted).
import { type Context, Hono } from 'hono';
import { notFound, SalesforceApiError } from '../errors.ts';
import type { ObjectTable } from '../org/org.ts';
import { upsertOne } from '../org/upsert.ts';
import { parseDateTime } from '../org/values.ts';
import {
  isPlainObject,
  type MockEnv,
  parseJson,
  readBodyText,
  recordJson,
  recordUrl,
  selectFields,
} from './context.ts';
import { basicInfo, fullDescribe } from './describe.ts';
import {
  createRecord,
  deleteRecord,
  jsonRecordInput,
  retrieveRecord,
  tableOrNotFound as tableOf,
  updateRecord,
} from './record-ops.ts';

function tableOrNotFound(c: { get(k: 'mock'): MockEnv['Variables']['mock'] }, type: string): ObjectTable {
  return tableOf(c.get('mock'), type);
}

const BLOB_MEDIA_TYPES: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', txt: 'text/plain' };

/**
 * The record input of a create: a JSON body, or multipart with a JSON part (named after the
 * object, or `entity_content` / `entity_document` / `entity_attachment`) and a binary part named
 * after the blob field.
 */
async function readRecordInput(
  c: Context<MockEnv>,
  table: ObjectTable,
  limit: number,
): Promise<Record<string, unknown>> {
  const contentType = c.req.header('content-type') ?? '';
  if (contentType.toLowerCase().startsWith('multipart/form-data')) {
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > limit) {
      throw new SalesforceApiError('REQUEST_ENTITY_TOO_LARGE', `The request body exceeds ${limit} bytes`, {
        status: 413,
      });
    }
    let form: FormData;
    try {
      form = await c.req.raw.formData();
    } catch {
      throw new SalesforceApiError('INVALID_MULTIPART_REQUEST', 'Unable to parse the multipart request body');
    }
    let input: Record<string, unknown> | undefined;
    const blobs: Record<string, Buffer> = {};
    for (const [name, part] of form.entries()) {
      const field = table.fieldByLower.get(name.toLowerCase());
      if (field?.type === 'base64') {
        blobs[field.name] =
          typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(await part.arrayBuffer());
      } else {
        const text = typeof part === 'string' ? part : await part.text();
        const parsed = parseJson(text);
        if (!isPlainObject(parsed)) throw new SalesforceApiError('JSON_PARSER_ERROR', 'Expected a JSON object');
        input = parsed;
      }
    }
    if (!input) throw new SalesforceApiError('INVALID_MULTIPART_REQUEST', 'The multipart request has no JSON part');
    return { ...input, ...blobs };
  }
  return jsonRecordInput(table, await readBodyText(c, limit));
}

const MINUTE = 60_000;

/**
 * The window of `/updated` and `/deleted`: both ends are cut to the minute (the replication calls
 * ignore seconds), and start must come before end.
 */
function dateRange(start: string | undefined, end: string | undefined): { start: number; end: number } {
  const s = start ? parseDateTime(start) : Number.NaN;
  const e = end ? parseDateTime(end) : Number.NaN;
  if (!Number.isFinite(s) || !Number.isFinite(e) || e <= s) {
    throw new SalesforceApiError(
      'INVALID_REPLICATION_DATE',
      'start and end must be valid date-times, start before end',
    );
  }
  return { start: Math.floor(s / MINUTE) * MINUTE, end: Math.floor(e / MINUTE) * MINUTE };
}

/**
 * Describe Global and sObject Describe honour `If-Modified-Since`: 304 with no body when the org's
 * metadata has not changed since then. HTTP dates carry whole seconds, so the change time is cut
 * to its second too; a header that does not parse, or names a time after the org's now, is ignored.
 */
function notModifiedSince(c: Context<MockEnv>): boolean {
  const header = c.req.header('if-modified-since');
  if (!header) return false;
  const since = Date.parse(header);
  const { org } = c.get('mock');
  if (Number.isNaN(since) || since > org.clock.now()) return false;
  return Math.floor(org.schemaChangedAt / 1000) * 1000 <= since;
}

export function sobjectRoutes(options: { maxBodyBytes: number }): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  const limit = options.maxBodyBytes;

  app.get('/', (c) => {
    if (notModifiedSince(c)) return c.body(null, 304);
    const version = c.get('version');
    const sobjects = [...c.get('mock').org.tables()].map((t) => basicInfo(t.describe, version));
    return c.json({ encoding: 'UTF-8', maxBatchSize: 200, sobjects });
  });

  app.get('/:type', (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    return c.json({ objectDescribe: basicInfo(table.describe, c.get('version')), recentItems: [] });
  });

  app.get('/:type/describe', (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    if (notModifiedSince(c)) return c.body(null, 304);
    return c.json(fullDescribe(table.describe, c.get('version')));
  });

  app.get('/:type/updated', (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    const { start, end } = dateRange(c.req.query('start'), c.req.query('end'));
    const ids: string[] = [];
    for (const record of table.records.values()) {
      if (record.fields.IsDeleted === true) continue;
      const at = parseDateTime(String(record.fields.SystemModstamp ?? ''));
      if (at >= start && at < end) ids.push(record.fields.Id as string);
    }
    return c.json({ ids, latestDateCovered: new Date(end).toISOString().replace('Z', '+0000') });
  });

  app.get('/:type/deleted', (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    const { start, end } = dateRange(c.req.query('start'), c.req.query('end'));
    const org = c.get('mock').org;
    const deletedRecords: Array<{ id: string; deletedDate: string }> = [];
    let earliest = end;
    for (const record of table.records.values()) {
      if (record.fields.IsDeleted !== true) continue;
      const at = org.deletedAt(record.fields.Id as string);
      if (at === undefined) continue;
      earliest = Math.min(earliest, at);
      if (at >= start && at < end) {
        deletedRecords.push({
          id: record.fields.Id as string,
          deletedDate: new Date(at).toISOString().replace('Z', '+0000'),
        });
      }
    }
    const fmt = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
    return c.json({ deletedRecords, earliestDateAvailable: fmt(earliest), latestDateCovered: fmt(end) });
  });

  app.post('/:type', async (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    const input = await readRecordInput(c, table, limit);
    return c.json(createRecord(c.get('mock'), table, input, c.get('session').userId), 201);
  });

  app.get('/:type/:id', (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    return c.json(retrieveRecord(c.get('mock'), table, c.req.param('id'), c.get('version'), c.req.query('fields')));
  });

  app.patch('/:type/:id', async (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    const input = await readRecordInput(c, table, limit);
    updateRecord(c.get('mock'), table, c.req.param('id'), input, c.get('session').userId);
    return c.body(null, 204);
  });

  app.delete('/:type/:id', (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    deleteRecord(c.get('mock'), table, c.req.param('id'), c.get('session').userId);
    return c.body(null, 204);
  });

  // GET /sobjects/T/{externalIdField}/{value} or GET /sobjects/T/{id}/{blobField}.
  app.get('/:type/:second/:third', (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    const org = c.get('mock').org;
    const second = c.req.param('second');
    const third = c.req.param('third');
    const extField = table.fieldByLower.get(second.toLowerCase());
    if (extField) {
      if (!extField.externalId && extField.name !== 'Id') {
        throw new SalesforceApiError(
          'NOT_FOUND',
          `Provided external ID field does not exist or is not accessible: ${extField.name}`,
          { status: 404 },
        );
      }
      const found =
        extField.name === 'Id' ? [org.retrieve(table.name, third)] : org.findBy(table.name, extField.name, third);
      if (found.length === 0) throw notFound();
      if (found.length > 1) {
        return c.json(
          found.map((r) => recordUrl(c.get('version'), table.name, r.fields.Id as string)),
          300,
        );
      }
      return c.json(recordJson(table, found[0]!, c.get('version'), selectFields(table, c.req.query('fields'))));
    }
    const record = org.retrieve(table.name, second);
    const blobField = table.fieldByLower.get(third.toLowerCase());
    if (blobField?.type !== 'base64') throw notFound();
    const data = record.fields[blobField.name];
    if (!Buffer.isBuffer(data)) throw notFound();
    const ext = String(record.fields.FileExtension ?? '').toLowerCase();
    const mediaType =
      (record.fields.ContentType as string | undefined) ?? BLOB_MEDIA_TYPES[ext] ?? 'application/octet-stream';
    return c.body(new Uint8Array(data), 200, { 'Content-Type': mediaType });
  });

  // Upsert: PATCH /sobjects/T/{externalIdField}/{value}.
  app.patch('/:type/:field/:value', async (c) => {
    const table = tableOrNotFound(c, c.req.param('type'));
    const org = c.get('mock').org;
    const field = table.fieldByLower.get(c.req.param('field').toLowerCase());
    if (!field || (!field.externalId && field.name !== 'Id')) {
      throw new SalesforceApiError(
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${c.req.param('field')}`,
        { status: 404 },
      );
    }
    const input = await readRecordInput(c, table, limit);
    const result = upsertOne(org, table, field.name, c.req.param('value'), input, c.get('session').userId);
    if ('multiple' in result) {
      return c.json(
        result.multiple.map((id) => recordUrl(c.get('version'), table.name, id)),
        300,
      );
    }
    return c.json({ id: result.id, success: true, errors: [], created: result.created }, result.created ? 201 : 200);
  });

  return app;
}
