// Building blocks of the standard objects: the object shell every standard object shares (real
// key prefix, master record type) and the field groups several of them repeat.

import {
  type FieldDescribe,
  MASTER_RECORD_TYPE_ID,
  type ObjectDescribe,
  type RecordTypeInfo,
  STANDARD_KEY_PREFIXES,
} from '@restorelab/salesforce';
import { field, readOnly, requiredText, text } from './field-builders.ts';

export function masterRecordType(isDefault = true): RecordTypeInfo {
  return {
    recordTypeId: MASTER_RECORD_TYPE_ID,
    developerName: 'Master',
    name: 'Master',
    active: true,
    available: true,
    master: true,
    defaultRecordTypeMapping: isDefault,
  };
}

export interface ObjectSpec {
  name: string;
  label: string;
  fields: FieldDescribe[];
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  undeletable?: boolean;
}

export function sobject(spec: ObjectSpec): ObjectDescribe {
  const keyPrefix = STANDARD_KEY_PREFIXES[spec.name];
  if (!keyPrefix) throw new Error(`no key prefix for standard object ${spec.name}`);
  const deletable = spec.deletable ?? true;
  return {
    name: spec.name,
    label: spec.label,
    keyPrefix,
    custom: false,
    createable: spec.createable ?? true,
    updateable: spec.updateable ?? true,
    deletable,
    queryable: true,
    undeletable: spec.undeletable ?? deletable,
    fields: spec.fields,
    recordTypeInfos: [masterRecordType()],
    childRelationships: [],
  };
}

/** `Name` as the object's name field: required text. */
export function nameField(length = 255, options: Parameters<typeof field>[2] = {}): FieldDescribe {
  return requiredText('Name', length, { nameField: true, ...options });
}

/** Name computed from FirstName/LastName (Contact, Lead, User). */
export function personNameFields(): FieldDescribe[] {
  return [
    text('FirstName', 40),
    requiredText('LastName', 80),
    readOnly('Name', 'string', { length: 121, nameField: true, calculated: true, nillable: false }),
  ];
}

export function autoNumber(name: string): FieldDescribe {
  return readOnly(name, 'string', {
    length: 30,
    nameField: true,
    autoNumber: true,
    nillable: false,
    defaultedOnCreate: true,
  });
}

export function address(prefix: string): FieldDescribe[] {
  return [
    field(`${prefix}Street`, 'textarea', { length: 255 }),
    text(`${prefix}City`, 40),
    text(`${prefix}State`, 80),
    text(`${prefix}PostalCode`, 20),
    text(`${prefix}Country`, 80),
  ];
}
