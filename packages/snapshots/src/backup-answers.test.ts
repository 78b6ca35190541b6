// The org's answers as the real API sends them (nulls where the mock may leave keys out), read
// through the same schemas and trimming the backup uses.
import { describe, expect, it } from 'vitest';
import { ObjectDescribeSchema, parseAnswer, QueryPageSchema } from './backup-answers.ts';
import { trimDescribe } from './backup-describe.ts';

/** Trimmed from a real `GET /sobjects/Contact/describe` (v60.0): the nulls and empties Salesforce sends. */
const realDescribe = {
  name: 'Contact',
  label: 'Contact',
  keyPrefix: '003',
  custom: false,
  createable: true,
  updateable: true,
  deletable: true,
  queryable: true,
  undeletable: true,
  urls: { sobject: '/services/data/v60.0/sobjects/Contact' },
  fields: [
    {
      name: 'AccountId',
      label: 'Account ID',
      type: 'reference',
      length: 18,
      nillable: true,
      createable: true,
      updateable: true,
      defaultedOnCreate: false,
      calculated: false,
      externalId: false,
      unique: false,
      referenceTo: ['Account'],
      relationshipName: 'Account',
      relationshipOrder: null,
      cascadeDelete: false,
      restrictedDelete: false,
      updateableMasterDetail: false,
      picklistValues: [],
      restrictedPicklist: false,
      defaultValue: null,
    },
    {
      name: 'LeadSource',
      label: 'Lead Source',
      type: 'picklist',
      length: 255,
      nillable: true,
      createable: true,
      updateable: true,
      defaultedOnCreate: false,
      referenceTo: [],
      relationshipName: null,
      relationshipOrder: null,
      picklistValues: [{ active: true, defaultValue: false, label: null, validFor: null, value: 'Web' }],
      restrictedPicklist: false,
      defaultValue: null,
    },
    {
      name: 'MailingAddress',
      label: 'Mailing Address',
      type: 'address',
      length: 0,
      nillable: true,
      createable: false,
      updateable: false,
      defaultedOnCreate: false,
      referenceTo: [],
      relationshipName: null,
      defaultValue: { '@type': 'xsd:string' },
    },
  ],
  recordTypeInfos: [
    {
      active: true,
      available: true,
      defaultRecordTypeMapping: true,
      developerName: 'Master',
      master: true,
      name: 'Master',
      recordTypeId: '012000000000000AAA',
      urls: {},
    },
  ],
  childRelationships: [
    {
      childSObject: 'Case',
      field: 'ContactId',
      relationshipName: 'Cases',
      cascadeDelete: false,
      restrictedDelete: true,
      deprecatedAndHidden: false,
    },
    { childSObject: 'ContactHistory', field: 'ContactId', relationshipName: null, cascadeDelete: true },
  ],
};

describe('the answers a backup reads', () => {
  it('reads a describe as the real API sends it, nulls included', () => {
    const trimmed = trimDescribe(parseAnswer(ObjectDescribeSchema, realDescribe, 'the describe of Contact'));
    expect(trimmed).toMatchObject({ name: 'Contact', label: 'Contact', keyPrefix: '003', queryable: true });
    const [account, source, address] = trimmed.fields;
    expect(account).toEqual({
      name: 'AccountId',
      label: 'Account ID',
      type: 'reference',
      length: 18,
      nillable: true,
      createable: true,
      updateable: true,
      defaultedOnCreate: false,
      referenceTo: ['Account'],
      relationshipName: 'Account',
    });
    expect(source?.picklistValues).toEqual([{ value: 'Web', label: 'Web', active: true, defaultValue: false }]);
    expect(source?.relationshipName).toBeNull();
    // An object default (not a plain value) is not kept; a type FieldType does not list is.
    expect(address).not.toHaveProperty('defaultValue');
    expect(address?.type).toBe('address');
    expect(trimmed.recordTypeInfos).toEqual([
      {
        recordTypeId: '012000000000000AAA',
        developerName: 'Master',
        name: 'Master',
        active: true,
        available: true,
        master: true,
        defaultRecordTypeMapping: true,
      },
    ]);
    expect(trimmed.childRelationships).toEqual([
      {
        childSObject: 'Case',
        field: 'ContactId',
        relationshipName: 'Cases',
        cascadeDelete: false,
        restrictedDelete: true,
      },
      {
        childSObject: 'ContactHistory',
        field: 'ContactId',
        relationshipName: null,
        cascadeDelete: true,
        restrictedDelete: false,
      },
    ]);
  });

  it('stops at an answer of another shape, naming the call and the place', () => {
    const broken = { ...realDescribe, fields: [{ label: 'No name', type: 'string' }] };
    expect(() => parseAnswer(ObjectDescribeSchema, broken, 'the describe of Contact')).toThrow(
      expect.objectContaining({
        name: 'SalesforceCallError',
        code: 'UNEXPECTED_RESPONSE',
        message: expect.stringMatching(/^the org's answer to the describe of Contact .* at fields\.0\.name: /),
      }),
    );
    expect(() => parseAnswer(QueryPageSchema, '<html>', 'a query')).toThrow(/answer to a query/);
  });

  it('takes a query page without `done` as the last one, as jsforce does', () => {
    expect(parseAnswer(QueryPageSchema, { totalSize: 0, records: [] }, 'a query')).toEqual({
      done: true,
      totalSize: 0,
      records: [],
    });
  });
});
