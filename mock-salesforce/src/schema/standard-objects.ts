// The standard objects every mock org starts with: the fields a restore reads or writes, with the
// flags real describe calls report (createable / updateable / nillable / defaultedOnCreate), the
// real key prefixes, and the standard status picklists with their out-of-the-box values.
//
// Delete behaviour of standard lookups follows Salesforce: deleting an Account deletes its
// Contacts, Opportunities and (non-activated) Contracts; Orders block the delete; Cases keep a
// cleared AccountId. Activities, attachments and file links go with any parent.

import {
  type FieldDescribe,
  MASTER_RECORD_TYPE_ID,
  type ObjectDescribe,
  type RecordTypeInfo,
  STANDARD_KEY_PREFIXES,
} from '@restorelab/salesforce';
import {
  auditFields,
  checkbox,
  field,
  idField,
  isDeletedField,
  ownerField,
  picklist,
  readOnly,
  reference,
  requiredText,
  text,
} from './field-builders.ts';

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

interface ObjectSpec {
  name: string;
  label: string;
  fields: FieldDescribe[];
  createable?: boolean;
  updateable?: boolean;
  deletable?: boolean;
  undeletable?: boolean;
}

function sobject(spec: ObjectSpec): ObjectDescribe {
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
function nameField(length = 255, options: Parameters<typeof field>[2] = {}): FieldDescribe {
  return requiredText('Name', length, { nameField: true, ...options });
}

/** Name computed from FirstName/LastName (Contact, Lead, User). */
function personNameFields(): FieldDescribe[] {
  return [
    text('FirstName', 40),
    requiredText('LastName', 80),
    readOnly('Name', 'string', { length: 121, nameField: true, calculated: true, nillable: false }),
  ];
}

function autoNumber(name: string): FieldDescribe {
  return readOnly(name, 'string', {
    length: 30,
    nameField: true,
    autoNumber: true,
    nillable: false,
    defaultedOnCreate: true,
  });
}

function address(prefix: string): FieldDescribe[] {
  return [
    field(`${prefix}Street`, 'textarea', { length: 255 }),
    text(`${prefix}City`, 40),
    text(`${prefix}State`, 80),
    text(`${prefix}PostalCode`, 20),
    text(`${prefix}Country`, 80),
  ];
}

/** Opportunity stages with the probability and forecast category each one sets. */
export const OPPORTUNITY_STAGES: ReadonlyArray<{
  value: string;
  probability: number;
  forecastCategory: 'Pipeline' | 'BestCase' | 'Commit' | 'Closed' | 'Omitted';
  closed: boolean;
  won: boolean;
}> = [
  { value: 'Prospecting', probability: 10, forecastCategory: 'Pipeline', closed: false, won: false },
  { value: 'Qualification', probability: 10, forecastCategory: 'Pipeline', closed: false, won: false },
  { value: 'Needs Analysis', probability: 20, forecastCategory: 'Pipeline', closed: false, won: false },
  { value: 'Value Proposition', probability: 50, forecastCategory: 'Pipeline', closed: false, won: false },
  { value: 'Id. Decision Makers', probability: 60, forecastCategory: 'Pipeline', closed: false, won: false },
  { value: 'Perception Analysis', probability: 70, forecastCategory: 'Pipeline', closed: false, won: false },
  { value: 'Proposal/Price Quote', probability: 75, forecastCategory: 'Pipeline', closed: false, won: false },
  { value: 'Negotiation/Review', probability: 90, forecastCategory: 'Commit', closed: false, won: false },
  { value: 'Closed Won', probability: 100, forecastCategory: 'Closed', closed: true, won: true },
  { value: 'Closed Lost', probability: 0, forecastCategory: 'Omitted', closed: true, won: false },
];

/** Standard objects a file can be linked to or published in (custom objects are added per org). */
export const STANDARD_FILE_LINK_TARGETS = [
  'Account',
  'Contact',
  'Opportunity',
  'Case',
  'Lead',
  'Contract',
  'Order',
  'Solution',
  'Task',
  'User',
  'ContentWorkspace',
];
/** Standard objects that can carry Classic attachments. */
export const STANDARD_ATTACHMENT_PARENTS = [
  'Account',
  'Contact',
  'Opportunity',
  'Case',
  'Lead',
  'Contract',
  'Order',
  'Solution',
  'Task',
];
/** Standard objects a Task can be about (WhatId); custom objects join when activities are enabled. */
export const STANDARD_ACTIVITY_PARENTS = ['Account', 'Opportunity', 'Case', 'Contract', 'Order', 'Solution'];

/**
 * Polymorphic parent fields whose targets grow with the org's custom objects:
 * `all` takes every custom object, `activities` only those with activities enabled.
 */
export const GROWING_POLYMORPHIC_FIELDS: ReadonlyArray<{ object: string; field: string; takes: 'all' | 'activities' }> =
  [
    { object: 'ContentDocumentLink', field: 'LinkedEntityId', takes: 'all' },
    { object: 'ContentVersion', field: 'FirstPublishLocationId', takes: 'all' },
    { object: 'Attachment', field: 'ParentId', takes: 'all' },
    { object: 'Task', field: 'WhatId', takes: 'activities' },
  ];

/** Parent-side names of standard relationships (`Account.Contacts`), keyed `Child.Field`. */
export const STANDARD_CHILD_RELATIONSHIP_NAMES: Readonly<Record<string, string>> = {
  'Account.ParentId': 'ChildAccounts',
  'Contact.AccountId': 'Contacts',
  'Contact.ReportsToId': 'ReportsToContacts',
  'Opportunity.AccountId': 'Opportunities',
  'Case.AccountId': 'Cases',
  'Case.ContactId': 'Cases',
  'Case.ParentId': 'Cases',
  'Contract.AccountId': 'Contracts',
  'Order.AccountId': 'Orders',
  'Order.ContractId': 'Orders',
  'Task.WhatId': 'Tasks',
  'Task.WhoId': 'Tasks',
  'Attachment.ParentId': 'Attachments',
  'ContentDocumentLink.LinkedEntityId': 'ContentDocumentLinks',
  'ContentDocumentLink.ContentDocumentId': 'ContentDocumentLinks',
  'ContentVersion.ContentDocumentId': 'ContentVersions',
  'ContentVersion.FirstPublishLocationId': 'ContentVersions',
  'User.ProfileId': 'Users',
  'User.ManagerId': 'ManagedUsers',
  'Lead.ConvertedAccountId': 'ConvertedLeads',
  'Lead.ConvertedContactId': 'ConvertedLeads',
  'Lead.ConvertedOpportunityId': 'ConvertedLeads',
};

function organization(): ObjectDescribe {
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
      ...auditFields(),
    ],
  });
}

