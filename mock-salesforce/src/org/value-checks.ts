// Checks of a write's values against the org: restricted picklists (the values the record type
// allows), references (to a live record of an object the field may point at), and unique fields
// (no other live record holding the value). A system write skips the picklist and uniqueness
// checks; references are always checked, and come back as 18-character ids.
import { type FieldDescribe, MASTER_RECORD_TYPE_ID, toId18 } from '@restorelab/salesforce';
import { malformedId, SalesforceApiError } from '../errors.ts';
import type { WriteContext } from './org.ts';
import type { ObjectTable, RecordStore } from './record-store.ts';
import { ANY_TARGET } from './special-fields.ts';

export class ValueChecks {
  readonly #store: RecordStore;
  /** Allowed picklist values by object, field and record type, kept once worked out. */
  readonly #allowedPicklistValues = new Map<string, ReadonlySet<string>>();

  constructor(store: RecordStore) {
    this.#store = store;
  }

  /** Picklist, reference and uniqueness rules for the named fields of `values`. */
  checkValues(
    table: ObjectTable,
    values: Record<string, unknown>,
    names: string[],
    recordTypeId: string | undefined,
    ctx: WriteContext,
    selfId?: string,
  ): void {
    for (const name of names) {
      const field = table.fieldByLower.get(name.toLowerCase());
      const value = values[name];
      if (!field || value === null || value === undefined) continue;
      if (field.type === 'picklist' || field.type === 'multipicklist') {
        if (field.restrictedPicklist && !ctx.system) this.#checkPicklist(table, field, value as string, recordTypeId);
      } else if (field.type === 'reference' && field.name !== 'RecordTypeId') {
        values[name] = this.#checkReference(table, field, value);
      }
      if (field.unique && !ctx.system) this.#checkUnique(table, field, value, selfId);
    }
  }

  #checkPicklist(table: ObjectTable, field: FieldDescribe, value: string, recordTypeId: string | undefined): void {
    const allowed = this.allowedPicklistValues(table, field, recordTypeId ?? MASTER_RECORD_TYPE_ID);
    const parts = field.type === 'multipicklist' ? value.split(';') : [value];
    for (const part of parts) {
      if (!allowed.has(part)) {
        throw new SalesforceApiError(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${field.label}: bad value for restricted picklist field: ${part}`,
          { fields: [field.name] },
        );
      }
    }
  }

  /**
   * The values a record type allows for a picklist: the record type's own list when the schema
   * gives one (the master's included), otherwise every active value.
   */
  allowedPicklistValues(table: ObjectTable, field: FieldDescribe, recordTypeId: string): ReadonlySet<string> {
    const key = `${table.name}|${field.name}|${recordTypeId}`;
    let set = this.#allowedPicklistValues.get(key);
    if (!set) {
      const rt = table.describe.recordTypeInfos.find((r) => r.recordTypeId === recordTypeId);
      const own = rt?.picklistValues?.[field.name];
      set = new Set(own ?? (field.picklistValues ?? []).filter((p) => p.active).map((p) => p.value));
      this.#allowedPicklistValues.set(key, set);
    }
    return set;
  }

  #checkReference(table: ObjectTable, field: FieldDescribe, value: unknown): string {
    const id18 = typeof value === 'string' ? toId18(value) : undefined;
    if (!id18) throw malformedId(field.label, String(value), field.name);
    const target = this.#store.tableOfId(id18);
    const polymorphic = ANY_TARGET.has(`${table.name}.${field.name}`.toLowerCase());
    const allowedType =
      target && (polymorphic || (field.referenceTo ?? []).some((n) => n.toLowerCase() === target.name.toLowerCase()));
    if (!allowedType) {
      if (polymorphic || !target) {
        // An unknown key prefix names nothing in this org.
        if (polymorphic) throw crossReference(field);
      }
      throw new SalesforceApiError('FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${id18}`, {
        fields: [field.name],
      });
    }
    const record = target.records.get(id18);
    if (!record) throw crossReference(field);
    if (record.fields.IsDeleted === true) {
      throw new SalesforceApiError('ENTITY_IS_DELETED', 'entity is deleted', { fields: [field.name] });
    }
    return id18;
  }

  #checkUnique(table: ObjectTable, field: FieldDescribe, value: unknown, selfId: string | undefined): void {
    for (const record of this.#store.holders(table, field, value)) {
      if (record.fields.Id === selfId) continue;
      throw new SalesforceApiError(
        'DUPLICATE_VALUE',
        `duplicate value found: ${field.name} duplicates value on record with id: ${record.fields.Id}`,
        { fields: [field.name] },
      );
    }
  }
}

function crossReference(field: FieldDescribe): SalesforceApiError {
  return new SalesforceApiError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', { fields: [field.name] });
}
