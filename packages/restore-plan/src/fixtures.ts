// Test helpers: a tiny vocabulary for schemas, backed-up records and org states, shared by the
// example tests and the property tests of the plan. Not part of the package's public face.
import type { FieldDescribe, ObjectDescribe } from '@restorelab/salesforce';
import { MASTER_RECORD_TYPE_ID, makeId } from '@restorelab/salesforce';
import type { BackedUpRecord } from '@restorelab/snapshots';
import type { LiveRecord, LiveReference, OrgState, PlanInput, RestoreMethod } from './types.ts';

export const ADMIN = makeId('005', 1);
export const OLD = '2025-01-01T00:00:00.000+0000';
export const NEW = '2025-06-01T00:00:00.000+0000';

const base = { label: 'x', nillable: true, createable: true, updateable: true, defaultedOnCreate: false };

export const fields = {
  id: (): FieldDescribe => ({ ...base, name: 'Id', type: 'id', nillable: false, createable: false, updateable: false }),
  text: (name: string): FieldDescribe => ({ ...base, name, type: 'string' }),
  audit: (name: string): FieldDescribe => ({ ...base, name, type: 'datetime', createable: false, updateable: false }),
  formula: (name: string): FieldDescribe => ({
    ...base,
    name,
    type: 'string',
    calculated: true,
    createable: false,
    updateable: false,
  }),
  lookup: (name: string, target: string, required = false): FieldDescribe => ({
    ...base,
    name,
    type: 'reference',
    referenceTo: [target],
    nillable: !required,
  }),
  masterDetail: (name: string, target: string): FieldDescribe => ({
    ...base,
    name,
    type: 'reference',
    referenceTo: [target],
    nillable: false,
    masterDetail: true,
    cascadeDelete: true,
    updateable: false,
  }),
  owner: (): FieldDescribe => ({
    ...base,
    name: 'OwnerId',
    type: 'reference',
    referenceTo: ['User'],
    nillable: false,
    defaultedOnCreate: true,
  }),
  picklist: (name: string, values: string[], multi = false): FieldDescribe => ({
    ...base,
    name,
    type: multi ? 'multipicklist' : 'picklist',
    picklistValues: values.map((v) => ({ value: v, label: v, active: true, defaultValue: false })),
  }),
  recordType: (): FieldDescribe => ({ ...base, name: 'RecordTypeId', type: 'reference', referenceTo: ['RecordType'] }),
};

export function object(
  name: string,
  keyPrefix: string,
  extra: FieldDescribe[],
  flags: Partial<ObjectDescribe> = {},
): ObjectDescribe {
  return {
    name,
    label: name,
    keyPrefix,
    custom: name.endsWith('__c'),
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    undeletable: true,
    fields: [fields.id(), fields.audit('LastModifiedDate'), fields.audit('CreatedDate'), ...extra],
    recordTypeInfos: [
      {
        recordTypeId: MASTER_RECORD_TYPE_ID,
        developerName: 'Master',
        name: 'Master',
        active: true,
        available: true,
        master: true,
        defaultRecordTypeMapping: true,
      },
    ],
    childRelationships: [],
    ...flags,
  };
}

export function record(
  type: string,
  id: string,
  values: Record<string, unknown> = {},
  lastModifiedDate = OLD,
): BackedUpRecord {
  return { id, type, lastModifiedDate, fields: { Id: id, LastModifiedDate: lastModifiedDate, ...values } };
}

export interface InputOptions {
  root: string;
  method?: RestoreMethod;
  objects: ObjectDescribe[];
  records: BackedUpRecord[];
  live?: Record<string, LiveRecord>;
  references?: Record<string, LiveReference>;
  org?: Partial<OrgState>;
  files?: PlanInput['slice']['files'];
  attachments?: PlanInput['slice']['attachments'];
  downloadOnly?: string[];
}

export function input(o: InputOptions): PlanInput {
  return {
    request: { snapshotId: 'snap-1', rootId: o.root, method: o.method ?? 'related' },
    slice: {
      schema: { objects: o.objects },
      records: o.records,
      files: o.files ?? [],
      attachments: o.attachments ?? [],
    },
    org: {
      records: new Map(Object.entries(o.live ?? {})),
      references: new Map(Object.entries(o.references ?? {})),
      files: new Map(),
      masterPicklistValues: {},
      ...o.org,
    },
    downloadOnlyTypes: new Set(o.downloadOnly ?? []),
    adminUserId: ADMIN,
  };
}

export const exists = (lastModifiedDate = OLD): LiveRecord => ({ state: 'exists', lastModifiedDate });
