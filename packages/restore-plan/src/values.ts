// R03, R10, R11: which backed-up values a write carries. Values come from the snapshot as they are;
// the org's own fields (audit, formula, Id) and standard status picklists are never written; a
// re-created record takes the master record type and loses picklist values the master does not allow.
import { MASTER_RECORD_TYPE_ID } from '@restorelab/salesforce';
import type { FieldSpec, ObjectSpec } from './schema-index.ts';
import { append, NONE } from './shared.ts';
import type { OmittedValue } from './types.ts';

export interface ValueChoice {
  fields: Record<string, unknown>;
  omitted: OmittedValue[];
}

/**
 * The non-reference values of one record for a create or an update.
 * `masterAllowed` is the master record type's picklist subset for this object (R11), if any.
 */
export function chooseValues(
  spec: ObjectSpec,
  values: Record<string, unknown>,
  operation: 'create' | 'update',
  masterAllowed: Readonly<Record<string, readonly string[]>> | undefined,
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
    if (operation === 'create' && field.picklist && typeof value === 'string') {
      const allowed = masterValues(spec.name, field, masterAllowed, allowedCache);
      if (allowed) {
        const kept = keepAllowed(field, value, allowed);
        if (kept !== value) {
          omitted = append(omitted, {
            field: field.name,
            value: field.picklist === 'multi' ? dropped(value, allowed) : value,
            rule: 'R11',
            reason: 'not allowed by the master record type the re-created record comes back under',
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

function masterValues(
  objectType: string,
  field: FieldSpec,
  masterAllowed: Readonly<Record<string, readonly string[]>> | undefined,
  cache: Map<string, ReadonlySet<string>>,
): ReadonlySet<string> | undefined {
  const list = masterAllowed?.[field.name];
  if (!list) return undefined;
  const key = `${objectType}.${field.name}`;
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
