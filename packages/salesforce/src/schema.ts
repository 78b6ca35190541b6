// The shape of an org's schema as restorelab uses it everywhere: a trimmed copy of what
// Salesforce's describe calls return. The mock builds its describe answers from it, the
// snapshot store saves it with every snapshot, and the planner plans from it.

import { STANDARD_KEY_PREFIXES } from './ids.ts';

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'double'
  | 'currency'
  | 'percent'
  | 'int'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'multipicklist'
  | 'reference'
  | 'base64';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDescribe {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  calculated?: boolean;
  externalId?: boolean;
  unique?: boolean;
  /** For references: the object types the field may point at. */
  referenceTo?: string[];
  relationshipName?: string | null;
  /** Master-detail: deleting the parent deletes this record. */
  cascadeDelete?: boolean;
  /** Lookup with "don't allow deletion of the parent". */
  restrictedDelete?: boolean;
  /** Master-detail fields; reparenting allowed only when this is true. */
  updateableMasterDetail?: boolean;
  /** Field is a master-detail relationship (Salesforce reports `relationshipOrder` for these). */
  masterDetail?: boolean;
  picklistValues?: PicklistValue[];
  restrictedPicklist?: boolean;
  defaultValue?: string | number | boolean | null;
  /** The record's name field (Name, or CaseNumber-style numbers on objects without Name). */
  nameField?: boolean;
  /** Auto-number field: the org assigns the value, the API cannot write it. */
  autoNumber?: boolean;
  /** A reference that may point at more than one object type (Task.WhatId, OwnerId). */
  polymorphicForeignKey?: boolean;
  /** Numbers: total digits and digits after the decimal point. */
  precision?: number;
  scale?: number;
}

export interface RecordTypeInfo {
  recordTypeId: string;
  developerName: string;
  name: string;
  active: boolean;
  available: boolean;
  master: boolean;
  defaultRecordTypeMapping: boolean;
  /** Picklist values this record type allows, per field. Absent field = all of the field's values. */
  picklistValues?: Record<string, string[]>;
  /** The record type's own default value, per picklist field, when it differs from the field's. */
  defaultPicklistValues?: Record<string, string>;
}

export interface ObjectDescribe {
  name: string;
  label: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  undeletable: boolean;
  fields: FieldDescribe[];
  recordTypeInfos: RecordTypeInfo[];
  childRelationships: ChildRelationship[];
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
  restrictedDelete: boolean;
}

/** A field the API insists on at create time: createable, not nillable, not defaulted (booleans aside). */
export function isRequiredOnCreate(field: FieldDescribe): boolean {
  return field.createable && !field.nillable && !field.defaultedOnCreate && field.type !== 'boolean';
}

/** A link a child cannot be written without: master-detail, or a required lookup. */
export function isMandatoryLink(field: FieldDescribe): boolean {
  return field.type === 'reference' && (field.masterDetail === true || isRequiredOnCreate(field));
}

/**
 * Standard picklist status fields that are backed up but never restored (rule R10):
 * the org decides their value on a restored record.
 */
export const STANDARD_STATUS_FIELDS: Readonly<Record<string, string>> = {
  Case: 'Status',
  Lead: 'Status',
  Opportunity: 'StageName',
  Contract: 'Status',
  Order: 'Status',
  Solution: 'Status',
  Task: 'Status',
};

export function isStandardStatusField(objectName: string, fieldName: string): boolean {
  return STANDARD_STATUS_FIELDS[objectName] === fieldName;
}

/** Audit fields: read-only to the API, maintained by the org on every write. */
export const AUDIT_FIELDS = [
  'CreatedById',
  'CreatedDate',
  'LastModifiedById',
  'LastModifiedDate',
  'SystemModstamp',
] as const;

/**
 * The org's configuration objects: who may do what (users, groups, roles, profiles, permission sets),
 * record types and the org itself. Their records are never soft-deleted (a user is deactivated;
 * none has an IsDeleted column or goes to the recycle bin), and the one list serves every part
 * that needs to know it: the planner does not ask whether one still exists, and a link to one never
 * makes a record a child in R01's sense (else every record would sit beneath its creator).
 */
export const CONFIGURATION_TYPES: ReadonlySet<string> = new Set([
  'User',
  'Group',
  'UserRole',
  'Profile',
  'PermissionSet',
  'RecordType',
  'Organization',
]);

/** Key prefixes of CONFIGURATION_TYPES, for ids whose object type is known only by prefix. */
export const CONFIGURATION_KEY_PREFIXES: ReadonlySet<string> = new Set(
  [...CONFIGURATION_TYPES].map((type) => {
    const prefix = STANDARD_KEY_PREFIXES[type];
    if (!prefix) throw new Error(`no key prefix is known for ${type}`);
    return prefix;
  }),
);

/** Link targets that never make a record a child in the restore sense (R01): the configuration objects. */
export const NON_HIERARCHY_TARGETS: ReadonlySet<string> = CONFIGURATION_TYPES;
