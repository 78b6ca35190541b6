// Describe answers: global describe, an object's basic info and its full describe, built from the
// org's schema with the extra keys real describes carry (urls, soapType, ...).
import type { FieldDescribe, ObjectDescribe } from '@restorelab/salesforce';
import type { AutoNumberFormat } from '../org/derived-fields.ts';

const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  boolean: 'xsd:boolean',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  base64: 'xsd:base64Binary',
};

export function objectUrls(version: string, name: string): Record<string, string> {
  const base = `/services/data/${version}/sobjects/${name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** The entry of `GET /sobjects` for one object. */
export function basicInfo(describe: ObjectDescribe, version: string): Record<string, unknown> {
  return {
    activateable: false,
    createable: describe.createable,
    custom: describe.custom,
    customSetting: false,
    deletable: describe.deletable,
    deprecatedAndHidden: false,
    feedEnabled: false,
    hasSubtypes: false,
    isSubtype: false,
    keyPrefix: describe.keyPrefix,
    label: describe.label,
    labelPlural: `${describe.label}s`,
    layoutable: true,
    mergeable: false,
    mruEnabled: false,
    name: describe.name,
    queryable: describe.queryable,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: describe.undeletable,
    updateable: describe.updateable,
    urls: objectUrls(version, describe.name),
  };
}

function fieldDescribe(field: FieldDescribe): Record<string, unknown> {
  // The auto-number format is the mock's own bookkeeping; describe does not carry it.
  const { displayFormat: _format, startingNumber: _start, ...shown } = field as FieldDescribe & AutoNumberFormat;
  return {
    aggregatable: field.type !== 'textarea' && field.type !== 'base64',
    autoNumber: false,
    byteLength: (field.length ?? 0) * 3,
    calculated: field.calculated ?? false,
    cascadeDelete: field.cascadeDelete ?? false,
    custom: field.name.endsWith('__c'),
    defaultValue: field.defaultValue ?? null,
    externalId: field.externalId ?? false,
    filterable: field.type !== 'textarea' && field.type !== 'base64',
    idLookup: field.name === 'Id' || (field.externalId ?? false),
    length: field.length ?? 0,
    nameField: false,
    picklistValues: field.picklistValues ?? [],
    polymorphicForeignKey: (field.referenceTo?.length ?? 0) > 1,
    referenceTo: field.referenceTo ?? [],
    relationshipName: field.relationshipName ?? null,
    relationshipOrder: field.masterDetail ? 0 : null,
    restrictedDelete: field.restrictedDelete ?? false,
    restrictedPicklist: field.restrictedPicklist ?? false,
    soapType: SOAP_TYPES[field.type] ?? 'xsd:string',
    sortable: field.type !== 'textarea' && field.type !== 'base64',
    unique: field.unique ?? false,
    writeRequiresMasterRead: false,
    ...shown,
  };
}

/** `GET /sobjects/T/describe`. */
export function fullDescribe(describe: ObjectDescribe, version: string): Record<string, unknown> {
  return {
    ...basicInfo(describe, version),
    fields: describe.fields.map(fieldDescribe),
    childRelationships: describe.childRelationships.map((r) => ({
      deprecatedAndHidden: false,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      ...r,
    })),
    // As the real API: a record type's picklist values are not in the object describe; clients read
    // them from the describe layouts or the UI API (record-type-picklists.ts).
    recordTypeInfos: describe.recordTypeInfos.map(({ picklistValues: _values, ...rt }) => ({
      ...rt,
      urls: { layout: `/services/data/${version}/sobjects/${describe.name}/describe/layouts/${rt.recordTypeId}` },
    })),
    supportedScopes: [{ label: 'All records', name: 'everything' }],
  };
}
