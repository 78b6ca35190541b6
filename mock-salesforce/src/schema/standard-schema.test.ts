import {
  isMandatoryLink,
  isRequiredOnCreate,
  type ObjectDescribe,
  STANDARD_KEY_PREFIXES,
  STANDARD_STATUS_FIELDS,
} from '@restorelab/salesforce';
import { describe, expect, it } from 'vitest';
import { expectConsistentSchema } from './schema-invariants.ts';
import { findObject, standardSchema } from './standard-schema.ts';

const fieldOf = (o: ObjectDescribe | undefined, name: string) => o?.fields.find((f) => f.name === name);

describe('standardSchema', () => {
  const schema = standardSchema();
  const obj = (name: string) => findObject(schema, name)!;

  it('keeps the schema invariants', () => expectConsistentSchema(schema));

  it('has the objects a restore touches with their real key prefixes', () => {
    for (const name of [
      'Organization',
      'User',
      'Profile',
      'RecordType',
      'Group',
      'Account',
      'Contact',
      'Opportunity',
      'Case',
      'Lead',
      'Contract',
      'Order',
      'Task',
      'Solution',
      'ContentDocument',
      'ContentVersion',
      'ContentDocumentLink',
      'Attachment',
    ]) {
      expect(obj(name).keyPrefix, name).toBe(STANDARD_KEY_PREFIXES[name]);
      expect(obj(name).custom).toBe(false);
    }
  });

  it('gives every call a fresh copy', () => {
    const a = standardSchema();
    a.objects[0]!.fields.pop();
    expect(standardSchema().objects[0]!.fields.length).toBe(schema.objects[0]!.fields.length);
  });

  it('defaults the standard status picklists to their real values', () => {
    const defaults: Record<string, string | undefined> = {
      Case: 'New',
      Lead: 'Open - Not Contacted',
      Contract: 'Draft',
      Order: 'Draft',
      Task: 'Not Started',
      Solution: 'Draft',
      Opportunity: undefined,
    };
    for (const [objectName, fieldName] of Object.entries(STANDARD_STATUS_FIELDS)) {
      const f = fieldOf(obj(objectName), fieldName)!;
      expect(f.type, `${objectName}.${fieldName}`).toBe('picklist');
      const d = f.picklistValues!.find((v) => v.defaultValue)?.value;
      expect(d, `${objectName}.${fieldName} default`).toBe(defaults[objectName]);
    }
    const stage = fieldOf(obj('Opportunity'), 'StageName')!;
    expect(isRequiredOnCreate(stage)).toBe(true);
    expect(stage.picklistValues!.map((v) => v.value)).toEqual(expect.arrayContaining(['Closed Won', 'Closed Lost']));
    expect(fieldOf(obj('Order'), 'Status')!.picklistValues!.map((v) => v.value)).toEqual(['Draft', 'Activated']);
  });

  it('models the standard links and their delete behaviour', () => {
    const contactAccount = fieldOf(obj('Contact'), 'AccountId')!;
    expect(contactAccount).toMatchObject({ referenceTo: ['Account'], relationshipName: 'Account', nillable: true });
    expect(isMandatoryLink(fieldOf(obj('Order'), 'AccountId')!)).toBe(true);
    expect(isMandatoryLink(fieldOf(obj('Contract'), 'AccountId')!)).toBe(true);
    expect(isMandatoryLink(fieldOf(obj('Case'), 'AccountId')!)).toBe(false);
    expect(fieldOf(obj('Order'), 'ContractId')!.referenceTo).toEqual(['Contract']);
    expect(fieldOf(obj('Task'), 'WhoId')!.referenceTo).toEqual(['Contact', 'Lead']);
    expect(fieldOf(obj('Task'), 'WhatId')!.polymorphicForeignKey).toBe(true);
    expect(fieldOf(obj('Case'), 'OwnerId')).toMatchObject({
      referenceTo: ['Group', 'User'],
      relationshipName: 'Owner',
    });
    const accountChildren = obj('Account').childRelationships;
    expect(accountChildren).toContainEqual({
      childSObject: 'Contact',
      field: 'AccountId',
      relationshipName: 'Contacts',
      cascadeDelete: true,
      restrictedDelete: false,
    });
    expect(accountChildren.find((r) => r.childSObject === 'Attachment')?.cascadeDelete).toBe(true);
    expect(accountChildren.find((r) => r.childSObject === 'ContentDocumentLink')?.cascadeDelete).toBe(true);
  });

  it('keeps audit fields read-only and Id unwritable everywhere', () => {
    for (const o of schema.objects) {
      for (const f of o.fields) {
        if (
          ['Id', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'].includes(
            f.name,
          )
        ) {
          expect(f.createable || f.updateable, `${o.name}.${f.name}`).toBe(false);
        }
      }
      expect(fieldOf(o, 'Id')!.type).toBe('id');
      expect(fieldOf(o, 'SystemModstamp'), `${o.name}.SystemModstamp`).toBeDefined();
    }
  });

  it('describes files and attachments as the API does', () => {
    const cv = obj('ContentVersion');
    expect(isRequiredOnCreate(fieldOf(cv, 'VersionData')!)).toBe(true);
    expect(fieldOf(cv, 'VersionData')!.type).toBe('base64');
    expect(isRequiredOnCreate(fieldOf(cv, 'PathOnClient')!)).toBe(true);
    expect(isRequiredOnCreate(fieldOf(cv, 'ContentDocumentId')!)).toBe(false);
    expect(cv.deletable).toBe(false);
    const link = obj('ContentDocumentLink');
    expect(fieldOf(link, 'ShareType')!.picklistValues!.map((v) => v.value)).toEqual(['V', 'C', 'I']);
    expect(fieldOf(link, 'Visibility')!.picklistValues!.map((v) => v.value)).toEqual([
      'AllUsers',
      'InternalUsers',
      'SharedUsers',
    ]);
    expect(fieldOf(link, 'LinkedEntityId')!.referenceTo).toEqual(expect.arrayContaining(['Account', 'User']));
    const att = obj('Attachment');
    expect(isRequiredOnCreate(fieldOf(att, 'Body')!)).toBe(true);
    expect(fieldOf(att, 'BodyLength')).toMatchObject({ createable: false, updateable: false });
    expect(fieldOf(obj('ContentDocument'), 'LatestPublishedVersionId')!.referenceTo).toEqual(['ContentVersion']);
  });
});