function user(): ObjectDescribe {
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

function profile(): ObjectDescribe {
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

function recordType(): ObjectDescribe {
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

function group(): ObjectDescribe {
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

function contentWorkspace(): ObjectDescribe {
  return sobject({
    name: 'ContentWorkspace',
    label: 'Library',
    undeletable: false,
    fields: [idField(), nameField(255), field('Description', 'textarea', { length: 500 }), ...auditFields()],
  });
}

function account(): ObjectDescribe {
  return sobject({
    name: 'Account',
    label: 'Account',
    fields: [
      idField(),
      isDeletedField(),
      reference('MasterRecordId', ['Account'], 'MasterRecord', { createable: false, updateable: false }),
      nameField(255),
      picklist('Type', [
        'Prospect',
        'Customer - Direct',
        'Customer - Channel',
        'Channel Partner / Reseller',
        'Installation Partner',
        'Technology Partner',
        'Other',
      ]),
      reference('ParentId', ['Account'], 'Parent'),
      ...address('Billing'),
      ...address('Shipping'),
      field('Phone', 'phone', { length: 40 }),
      field('Fax', 'phone', { length: 40 }),
      text('AccountNumber', 40),
      field('Website', 'url', { length: 255 }),
      picklist('Industry', [
        'Agriculture',
        'Banking',
        'Biotechnology',
        'Consulting',
        'Education',
        'Energy',
        'Finance',
        'Healthcare',
        'Manufacturing',
        'Media',
        'Retail',
        'Technology',
        'Other',
      ]),
      field('AnnualRevenue', 'currency', { precision: 18, scale: 0 }),
      field('NumberOfEmployees', 'int', { precision: 8, scale: 0 }),
      picklist('Rating', ['Hot', 'Warm', 'Cold']),
      field('Description', 'textarea', { length: 32000 }),
      ownerField(['User']),
      ...auditFields(),
      readOnly('LastActivityDate', 'date'),
    ],
  });
}

function contact(): ObjectDescribe {
  return sobject({
    name: 'Contact',
    label: 'Contact',
    fields: [
      idField(),
      isDeletedField(),
      reference('MasterRecordId', ['Contact'], 'MasterRecord', { createable: false, updateable: false }),
      reference('AccountId', ['Account'], 'Account', { cascadeDelete: true }),
      picklist('Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']),
      ...personNameFields(),
      ...address('Mailing'),
      field('Phone', 'phone', { length: 40 }),
      field('MobilePhone', 'phone', { length: 40 }),
      field('Email', 'email', { length: 80 }),
      text('Title', 128),
      text('Department', 80),
      reference('ReportsToId', ['Contact'], 'ReportsTo'),
      field('Birthdate', 'date'),
      picklist('LeadSource', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
      field('Description', 'textarea', { length: 32000 }),
      ownerField(['User']),
      ...auditFields(),
      readOnly('LastActivityDate', 'date'),
    ],
  });
}

function opportunity(): ObjectDescribe {
  return sobject({
    name: 'Opportunity',
    label: 'Opportunity',
    fields: [
      idField(),
      isDeletedField(),
      reference('AccountId', ['Account'], 'Account', { cascadeDelete: true }),
      nameField(120),
      field('Description', 'textarea', { length: 32000 }),
      // StageName is required and has no default: the API must be given a stage.
      picklist(
        'StageName',
        OPPORTUNITY_STAGES.map((s) => s.value),
        { label: 'Stage', nillable: false, restrictedPicklist: true },
      ),
      field('Amount', 'currency', { precision: 18, scale: 2 }),
      // The org sets Probability from the stage when the API leaves it out.
      field('Probability', 'percent', { label: 'Probability (%)', precision: 3, scale: 0, defaultedOnCreate: true }),
      field('CloseDate', 'date', { nillable: false }),
      picklist('Type', ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'New Customer']),
      text('NextStep', 255),
      picklist('LeadSource', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
      readOnly('IsClosed', 'boolean', { nillable: false, defaultedOnCreate: true }),
      readOnly('IsWon', 'boolean', { nillable: false, defaultedOnCreate: true }),
      picklist('ForecastCategoryName', ['Omitted', 'Pipeline', 'BestCase', 'Commit', 'Closed'], {
        label: 'Forecast Category',
        defaultedOnCreate: true,
        restrictedPicklist: true,
      }),
      ownerField(['User']),
      ...auditFields(),
      readOnly('LastActivityDate', 'date'),
    ],
  });
}

function caseObject(): ObjectDescribe {
  return sobject({
    name: 'Case',
    label: 'Case',
    fields: [
      idField(),
      isDeletedField(),
      reference('MasterRecordId', ['Case'], 'MasterRecord', { createable: false, updateable: false }),
      autoNumber('CaseNumber'),
      reference('ContactId', ['Contact'], 'Contact'),
      reference('AccountId', ['Account'], 'Account'),
      reference('ParentId', ['Case'], 'Parent'),
      text('SuppliedName', 80),
      field('SuppliedEmail', 'email', { length: 80 }),
      field('SuppliedPhone', 'phone', { length: 40 }),
      picklist('Type', ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other']),
      picklist('Status', ['New', 'Working', 'Escalated', 'Closed'], { defaultValue: 'New', restrictedPicklist: true }),
      picklist('Reason', ['Installation', 'Equipment Complexity', 'Performance', 'Breakdown', 'Other']),
      picklist('Origin', ['Phone', 'Email', 'Web']),
      text('Subject', 255),
      picklist('Priority', ['High', 'Medium', 'Low'], { defaultValue: 'Medium' }),
      field('Description', 'textarea', { length: 32000 }),
      readOnly('IsClosed', 'boolean', { nillable: false, defaultedOnCreate: true }),
      readOnly('ClosedDate', 'datetime'),
      checkbox('IsEscalated'),
      ownerField(['Group', 'User']),
      ...auditFields(),
    ],
  });
}

function lead(): ObjectDescribe {
  return sobject({
    name: 'Lead',
    label: 'Lead',
    fields: [
      idField(),
      isDeletedField(),
      reference('MasterRecordId', ['Lead'], 'MasterRecord', { createable: false, updateable: false }),
      picklist('Salutation', ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.']),
      ...personNameFields(),
      text('Title', 128),
      requiredText('Company', 255),
      field('Email', 'email', { length: 80 }),
      field('Phone', 'phone', { length: 40 }),
      picklist('LeadSource', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
      picklist(
        'Status',
        ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'],
        { defaultValue: 'Open - Not Contacted', restrictedPicklist: true },
      ),
      picklist('Industry', ['Banking', 'Consulting', 'Education', 'Healthcare', 'Retail', 'Technology', 'Other']),
      picklist('Rating', ['Hot', 'Warm', 'Cold']),
      field('Description', 'textarea', { length: 32000 }),
      // Conversion happens through convertLead, never through a plain write.
      readOnly('IsConverted', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false }),
      readOnly('ConvertedDate', 'date'),
      reference('ConvertedAccountId', ['Account'], 'ConvertedAccount', { createable: false, updateable: false }),
      reference('ConvertedContactId', ['Contact'], 'ConvertedContact', { createable: false, updateable: false }),
      reference('ConvertedOpportunityId', ['Opportunity'], 'ConvertedOpportunity', {
        createable: false,
        updateable: false,
      }),
      ownerField(['Group', 'User']),
      ...auditFields(),
    ],
  });
}

function contract(): ObjectDescribe {
  return sobject({
    name: 'Contract',
    label: 'Contract',
    fields: [
      idField(),
      isDeletedField(),
      reference('AccountId', ['Account'], 'Account', { nillable: false, cascadeDelete: true }),
      autoNumber('ContractNumber'),
      // Created in Draft only; activation is a later update, after which the contract is locked.
      picklist('Status', ['Draft', 'In Approval Process', 'Activated'], {
        defaultValue: 'Draft',
        nillable: false,
        restrictedPicklist: true,
      }),
      picklist('StatusCode', ['Draft', 'InApproval', 'Activated', 'Terminated', 'Expired'], {
        createable: false,
        updateable: false,
        nillable: false,
        defaultValue: 'Draft',
      }),
      field('StartDate', 'date'),
      field('ContractTerm', 'int', { precision: 4, scale: 0 }),
      readOnly('EndDate', 'date', { calculated: true }),
      picklist('OwnerExpirationNotice', ['15', '30', '45', '60', '90', '120']),
      reference('CustomerSignedId', ['Contact'], 'CustomerSigned'),
      field('CustomerSignedDate', 'date'),
      field('CompanySignedDate', 'date'),
      text('SpecialTerms', 4000),
      field('Description', 'textarea', { length: 32000 }),
      readOnly('ActivatedDate', 'datetime'),
      reference('ActivatedById', ['User'], 'ActivatedBy', { createable: false, updateable: false }),
      ownerField(['User']),
      ...auditFields(),
    ],
  });
}

function order(): ObjectDescribe {
  return sobject({
    name: 'Order',
    label: 'Order',
    fields: [
      idField(),
      isDeletedField(),
      reference('AccountId', ['Account'], 'Account', { nillable: false, restrictedDelete: true }),
      reference('ContractId', ['Contract'], 'Contract', { restrictedDelete: true }),
      autoNumber('OrderNumber'),
      text('Name', 80),
      picklist('Status', ['Draft', 'Activated'], { defaultValue: 'Draft', nillable: false, restrictedPicklist: true }),
      picklist('StatusCode', ['Draft', 'Activated', 'Cancelled', 'Expired'], {
        createable: false,
        updateable: false,
        nillable: false,
        defaultValue: 'Draft',
      }),
      field('EffectiveDate', 'date', { label: 'Order Start Date', nillable: false }),
      field('EndDate', 'date'),
      picklist('Type', ['New', 'Renewal', 'Upgrade']),
      text('PoNumber', 80),
      field('Description', 'textarea', { length: 32000 }),
      readOnly('TotalAmount', 'currency', { nillable: false, defaultedOnCreate: true, precision: 18, scale: 2 }),
      readOnly('ActivatedDate', 'datetime'),
      reference('ActivatedById', ['User'], 'ActivatedBy', { createable: false, updateable: false }),
      ownerField(['Group', 'User']),
      ...auditFields(),
    ],
  });
}

function solution(): ObjectDescribe {
  return sobject({
    name: 'Solution',
    label: 'Solution',
    fields: [
      idField(),
      isDeletedField(),
      autoNumber('SolutionNumber'),
      requiredText('SolutionName', 255, { label: 'Solution Title' }),
      picklist('Status', ['Draft', 'Reviewed', 'Duplicate'], {
        defaultValue: 'Draft',
        nillable: false,
        restrictedPicklist: true,
      }),
      checkbox('IsPublished'),
      field('SolutionNote', 'textarea', { length: 32000 }),
      ownerField(['User']),
      ...auditFields(),
    ],
  });
}

function task(): ObjectDescribe {
  return sobject({
    name: 'Task',
    label: 'Task',
    fields: [
      idField(),
      isDeletedField(),
      reference('WhoId', ['Contact', 'Lead'], 'Who', { label: 'Name ID', cascadeDelete: true }),
      reference('WhatId', [...STANDARD_ACTIVITY_PARENTS], 'What', { label: 'Related To ID', cascadeDelete: true }),
      text('Subject', 255),
      field('ActivityDate', 'date', { label: 'Due Date Only' }),
      picklist('Status', ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], {
        defaultValue: 'Not Started',
        nillable: false,
        restrictedPicklist: true,
      }),
      picklist('Priority', ['High', 'Normal', 'Low'], { defaultValue: 'Normal', nillable: false }),
      checkbox('IsHighPriority', false, { createable: false, updateable: false }),
      field('Description', 'textarea', { length: 32000, label: 'Comments' }),
      readOnly('IsClosed', 'boolean', { nillable: false, defaultedOnCreate: true }),
      reference('AccountId', ['Account'], 'Account', { createable: false, updateable: false }),
      picklist('TaskSubtype', ['Task', 'Email', 'Call'], { updateable: false, defaultValue: 'Task' }),
      ownerField(['Group', 'User']),
      ...auditFields(),
    ],
  });
}

function contentDocument(): ObjectDescribe {
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

function contentVersion(): ObjectDescribe {
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

function contentDocumentLink(): ObjectDescribe {
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

function attachment(): ObjectDescribe {
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

/** Fresh copies of every standard object (callers may mutate what they get). */
export function standardObjects(): ObjectDescribe[] {
  return [
    organization(),
    user(),
    profile(),
    recordType(),
    group(),
    contentWorkspace(),
    account(),
    contact(),
    opportunity(),
    caseObject(),
    lead(),
    contract(),
    order(),
    solution(),
    task(),
    contentDocument(),
    contentVersion(),
    contentDocumentLink(),
    attachment(),
  ];
}
