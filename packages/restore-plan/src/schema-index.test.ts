// SchemaIndex's reading of a describe, field by field: what is a value, a reference, a mandatory
// or hierarchy link, and what the org would choose for a required status.
import type { FieldDescribe } from '@restorelab/salesforce';
import { makeId } from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { fields, object } from './fixtures.ts';
import { FILE_OBJECT_TYPES, isHierarchyTarget, SchemaIndex } from './schema-index.ts';

const spec = (extra: FieldDescribe[], name = 'Thing__c') =>
  new SchemaIndex({ objects: [object(name, 'a00', extra)] }).get(name)!;
const names = (list: Array<{ name: string }>) => list.map((f) => f.name);

describe('SchemaIndex fields', () => {
  it('never writes system fields, id-typed or base64 fields', () => {
    const s = spec([
      { ...fields.text('MasterRecordId'), type: 'reference', referenceTo: ['Thing__c'] },
      { ...fields.text('IsDeleted'), type: 'boolean' },
      { ...fields.text('CreatedById'), type: 'reference', referenceTo: ['User'] },
      { ...fields.text('Other__c'), type: 'id' },
      { ...fields.text('Blob__c'), type: 'base64' },
      fields.text('Kept__c'),
    ]);
    expect(names(s.values)).toEqual(['Kept__c']);
    expect(names(s.references)).toEqual([]);
  });

  it('writes a value that is createable or updateable, never a calculated one', () => {
    const s = spec([
      { ...fields.text('CreateOnly__c'), updateable: false },
      { ...fields.text('UpdateOnly__c'), createable: false },
      { ...fields.text('Neither__c'), createable: false, updateable: false },
      { ...fields.text('Calc__c'), calculated: true },
    ]);
    expect(names(s.values)).toEqual(['CreateOnly__c', 'UpdateOnly__c']);
    expect(s.values.map((f) => [f.createable, f.updateable])).toEqual([
      [true, false],
      [false, true],
    ]);
    const calcRef = spec([{ ...fields.lookup('Calc__c', 'Account'), calculated: true }]).references[0]!;
    expect([calcRef.createable, calcRef.updateable]).toEqual([false, false]);
  });

  it('a link is a hierarchy link unless it is OwnerId or every target is a user, group or the like', () => {
    const s = spec([
      fields.lookup('Parent__c', 'Account'),
      fields.owner(),
      fields.lookup('User__c', 'User'),
      { ...fields.lookup('Who__c', 'User'), referenceTo: ['User', 'Group'] },
      { ...fields.lookup('What__c', 'User'), referenceTo: ['User', 'Account'] },
      { ...fields.lookup('Any__c', 'User'), referenceTo: undefined },
      { ...fields.lookup('None__c', 'User'), referenceTo: [] },
    ]);
    expect(s.references.map((f) => [f.name, f.hierarchy])).toEqual([
      ['Parent__c', true],
      ['OwnerId', false],
      ['User__c', false],
      ['Who__c', false],
      ['What__c', true],
      ['Any__c', true],
      ['None__c', true],
    ]);
    expect(s.references.every((f) => f.reference && f.picklist === null)).toBe(true);
  });

  it('knows picklists, record types and parent kinds', () => {
    const s = spec([
      fields.picklist('One__c', ['a']),
      fields.picklist('Many__c', ['a'], true),
      fields.text('Text__c'),
      fields.recordType(),
    ]);
    expect(s.values.map((f) => [f.name, f.picklist])).toEqual([
      ['One__c', 'single'],
      ['Many__c', 'multi'],
      ['Text__c', null],
    ]);
    expect(s.recordTypeField).toBe(true);
    expect(s.createable && s.updateable && s.parentKind).toBe(true);
    expect(spec([], 'Group').parentKind).toBe(false);
    expect(spec([fields.text('Name')]).recordTypeField).toBe(false);
  });

  it('R10 a required status with no picklist values or no active one has no value the org would choose', () => {
    const required = { nillable: false, createable: true, defaultedOnCreate: false };
    const status = (extra: Partial<FieldDescribe>) =>
      spec([{ ...fields.picklist('Status', []), ...required, ...extra }], 'Case').values[0]!;
    expect(status({ picklistValues: undefined }).statusOnCreate).toBeUndefined();
    expect(
      status({ picklistValues: [{ value: 'Old', label: 'Old', active: false, defaultValue: true }] }).statusOnCreate,
    ).toBeUndefined();
    expect(
      status({
        picklistValues: [
          { value: 'A', label: 'A', active: true, defaultValue: false },
          { value: 'B', label: 'B', active: true, defaultValue: false },
        ],
      }).statusOnCreate,
    ).toBe('A');
    expect(status({ picklistValues: undefined }).standardStatus).toBe(true);
    expect(spec([fields.picklist('Status', ['A'])]).values[0]!.standardStatus).toBe(false);
  });

  it('file parts are restored with their records, and users, groups and record types are no parents', () => {
    expect([...FILE_OBJECT_TYPES].sort()).toEqual(['ContentDocument', 'ContentDocumentLink', 'ContentVersion']);
    expect(isHierarchyTarget(makeId('00G', 1))).toBe(false);
    expect(isHierarchyTarget(makeId('a00', 1))).toBe(true);
  });
});
