// Upsert by an external id field (or Id), as every API that offers it decides: nothing matches →
// create, one match → update it, several → report them all and write nothing.
import { SalesforceApiError } from '../errors.ts';
import type { ObjectTable, Org } from './org.ts';

/** Upsert one record by an external id field (or Id): create when nothing matches, update one match. */
export function upsertOne(
  org: Org,
  table: ObjectTable,
  fieldName: string,
  value: unknown,
  input: Record<string, unknown>,
  userId: string,
): { id: string; created: boolean } | { multiple: string[] } {
  const ctx = { userId };
  const rest = { ...input };
  for (const key of Object.keys(rest)) if (key.toLowerCase() === fieldName.toLowerCase()) delete rest[key];
  if (fieldName === 'Id') {
    if (value === undefined || value === null || value === '') {
      return { id: org.create(table.name, rest, ctx), created: true };
    }
    return { id: org.update(table.name, value, rest, ctx), created: false };
  }
  if (value === undefined || value === null || value === '') {
    throw new SalesforceApiError('MISSING_ARGUMENT', `${fieldName} not specified`, { fields: [fieldName] });
  }
  const matches = org.findBy(table.name, fieldName, value);
  if (matches.length > 1) return { multiple: matches.map((r) => r.fields.Id as string) };
  if (matches.length === 1) return { id: org.update(table.name, matches[0]!.fields.Id, rest, ctx), created: false };
  return { id: org.create(table.name, { ...rest, [fieldName]: value }, ctx), created: true };
}
