import { describe, expect, it } from 'vitest';
import { SchemaError } from './errors.ts';
import { parseMetadataXml } from './metadata-xml.ts';
import { loadCustomField } from './sfdx-fields.ts';

/** A field as `sf project retrieve` writes it, from the inner elements. */
function fieldXml(inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">${inner}</CustomField>`;
}

function load(name: string, inner: string, objectName = 'Thing__c') {
  const file = `/p/${name}.field-meta.xml`;
  return loadCustomField(objectName, name, parseMetadataXml(fieldXml(inner), file, 'CustomField'), file);
}

function picklistXml(restricted: boolean, values: Array<[string, boolean]>): string {
  const vs = values
    .map(([v, d]) => `<value><fullName>${v}</fullName><default>${d}</default><label>${v}</label></value>`)
    .join('');
  return `<type>Picklist</type><label>Stage</label><valueSet><restricted>${restricted}</restricted><valueSetDefinition><sorted>false</sorted>${vs}</valueSetDefinition></valueSet>`;
}

describe('loadCustomField', () => {
  it.each([
    ['Text', '<length>80</length>', { type: 'string', length: 80 }],
    ['TextArea', '', { type: 'textarea', length: 255 }],
    ['LongTextArea', '<length>32768</length><visibleLines>3</visibleLines>', { type: 'textarea', length: 32768 }],
    ['Number', '<precision>10</precision><scale>2</scale>', { type: 'double', precision: 10, scale: 2 }],
    ['Currency', '<precision>16</precision><scale>2</scale>', { type: 'currency' }],
    ['Percent', '<precision>5</precision><scale>2</scale>', { type: 'percent' }],
    ['Date', '', { type: 'date' }],
    ['DateTime', '', { type: 'datetime' }],
    ['Email', '', { type: 'email' }],
    ['Phone', '', { type: 'phone' }],
    ['Url', '', { type: 'url' }],
  ])('maps %s to its describe type', (sfType, extra, expected) => {
    const { field } = load('F__c', `<type>${sfType}</type><label>F</label><required>false</required>${extra}`);
    expect(field).toMatchObject({ name: 'F__c', label: 'F', nillable: true, createable: true, updateable: true });
    expect(field).toMatchObject(expected);
  });

  it('makes a required text field not nillable, and keeps unique / external id flags', () => {
    const { field } = load(
      'Code__c',
      '<type>Text</type><label>Code</label><length>20</length><required>true</required><externalId>true</externalId><unique>true</unique>',
    );
    expect(field).toMatchObject({ nillable: false, defaultedOnCreate: false, externalId: true, unique: true });
  });

  it('reads literal default values and marks the field defaulted', () => {
    const { field } = load(
      'Kind__c',
      "<type>Text</type><label>Kind</label><length>10</length><defaultValue>'A'</defaultValue>",
    );
    expect(field).toMatchObject({ defaultedOnCreate: true, defaultValue: 'A' });
  });

  it('describes checkboxes as never nillable and defaulted', () => {
    const { field } = load('On__c', '<type>Checkbox</type><label>On</label><defaultValue>true</defaultValue>');
    expect(field).toMatchObject({ type: 'boolean', nillable: false, defaultedOnCreate: true, defaultValue: true });
  });

  it('reads restricted and unrestricted picklists with their default', () => {
    const restricted = load(
      'Stage__c',
      picklistXml(true, [
        ['A', false],
        ['B', true],
      ]),
    ).field;
    expect(restricted).toMatchObject({
      type: 'picklist',
      restrictedPicklist: true,
      defaultValue: 'B',
      defaultedOnCreate: true,
    });
    expect(restricted.picklistValues?.map((v) => [v.value, v.defaultValue])).toEqual([
      ['A', false],
      ['B', true],
    ]);
    const open = load('Stage__c', picklistXml(false, [['A', false]])).field;
    expect(open).toMatchObject({ restrictedPicklist: false, defaultValue: null, defaultedOnCreate: false });
  });

  it('refuses a picklist that uses a global value set, naming the file', () => {
    expect(() =>
      load('G__c', '<type>Picklist</type><label>G</label><valueSet><valueSetName>Colors</valueSetName></valueSet>'),
    ).toThrow(expect.objectContaining({ code: 'BAD_METADATA', file: '/p/G__c.field-meta.xml' }));
  });

  it('maps lookup delete constraints to cascade / restrict flags', () => {
    const lookup = (constraint: string, required = false) =>
      load(
        'Parent__c',
        `<type>Lookup</type><label>Parent</label><referenceTo>Account</referenceTo><relationshipName>Things</relationshipName><required>${required}</required><deleteConstraint>${constraint}</deleteConstraint>`,
      );
    expect(lookup('SetNull').field).toMatchObject({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Parent__r',
      nillable: true,
      cascadeDelete: false,
      restrictedDelete: false,
    });
    expect(lookup('Restrict', true).field).toMatchObject({
      nillable: false,
      restrictedDelete: true,
      cascadeDelete: false,
    });
    expect(lookup('Cascade').field).toMatchObject({ cascadeDelete: true, restrictedDelete: false });
    expect(lookup('SetNull').childRelationshipName).toBe('Things__r');
    expect(() => lookup('SetNull', true)).toThrow(SchemaError);
    expect(() => lookup('Explode')).toThrow(/deleteConstraint/);
  });

  it('makes master-detail fields required, cascading, and reparentable only when allowed', () => {
    const md = (reparentable: boolean) =>
      load(
        'Project__c',
        `<type>MasterDetail</type><label>Project</label><referenceTo>Project__c</referenceTo><relationshipName>Milestones</relationshipName><reparentableMasterDetail>${reparentable}</reparentableMasterDetail>`,
      ).field;
    expect(md(false)).toMatchObject({
      masterDetail: true,
      cascadeDelete: true,
      nillable: false,
      createable: true,
      updateable: false,
      updateableMasterDetail: false,
    });
    expect(md(true)).toMatchObject({ updateable: true, updateableMasterDetail: true });
  });

  it('makes formula, roll-up and auto-number fields read-only', () => {
    expect(load('Total__c', '<type>Summary</type><label>Total</label>').field).toMatchObject({
      createable: false,
      updateable: false,
    });
    expect(load('No__c', '<type>AutoNumber</type><label>No</label>').field).toMatchObject({
      autoNumber: true,
      createable: false,
    });
    expect(load('Calc__c', '<type>Number</type><label>Calc</label><formula>1 + 1</formula>').field).toMatchObject({
      type: 'double',
      calculated: true,
      createable: false,
      updateable: false,
    });
  });

  it('names the file for an unknown or missing type', () => {
    expect(() => load('Geo__c', '<type>Location</type><label>Geo</label>')).toThrow(
      expect.objectContaining({ name: 'SchemaError', code: 'UNKNOWN_FIELD_TYPE', file: '/p/Geo__c.field-meta.xml' }),
    );
    expect(() => load('Geo__c', '<type>Location</type><label>Geo</label>')).toThrow(/unknown field type "Location"/);
    expect(() => load('X__c', '<label>X</label>')).toThrow(/no <type>/);
  });

  it('reports malformed XML with its line', () => {
    expect(() =>
      parseMetadataXml('<CustomField><type>Text</label></CustomField>', '/p/Bad__c.field-meta.xml', 'CustomField'),
    ).toThrow(
      expect.objectContaining({
        code: 'BAD_XML',
        file: '/p/Bad__c.field-meta.xml',
        message: expect.stringMatching(/line 1/),
      }),
    );
    expect(() => parseMetadataXml('<CustomObject/>', '/p/x.xml', 'CustomField')).toThrow(/expected a <CustomField>/);
  });
});
