// The single-record operations of `/sobjects/{type}[/{id}]` (create, retrieve, update, delete) as
// plain functions over the org, so the REST routes and Composite's in-process subrequests run the
// same checks in the same order and raise the same errors.
import { notFound, SalesforceApiError } from '../errors.ts';
import type { ObjectTable, StoredRecord } from '../org/org.ts';
import type { MockOrg } from '../org/registry.ts';
import { isPlainObject, parseJson, recordJson, selectFields } from './context.ts';

export function tableOrNotFound(mock: MockOrg, type: string): ObjectTable {
  const table = mock.org.table(type);
  if (!table) throw notFound();
  return table;
}

/** A JSON record body; anything but an object is refused the way Salesforce words it. */
export function jsonRecordInput(table: ObjectTable, text: string): Record<string, unknown> {
  return recordInput(table, parseJson(text));
}

/** A record body already parsed from JSON, refused as `jsonRecordInput` refuses it. */
export function recordInput(table: ObjectTable, parsed: unknown): Record<string, unknown> {
  if (!isPlainObject(parsed)) {
    throw new SalesforceApiError(
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${table.name} from ${Array.isArray(parsed) ? 'START_ARRAY' : 'VALUE'} value`,
    );
  }
  return parsed;
}

export function createRecord(mock: MockOrg, table: ObjectTable, input: Record<string, unknown>, userId: string) {
  const id = mock.org.create(table.name, input, { userId });
  return { id, success: true as const, errors: [] as [] };
}

export function retrieveRecord(
  mock: MockOrg,
  table: ObjectTable,
  id: string,
  version: string,
  fields: string | undefined,
): Record<string, unknown> {
  const record: StoredRecord = mock.org.retrieve(table.name, id);
  return recordJson(table, record, version, selectFields(table, fields));
}

export function updateRecord(
  mock: MockOrg,
  table: ObjectTable,
  id: string,
  input: Record<string, unknown>,
  userId: string,
): void {
  mock.org.update(table.name, id, input, { userId });
}

export function deleteRecord(mock: MockOrg, table: ObjectTable, id: string, userId: string): void {
  const org = mock.org;
  const id18 = org.parseId(id, `${table.describe.label} ID`);
  const record = org.get(id18);
  if (!record || record.type !== table.name) throw notFound();
  if (record.fields.IsDeleted === true)
    throw new SalesforceApiError('ENTITY_IS_DELETED', 'entity is deleted', { status: 404 });
  org.delete(table.name, id18, { userId });
}
