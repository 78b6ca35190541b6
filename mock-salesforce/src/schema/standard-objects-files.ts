// Standard objects for files and Classic attachments: ContentDocument ← ContentVersion (the
// bytes), ContentDocumentLink (sharing) and Attachment.

import type { ObjectDescribe } from '@restorelab/salesforce';
import {
  auditFields,
  checkbox,
  field,
  idField,
  isDeletedField,
  picklist,
  readOnly,
  reference,
  requiredText,
  text,
} from './field-builders.ts';
import { STANDARD_ATTACHMENT_PARENTS, STANDARD_FILE_LINK_TARGETS } from './standard-links.ts';
import { sobject } from './standard-object-kit.ts';

export function contentDocument(): ObjectDescribe {
  // Documents are made by inserting a first ContentVersion; the API can rename, re-own or delete.
  return sobject({
    name: 'ContentDocument',
    label: 'Content Document',
    createable: false,
    fields: [
      idField(),
      isDeletedField(),
      checkbox('IsArchived', false, { createable: false, updateable: false }),
      requiredText('Title', 255, { createable: false }),
      field('Description', 'textarea', { length: 1000, createable: false }),
      reference('OwnerId', ['User'], 'Owner', { createable: false, nillable: false, defaultedOnCreate: true }),
      reference('LatestPublishedVersionId', ['ContentVersion'], 'LatestPublishedVersion', {
        createable: false,
        updateable: false,
      }),
      reference('ParentId', ['ContentWorkspace'], 'Parent', { createable: false, updateable: false }),
      picklist('PublishStatus', ['U', 'P', 'R'], { createable: false, updateable: false, defaultValue: 'P' }),
      readOnly('FileType', 'string', { length: 20 }),
      readOnly('FileExtension', 'string', { length: 40 }),
      readOnly('ContentSize', 'int'),
      readOnly('ContentModifiedDate', 'datetime'),
      ...auditFields(),
    ],
  });
}

export function contentVersion(): ObjectDescribe {
  // Versions are immutable files: the content and its placement are set once, at insert.
  const once = { updateable: false } as const;
  return sobject({
    name: 'ContentVersion',
    label: 'Content Version',
    deletable: false,
    undeletable: false,
    fields: [
      idField(),
      isDeletedField(),
      reference('ContentDocumentId', ['ContentDocument'], 'ContentDocument', {
        ...once,
        cascadeDelete: true,
        defaultedOnCreate: true,
      }),
      requiredText('Title', 255),
      field('Description', 'textarea', { length: 1000 }),
      requiredText('PathOnClient', 500, once),
      field('VersionData', 'base64', { ...once, nillable: false }),
      readOnly('VersionNumber', 'string', { length: 20 }),
      readOnly('IsLatest', 'boolean', { nillable: false, defaultedOnCreate: true }),
      field('ContentModifiedDate', 'datetime', { ...once, defaultedOnCreate: true }),
      reference('FirstPublishLocationId', [...STANDARD_FILE_LINK_TARGETS], 'FirstPublishLocation', once),
      reference('OwnerId', ['User'], 'Owner', { nillable: false, defaultedOnCreate: true }),
      readOnly('Checksum', 'string', { length: 50 }),
      readOnly('ContentSize', 'int'),
      readOnly('FileType', 'string', { length: 20 }),
      readOnly('FileExtension', 'string', { length: 40 }),
      text('ReasonForChange', 1000, once),
      picklist('Origin', ['C', 'H'], { ...once, defaultValue: 'C', restrictedPicklist: true }),
      picklist('ContentLocation', ['S', 'E', 'L'], { ...once, defaultValue: 'S', restrictedPicklist: true }),
      picklist('SharingOption', ['A', 'R'], { defaultValue: 'A', restrictedPicklist: true }),
      ...auditFields(),
    ],
  });
}

export function contentDocumentLink(): ObjectDescribe {
  // Links have no Created/LastModified fields on real orgs: only SystemModstamp.
  return sobject({
    name: 'ContentDocumentLink',
    label: 'Content Document Link',
    undeletable: false,
    fields: [
      idField(),
      isDeletedField(),
      reference('ContentDocumentId', ['ContentDocument'], 'ContentDocument', {
        nillable: false,
        updateable: false,
        cascadeDelete: true,
      }),
      reference('LinkedEntityId', [...STANDARD_FILE_LINK_TARGETS], 'LinkedEntity', {
        nillable: false,
        updateable: false,
        cascadeDelete: true,
      }),
      picklist('ShareType', ['V', 'C', 'I'], { defaultValue: 'V', restrictedPicklist: true }),
      picklist('Visibility', ['AllUsers', 'InternalUsers', 'SharedUsers'], {
        defaultValue: 'AllUsers',
        restrictedPicklist: true,
      }),
      readOnly('SystemModstamp', 'datetime', { nillable: false, defaultedOnCreate: true }),
    ],
  });
}

export function attachment(): ObjectDescribe {
  return sobject({
    name: 'Attachment',
    label: 'Attachment',
    fields: [
      idField(),
      isDeletedField(),
      reference('ParentId', [...STANDARD_ATTACHMENT_PARENTS], 'Parent', {
        nillable: false,
        updateable: false,
        cascadeDelete: true,
      }),
      requiredText('Name', 255, { label: 'File Name', nameField: true }),
      checkbox('IsPrivate'),
      text('ContentType', 120),
      readOnly('BodyLength', 'int'),
      field('Body', 'base64', { nillable: false }),
      reference('OwnerId', ['User'], 'Owner', { nillable: false, defaultedOnCreate: true }),
      field('Description', 'textarea', { length: 500 }),
      ...auditFields(),
    ],
  });
}
