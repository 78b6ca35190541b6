// Small constructors for describe-shaped fields, so the standard objects read like a table and
// the SFDX loader produces exactly the same shapes. Defaults are those of an ordinary custom
// field: nillable, createable, updateable, not defaulted.

import type { FieldDescribe, FieldType, PicklistValue } from '@restorelab/salesforce';

export type FieldOptions = Partial<Omit<FieldDescribe, 'name' | 'type'>>;

export function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDescribe {
  return {
    name,
    label: options.label ?? labelOf(name),
    type,
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    ...options,
  };
}

/** Fields the org computes: visible to queries, never written through the API. */
export function readOnly(name: string, type: FieldType, options: FieldOptions = {}): FieldDescribe {
  return field(name, type, { createable: false, updateable: false, ...options });
}

/** Required text: createable, not nillable, not defaulted. */
export function requiredText(name: string, length: number, options: FieldOptions = {}): FieldDescribe {
  return field(name, 'string', { length, nillable: false, ...options });
}

export function text(name: string, length = 255, options: FieldOptions = {}): FieldDescribe {
  return field(name, 'string', { length, ...options });
}

export function checkbox(name: string, defaultValue = false, options: FieldOptions = {}): FieldDescribe {
  // Salesforce reports checkboxes as never nillable and always defaulted.
  return field(name, 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue, ...options });
}

export function reference(
  name: string,
  referenceTo: string[],
  relationshipName: string | null,
  options: FieldOptions = {},
): FieldDescribe {
  return field(name, 'reference', {
    length: 18,
    referenceTo,
    relationshipName,
    cascadeDelete: false,
    restrictedDelete: false,
    ...(referenceTo.length > 1 ? { polymorphicForeignKey: true } : {}),
    ...options,
  });
}

/**
 * A picklist from its values in order. `defaultValue` marks one value as the default, which also
 * makes the field defaulted on create (the org fills it in when the API leaves it out).
 */
export function picklist(
  name: string,
  values: readonly string[],
  options: FieldOptions & { defaultValue?: string } = {},
): FieldDescribe {
  const defaultValue = options.defaultValue;
  return field(name, 'picklist', {
    length: 255,
    restrictedPicklist: false,
    ...options,
    picklistValues: values.map((value) => picklistValue(value, value === defaultValue)),
    defaultedOnCreate: options.defaultedOnCreate ?? defaultValue !== undefined,
    defaultValue: defaultValue ?? null,
  });
}

export function picklistValue(value: string, isDefault = false, label = value, active = true): PicklistValue {
  return { value, label, active, defaultValue: isDefault };
}

export function idField(): FieldDescribe {
  return readOnly('Id', 'id', { label: 'Record ID', length: 18, nillable: false, defaultedOnCreate: true });
}

export function isDeletedField(): FieldDescribe {
  return readOnly('IsDeleted', 'boolean', { label: 'Deleted', nillable: false, defaultedOnCreate: true });
}

/** CreatedById/Date, LastModifiedById/Date and SystemModstamp: read-only, the org keeps them. */
export function auditFields(): FieldDescribe[] {
  const audit = { nillable: false, defaultedOnCreate: true } as const;
  return [
    readOnly('CreatedDate', 'datetime', { label: 'Created Date', ...audit }),
    reference('CreatedById', ['User'], 'CreatedBy', {
      label: 'Created By ID',
      createable: false,
      updateable: false,
      ...audit,
    }),
    readOnly('LastModifiedDate', 'datetime', { label: 'Last Modified Date', ...audit }),
    reference('LastModifiedById', ['User'], 'LastModifiedBy', {
      label: 'Last Modified By ID',
      createable: false,
      updateable: false,
      ...audit,
    }),
    readOnly('SystemModstamp', 'datetime', { label: 'System Modstamp', ...audit }),
  ];
}

/**
 * OwnerId: defaulted to the running user on create. Objects that can be owned by a queue
 * (Case, Lead, Order, Task, custom objects) point at Group and User; the rest at User only.
 */
export function ownerField(referenceTo: string[] = ['Group', 'User']): FieldDescribe {
  return reference('OwnerId', referenceTo, 'Owner', { label: 'Owner ID', nillable: false, defaultedOnCreate: true });
}

/** A record type reference, present only on objects that have record types. */
export function recordTypeIdField(): FieldDescribe {
  return reference('RecordTypeId', ['RecordType'], 'RecordType', { label: 'Record Type ID' });
}

/** `AccountId` → `Account ID`, `Status__c` → `Status`: a readable label when none is given. */
export function labelOf(apiName: string): string {
  const base = apiName.replace(/__c$/, '').replace(/_/g, ' ');
  const spaced = base.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/Id$/, 'ID');
  return spaced;
}
