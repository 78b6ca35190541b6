// Standard sales and service objects: accounts, contacts, opportunities, cases, leads, contracts,
// orders, solutions and tasks, with their standard status picklists and real default values.
//
// Delete behaviour of standard lookups follows Salesforce: deleting an Account deletes its
// Contacts, Opportunities and (non-activated) Contracts; Orders block the delete; Cases keep a
// cleared AccountId. Activities go with their parent.

import type { ObjectDescribe } from '@restorelab/salesforce';
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
import { STANDARD_ACTIVITY_PARENTS } from './standard-links.ts';
import { address, autoNumber, nameField, personNameFields, sobject } from './standard-object-kit.ts';

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

export function account(): ObjectDescribe {
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

export function contact(): ObjectDescribe {
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

export function opportunity(): ObjectDescribe {
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

export function caseObject(): ObjectDescribe {
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

export function lead(): ObjectDescribe {
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

export function contract(): ObjectDescribe {
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

export function order(): ObjectDescribe {
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

export function solution(): ObjectDescribe {
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

export function task(): ObjectDescribe {
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
