// R03, R10, R11: which backed-up values a write carries. Values come from the snapshot as they are;
// the org's own fields (audit, formula, Id) and standard status picklists are never written; a
// re-created record takes the master record type; every write loses the picklist values that the
// record type the written record has (the master on create, the live one on overwrite) does not allow.
import { MASTER_RECORD_TYPE_ID } from '@restorelab/salesforce';
import type { FieldSpec, ObjectSpec } from './schema-index.ts';
import { append, NONE } from './shared.ts';
import type { OmittedValue } from './types.ts';

export interface ValueChoice {
  fields: Record<string, unknown>;
  omitted: OmittedValue[];
}

/** R11: the record type the written record will have, and the picklist values it allows per field. */
export interface WrittenRecordType {
  /** 18-character id (the master's for a create). */
  id: string;
  /** Per picklist field, the values the record type allows; a field left out allows every value. */
  allowed: Readonly<Record<string, readonly string[]>>;
}

/**
 * The non-reference values of one record for a create or an update, filtered for `recordType`: the
 * record type the written record will have (R11), if the object has record types and the org names
 * the values they allow.
 */
export function chooseValues(
  spec: ObjectSpec,
  values: Record<string, unknown>,
  operation: 'create' | 'update',
  recordType: WrittenRecordType | undefined,
  allowedCache: Map<string, ReadonlySet<string>>,
): ValueChoice {
  const fields: Record<string, unknown> = {};
  let omitted: OmittedValue[] = NONE;
  for (const field of spec.values) {
    if (operation === 'create' ? !field.createable : !field.updateable) continue;
    const value = values[field.name];
    if (value === undefined) continue;
    if (field.standardStatus) {
      // A re-created record still needs a value where the org insists on one (StageName has no default):
      // it gets the value the org itself would offer first, never the backed-up one.
      if (operation === 'create' && field.statusOnCreate !== undefined) fields[field.name] = field.statusOnCreate;
      if (value !== null && value !== fields[field.name]) {
        omitted = append(omitted, {
          field: field.name,
          value,
          rule: 'R10',
          reason: 'standard status picklist: the org sets it; the backed-up value stays readable in the preview',
        });
      }
      continue;
    }
    if (value === null) {
      if (field.nillable) fields[field.name] = null;
      continue;
    }
    if (field.picklist && typeof value === 'string') {
      const allowed = allowedValues(spec.name, field, recordType, allowedCache);
      if (allowed) {
        const kept = keepAllowed(field, value, allowed);
        if (kept !== value) {
          omitted = append(omitted, {
            field: field.name,
            value: field.picklist === 'multi' ? dropped(value, allowed) : value,
            rule: 'R11',
            reason:
              operation === 'create'
                ? 'not allowed by the master record type the re-created record comes back under'
                : 'not allowed by the record type the record has in the org',
          });
        }
        if (kept !== undefined) fields[field.name] = kept;
        continue;
      }
    }
    fields[field.name] = value;
  }
  if (operation === 'create' && spec.recordTypeField) {
    // Leaving RecordTypeId out would give the running user's default record type, which may be a
    // custom one; R11 wants the master.
    fields.RecordTypeId = MASTER_RECORD_TYPE_ID;
    const backedUp = values.RecordTypeId;
    if (typeof backedUp === 'string' && backedUp.slice(0, 15) !== MASTER_RECORD_TYPE_ID.slice(0, 15)) {
      omitted = append(omitted, {
        field: 'RecordTypeId',
        value: backedUp,
        rule: 'R11',
        reason: 're-created records come back under the master record type',
      });
    }
  }
  return { fields, omitted };
}

function allowedValues(
  objectType: string,
  field: FieldSpec,
  recordType: WrittenRecordType | undefined,
  cache: Map<string, ReadonlySet<string>>,
): ReadonlySet<string> | undefined {
  const list = recordType?.allowed[field.name];
  if (!list) return undefined;
  const key = `${objectType}.${recordType.id}.${field.name}`;
  let set = cache.get(key);
  if (!set) {
    set = new Set(list);
    cache.set(key, set);
  }
  return set;
}

// A multi-select keeps the values the master allows; a single value is all or nothing.
function keepAllowed(field: FieldSpec, value: string, allowed: ReadonlySet<string>): string | undefined {
  if (field.picklist === 'single') return allowed.has(value) ? value : undefined;
  const parts = value.split(';');
  const kept = parts.filter((p) => allowed.has(p));
  if (kept.length === parts.length) return value;
  return kept.length > 0 ? kept.join(';') : undefined;
}

function dropped(value: string, allowed: ReadonlySet<string>): string {
  return value
    .split(';')
    .filter((p) => !allowed.has(p))
    .join(';');
}
