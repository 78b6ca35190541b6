// A write's input as Salesforce reads it, before any check against the org's other records: input
// keys matched to fields (unknown and read-only fields refused, values coerced), what the org fills
// in on create (defaults, the record type, audit fields), and the fields a write may not leave
// empty. Plain functions of the object's table and the writer.
import { type FieldDescribe, isRequiredOnCreate, MASTER_RECORD_TYPE_ID, toId18 } from '@restorelab/salesforce';
import { malformedId, noSuchColumn, readOnlyField, requiredFieldMissing, SalesforceApiError } from '../errors.ts';
import type { WriteContext } from './org.ts';
import type { ObjectTable } from './record-store.ts';
import { AUDIT_SETTABLE, SYSTEM_MANAGED } from './special-fields.ts';
import { coerceFieldValue } from './values.ts';

/**
 * Maps input keys to fields (case-insensitively), refusing unknown and read-only fields, and
 * coerces values. Returns values keyed by exact API names. `auditFieldsOnCreate` is the org's
 * "Set Audit Fields upon Record Creation".
 */
export function readInput(
  table: ObjectTable,
  input: Record<string, unknown>,
  op: 'insert' | 'update',
  ctx: WriteContext,
  auditFieldsOnCreate: boolean,
): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SalesforceApiError('JSON_PARSER_ERROR', 'Expected a JSON object for the record');
  }
  const values: Record<string, unknown> = {};
  const readOnly: string[] = [];
  for (const key of Object.keys(input)) {
    if (key === 'attributes') continue;
    const field = table.fieldByLower.get(key.toLowerCase());
    if (!field) throw noSuchColumn(key, table.name);
    if (field.name === 'Id') {
      if (op === 'insert' && input[key] !== null && input[key] !== undefined) {
        throw new SalesforceApiError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', {
          fields: ['Id'],
        });
      }
      continue; // an update names its target elsewhere
    }
    if (!ctx.system) {
      const auditOk = op === 'insert' && auditFieldsOnCreate && AUDIT_SETTABLE.has(field.name);
      const writable = op === 'insert' ? field.createable : field.updateable;
      if ((!writable && !auditOk) || SYSTEM_MANAGED.has(field.name) || field.calculated) {
        readOnly.push(field.name);
        continue;
      }
    }
    values[field.name] = coerceFieldValue(field, input[key]);
  }
  if (readOnly.length > 0) throw readOnlyField(readOnly);
  return values;
}

/** Defaults the org fills in on create, for the fields the input left out. */
export function fillDefaults(table: ObjectTable, values: Record<string, unknown>, ctx: WriteContext): void {
  for (const field of table.describe.fields) {
    if (Object.hasOwn(values, field.name)) continue;
    const dflt = defaultValue(field, ctx);
    if (dflt !== undefined) values[field.name] = dflt;
  }
}

function defaultValue(field: FieldDescribe, ctx: WriteContext): unknown {
  if (field.name === 'OwnerId' && field.createable) return ctx.userId;
  if (field.type === 'boolean') return field.defaultValue ?? false;
  if (field.type === 'picklist' && field.picklistValues) {
    const d = field.picklistValues.find((p) => p.defaultValue && p.active);
    if (d) return d.value;
  }
  if (field.defaultValue !== undefined && field.defaultValue !== null) return field.defaultValue;
  return undefined;
}

/** The record type a write ends up with; refuses unknown, inactive or unavailable ones. */
export function checkRecordType(table: ObjectTable, requested: unknown): string {
  const infos = table.describe.recordTypeInfos;
  if (requested === null || requested === undefined) {
    const dflt = infos.find((r) => r.defaultRecordTypeMapping && r.active) ?? infos.find((r) => r.master);
    return dflt?.recordTypeId ?? MASTER_RECORD_TYPE_ID;
  }
  const id18 = typeof requested === 'string' ? toId18(requested) : undefined;
  if (!id18) throw malformedId('Record Type ID', String(requested), 'RecordTypeId');
  const info = infos.find((r) => r.recordTypeId === id18);
  const usable = info && (info.master || (info.active && info.available));
  if (!usable) {
    throw new SalesforceApiError(
      'INVALID_CROSS_REFERENCE_KEY',
      `Record Type ID: this ID value isn't valid for the user: ${id18}`,
      { fields: ['RecordTypeId'] },
    );
  }
  return id18;
}

/** Refuses a create that leaves a required field empty (the org's own and audit fields aside). */
export function requireOnCreate(table: ObjectTable, values: Record<string, unknown>): void {
  const missing = table.describe.fields
    .filter((f) => isRequiredOnCreate(f) && !SYSTEM_MANAGED.has(f.name) && !AUDIT_SETTABLE.has(f.name))
    .filter((f) => values[f.name] === null || values[f.name] === undefined)
    .map((f) => f.name);
  if (missing.length > 0) throw requiredFieldMissing(missing);
}

/** Refuses an update that empties a field that may not be empty (a checkbox is never empty). */
export function requireOnUpdate(table: ObjectTable, values: Record<string, unknown>): void {
  const missing = Object.keys(values).filter((name) => {
    const f = table.fieldByLower.get(name.toLowerCase())!;
    return values[name] === null && !f.nillable && f.type !== 'boolean';
  });
  if (missing.length > 0) throw requiredFieldMissing(missing);
}

/** Created and last-modified audit fields of a new record: given ones (when allowed) or now and the writer. */
export function stampCreate(
  table: ObjectTable,
  fields: Record<string, unknown>,
  values: Record<string, unknown>,
  ctx: WriteContext,
  now: string,
): void {
  const has = (name: string) => table.fieldByLower.has(name.toLowerCase());
  if (has('CreatedDate')) fields.CreatedDate = values.CreatedDate ?? now;
  if (has('CreatedById')) fields.CreatedById = values.CreatedById ?? ctx.userId;
  if (has('LastModifiedDate')) fields.LastModifiedDate = values.LastModifiedDate ?? fields.CreatedDate ?? now;
  if (has('LastModifiedById')) fields.LastModifiedById = values.LastModifiedById ?? fields.CreatedById ?? ctx.userId;
  if (has('SystemModstamp')) fields.SystemModstamp = now;
}
