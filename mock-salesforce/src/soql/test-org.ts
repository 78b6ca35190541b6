// Test support: a tiny in-memory data source with Account / Contact / User / custom objects, their
// relationships, deleted rows, nulls and dates. Used by this folder's tests only.

import type { FieldDescribe, FieldType, ObjectDescribe } from '@restorelab/salesforce';
import { makeId } from '@restorelab/salesforce';
import type { SoqlDataSource, SoqlRecord } from './source.ts';

export function field(name: string, type: FieldType, extra: Partial<FieldDescribe> = {}): FieldDescribe {
  return {
    name,
    label: name,
    type,
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    ...extra,
  };
}

export const reference = (name: string, to: string[], relationshipName: string): FieldDescribe =>
  field(name, 'reference', { referenceTo: to, relationshipName });

export function object(name: string, keyPrefix: string, fields: FieldDescribe[]): ObjectDescribe {
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
    fields: [field('Id', 'id'), field('IsDeleted', 'boolean'), ...fields],
    recordTypeInfos: [],
    childRelationships: [],
  };
}

/** A data source over plain arrays; `add` assigns ids from the object's key prefix. */
export class MemorySource implements SoqlDataSource {
  readonly describes = new Map<string, ObjectDescribe>();
  readonly rows = new Map<string, SoqlRecord[]>();
  readonly byId = new Map<string, SoqlRecord>();
  getCalls = 0;
  private sequence = 0;

  constructor(describes: ObjectDescribe[]) {
    for (const d of describes) {
      this.describes.set(d.name.toLowerCase(), d);
      this.rows.set(d.name, []);
    }
  }

  add(type: string, fields: Record<string, unknown>): string {
    const describe = this.describe(type)!;
    const id = (fields.Id as string | undefined) ?? makeId(describe.keyPrefix, ++this.sequence);
    const record: SoqlRecord = { type: describe.name, fields: { IsDeleted: false, ...fields, Id: id } };
    this.rows.get(describe.name)!.push(record);
    this.byId.set(id, record);
    return id;
  }

  describe(objectName: string): ObjectDescribe | undefined {
    return this.describes.get(objectName.toLowerCase());
  }

  records(objectName: string): Iterable<SoqlRecord> {
    return this.rows.get(this.describe(objectName)?.name ?? '') ?? [];
  }

  get(id18: string): SoqlRecord | undefined {
    this.getCalls++;
    return this.byId.get(id18);
  }
}

const child = (childSObject: string, field: string, relationshipName: string) => ({
  childSObject,
  field,
  relationshipName,
  cascadeDelete: false,
  restrictedDelete: false,
});

export const describes: ObjectDescribe[] = [
  object('User', '005', [field('Name', 'string'), reference('ProfileId', ['Profile'], 'Profile')]),
  object('Group', '00G', [field('Name', 'string')]),
  object('Profile', '00e', [field('Name', 'string')]),
  object('Account', '001', [
    field('Name', 'string'),
    field('Industry', 'picklist'),
    field('NumberOfEmployees', 'int'),
    field('AnnualRevenue', 'currency'),
    reference('OwnerId', ['User', 'Group'], 'Owner'),
    reference('ParentId', ['Account'], 'Parent'),
    field('CreatedDate', 'datetime'),
    field('LastActivityDate', 'date'),
  ]),
  object('Contact', '003', [
    field('FirstName', 'string'),
    field('LastName', 'string'),
    field('Email', 'email'),
    field('Description', 'textarea', { length: 32000 }),
    reference('AccountId', ['Account'], 'Account'),
    field('Birthdate', 'date'),
  ]),
  object('Project__c', 'a00', [
    field('Name', 'string'),
    reference('Account__c', ['Account'], 'Account__r'),
    reference('Parent__c', ['Project__c'], 'Parent__r'),
    field('Budget__c', 'double'),
    field('Active__c', 'boolean'),
    field('Tags__c', 'multipicklist'),
  ]),
  object('ContentVersion', '068', [field('Title', 'string'), field('VersionData', 'base64')]),
  object('ContentDocumentLink', '06A', [
    reference('ContentDocumentId', ['ContentDocument'], 'ContentDocument'),
    reference('LinkedEntityId', ['Account', 'User'], 'LinkedEntity'),
    field('ShareType', 'picklist'),
  ]),
];

// Parent-side relationships, as the schema derives them from the reference fields.
describes
  .find((d) => d.name === 'Account')!
  .childRelationships.push(
    child('Contact', 'AccountId', 'Contacts'),
    child('Project__c', 'Account__c', 'Projects__r'),
    child('Account', 'ParentId', 'ChildAccounts'),
  );

/** A small org: two users, a profile, accounts (one deleted, one child), contacts, projects, a file. */
export function sampleOrg() {
  const org = new MemorySource(describes);
  const profile = org.add('Profile', { Name: 'System Administrator' });
  const ada = org.add('User', { Name: 'Ada Admin', ProfileId: profile });
  const group = org.add('Group', { Name: 'Queue One' });
  const acme = org.add('Account', {
    Name: 'Acme',
    Industry: 'Energy',
    NumberOfEmployees: 50,
    AnnualRevenue: 1000.5,
    OwnerId: ada,
    ParentId: null,
    CreatedDate: '2024-01-15T10:00:00.000+0000',
    LastActivityDate: '2024-02-01',
  });
  const globex = org.add('Account', {
    Name: 'Globex',
    Industry: 'Banking',
    NumberOfEmployees: 200,
    AnnualRevenue: null,
    OwnerId: group,
    ParentId: acme,
    CreatedDate: '2024-01-15T09:59:59.000+0000',
    LastActivityDate: null,
  });
  const initech = org.add('Account', {
    Name: 'Initech',
    Industry: null,
    NumberOfEmployees: null,
    OwnerId: ada,
    CreatedDate: '2023-06-30T23:30:00.000-0200',
  });
  const gone = org.add('Account', { Name: 'Gone Corp', IsDeleted: true, OwnerId: ada });
  const smith = org.add('Contact', { FirstName: 'Ann', LastName: 'Smith', AccountId: acme, Birthdate: '1990-05-01' });
  const jones = org.add('Contact', { FirstName: null, LastName: "O'Jones", AccountId: globex, Email: 'j@x.test' });
  const orphan = org.add('Contact', { FirstName: 'Al', LastName: 'Orphan', AccountId: null });
  const ghost = org.add('Contact', { FirstName: 'Gus', LastName: 'Ghost', AccountId: acme, IsDeleted: true });
  const root = org.add('Project__c', {
    Name: 'Root',
    Account__c: acme,
    Budget__c: 10,
    Active__c: true,
    Tags__c: 'a;b',
  });
  const leaf = org.add('Project__c', { Name: 'Leaf', Parent__c: root, Budget__c: 2.5, Active__c: false, Tags__c: 'c' });
  const file = org.add('ContentVersion', { Title: 'Spec', VersionData: 'aGVsbG8=' });
  const link = org.add('ContentDocumentLink', { ContentDocumentId: null, LinkedEntityId: acme, ShareType: 'V' });
  return {
    org,
    ids: { profile, ada, group, acme, globex, initech, gone, smith, jones, orphan, ghost, root, leaf, file, link },
  };
}
