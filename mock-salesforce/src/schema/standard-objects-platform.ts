// Standard objects of the platform itself: the organization, its users, profiles, record types,
// groups (queues) and libraries. Mostly read-only to the API.

import type { ObjectDescribe } from '@restorelab/salesforce';
import {
  auditFields,
  checkbox,
  field,
  idField,
  picklist,
  readOnly,
  reference,
  requiredText,
  text,
} from './field-builders.ts';
import { nameField, personNameFields, sobject } from './standard-object-kit.ts';

export function organization(): ObjectDescribe {
  return sobject({
    name: 'Organization',
    label: 'Organization',
    createable: false,
    deletable: false,
    updateable: false,
    fields: [
      idField(),
      nameField(80, { createable: false, updateable: false }),
      readOnly('OrganizationType', 'string', { length: 40 }),
      readOnly('InstanceName', 'string', { length: 5 }),
      readOnly('IsSandbox', 'boolean', { nillable: false, defaultedOnCreate: true }),
      readOnly('DefaultLocaleSidKey', 'string', { length: 40 }),
      readOnly('TimeZoneSidKey', 'string', { length: 40 }),
      readOnly('LanguageLocaleKey', 'string', { length: 40 }),
      // The Salesforce CLI reads these two after every login (null on a production org).
      readOnly('TrialExpirationDate', 'datetime'),
      readOnly('NamespacePrefix', 'string', { length: 15 }),
      ...auditFields(),
    ],
  });
}

export function user(): ObjectDescribe {
  // Users are deactivated, never deleted. The locale keys are required on real orgs; the mock
  // keeps them unrestricted so any real value a fixture uses is accepted.
  return sobject({
    name: 'User',
    label: 'User',
    deletable: false,
    fields: [
      idField(),
      requiredText('Username', 80, { unique: true }),
      ...personNameFields(),
      field('Email', 'email', { length: 128, nillable: false }),
      requiredText('Alias', 8),
      requiredText('CommunityNickname', 40, { unique: true, defaultedOnCreate: true }),
      text('Title', 80),
      text('Department', 80),
      field('Phone', 'phone', { length: 40 }),
      checkbox('IsActive', true),
      reference('ProfileId', ['Profile'], 'Profile', { nillable: false }),
      reference('ManagerId', ['User'], 'Manager'),
      picklist('TimeZoneSidKey', ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Paris', 'GMT'], {
        nillable: false,
      }),
      picklist('LocaleSidKey', ['en_US', 'en_GB', 'fr_FR', 'de_DE'], { nillable: false }),
      picklist('EmailEncodingKey', ['UTF-8', 'ISO-8859-1'], { nillable: false }),
      picklist('LanguageLocaleKey', ['en_US', 'fr', 'de'], { nillable: false }),
      picklist('UserType', ['Standard', 'PowerPartner', 'CsnOnly', 'Guest'], {
        createable: false,
        updateable: false,
        defaultValue: 'Standard',
      }),
      readOnly('LastLoginDate', 'datetime'),
      ...auditFields(),
    ],
  });
}

export function profile(): ObjectDescribe {
  // Profiles are metadata: readable through the API, managed elsewhere.
  return sobject({
    name: 'Profile',
    label: 'Profile',
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      idField(),
      nameField(255, { createable: false, updateable: false }),
      readOnly('UserType', 'string', { length: 40 }),
      readOnly('Description', 'string', { length: 255 }),
      ...auditFields(),
    ],
  });
}

export function recordType(): ObjectDescribe {
  return sobject({
    name: 'RecordType',
    label: 'Record Type',
    createable: false,
    updateable: false,
    deletable: false,
    fields: [
      idField(),
      nameField(80, { createable: false, updateable: false }),
      readOnly('DeveloperName', 'string', { length: 80, nillable: false }),
      readOnly('SobjectType', 'string', { length: 40, nillable: false }),
      readOnly('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true }),
      readOnly('Description', 'string', { length: 255 }),
      readOnly('NamespacePrefix', 'string', { length: 15 }),
      ...auditFields(),
    ],
  });
}

export function group(): ObjectDescribe {
  return sobject({
    name: 'Group',
    label: 'Group',
    undeletable: false,
    fields: [
      idField(),
      nameField(40),
      text('DeveloperName', 80, { defaultedOnCreate: true }),
      picklist('Type', ['Regular', 'Queue', 'Role', 'RoleAndSubordinates', 'Organization'], {
        nillable: false,
        restrictedPicklist: true,
        updateable: false,
      }),
      field('Email', 'email', { length: 255 }),
      checkbox('DoesSendEmailToMembers'),
      ...auditFields(),
    ],
  });
}

export function contentWorkspace(): ObjectDescribe {
  return sobject({
    name: 'ContentWorkspace',
    label: 'Library',
    undeletable: false,
    fields: [idField(), nameField(255), field('Description', 'textarea', { length: 500 }), ...auditFields()],
  });
}
