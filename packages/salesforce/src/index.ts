// @restorelab/salesforce: the Salesforce model shared by the mock, the snapshot store and the services.
export {
  checksumSuffix,
  isSalesforceId,
  keyPrefixOf,
  MASTER_RECORD_TYPE_ID,
  makeId,
  STANDARD_KEY_PREFIXES,
  sameId,
  toId18,
} from './ids.ts';
export { type LayoutsAnswer, recordTypePicklists } from './layouts.ts';
export type {
  ChildRelationship,
  FieldDescribe,
  FieldType,
  ObjectDescribe,
  PicklistValue,
  RecordTypeInfo,
} from './schema.ts';
export {
  AUDIT_FIELDS,
  CONFIGURATION_KEY_PREFIXES,
  CONFIGURATION_TYPES,
  isMandatoryLink,
  isRequiredOnCreate,
  isStandardStatusField,
  NON_HIERARCHY_TARGETS,
  STANDARD_STATUS_FIELDS,
} from './schema.ts';
