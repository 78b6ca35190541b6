// What the plan needs to know about each object of the backed-up schema, worked out once per object
// (not once per record): which fields are written on create and on update, which are links, which
// links are mandatory, and which links make a record a child of its target (R01).
import type { FieldDescribe, ObjectDescribe } from '@restorelab/salesforce';
import {
  AUDIT_FIELDS,
  isMandatoryLink,
  isRequiredOnCreate,
  isStandardStatusField,
  keyPrefixOf,
  NON_HIERARCHY_TARGETS,
  STANDARD_KEY_PREFIXES,
} from '@restorelab/salesforce';
import type { SnapshotSchema } from '@restorelab/snapshots';

const NON_HIERARCHY_PREFIXES: ReadonlySet<string> = new Set(
  [...NON_HIERARCHY_TARGETS].map((t) => STANDARD_KEY_PREFIXES[t]).filter((p): p is string => p !== undefined),
);

/** Object types that restore as files or attachments, never as plain records (R12, R13). */
export const FILE_OBJECT_TYPES: ReadonlySet<string> = new Set([
  'ContentDocument',
  'ContentVersion',
  'ContentDocumentLink',
]);
export const ATTACHMENT_OBJECT_TYPE = 'Attachment';

// Never written by a restore whatever the describe says: the org owns them.
const SYSTEM_FIELDS: ReadonlySet<string> = new Set(['Id', 'IsDeleted', 'MasterRecordId', ...AUDIT_FIELDS]);

export interface FieldSpec {
  name: string;
  reference: boolean;
  /** R08/R09: master-detail or required lookup. */
  mandatory: boolean;
  /** R01: following it from child to parent walks up the hierarchy. */
  hierarchy: boolean;
  picklist: 'single' | 'multi' | null;
  nillable: boolean;
  /** R10: a standard status picklist, never written. */
  standardStatus: boolean;
  /**
   * R10, for a standard status picklist the org insists on at create time (Opportunity.StageName): the value
   * the org would pick itself — the picklist's default, else its first active value. Undefined otherwise.
   */
  statusOnCreate: string | undefined;
  createable: boolean;
  updateable: boolean;
}

export interface ObjectSpec {
  name: string;
  describe: ObjectDescribe;
  createable: boolean;
  updateable: boolean;
  /** Every reference field (links to follow, rewrite, order by). */
  references: FieldSpec[];
  /** Non-reference fields considered for writing (status fields included, so R10 can say why it omits them). */
  values: FieldSpec[];
  /** The object has record types: creates carry the master record type (R11). */
  recordTypeField: boolean;
  /** Links to records of this object can make a record its child (R01): not users, groups and the like. */
  parentKind: boolean;
}

export class SchemaIndex {
  readonly #objects = new Map<string, ObjectSpec>();

  constructor(schema: SnapshotSchema) {
    for (const describe of schema.objects) this.#objects.set(describe.name, objectSpec(describe));
  }

  get(objectType: string): ObjectSpec | undefined {
    return this.#objects.get(objectType);
  }
}

function objectSpec(describe: ObjectDescribe): ObjectSpec {
  const references: FieldSpec[] = [];
  const values: FieldSpec[] = [];
  let recordTypeField = false;
  for (const field of describe.fields) {
    if (field.name === 'RecordTypeId') {
      recordTypeField = field.createable;
      continue;
    }
    if (SYSTEM_FIELDS.has(field.name) || field.type === 'id' || field.type === 'base64') continue;
    const spec = fieldSpec(describe.name, field);
    if (spec.reference) references.push(spec);
    else if (!field.calculated && (field.createable || field.updateable)) values.push(spec);
  }
  return {
    name: describe.name,
    describe,
    createable: describe.createable,
    updateable: describe.updateable,
    references,
    values,
    recordTypeField,
    parentKind: !NON_HIERARCHY_TARGETS.has(describe.name),
  };
}

function fieldSpec(objectType: string, field: FieldDescribe): FieldSpec {
  const reference = field.type === 'reference';
  const targets = field.referenceTo ?? [];
  return {
    name: field.name,
    reference,
    mandatory: isMandatoryLink(field),
    hierarchy:
      reference &&
      field.name !== 'OwnerId' &&
      !(targets.length > 0 && targets.every((t) => NON_HIERARCHY_TARGETS.has(t))),
    picklist: field.type === 'picklist' ? 'single' : field.type === 'multipicklist' ? 'multi' : null,
    nillable: field.nillable,
    standardStatus: isStandardStatusField(objectType, field.name),
    statusOnCreate:
      isStandardStatusField(objectType, field.name) && isRequiredOnCreate(field) ? orgChosenValue(field) : undefined,
    createable: field.createable && !field.calculated,
    updateable: field.updateable && !field.calculated,
  };
}

function orgChosenValue(field: FieldDescribe): string | undefined {
  const active = (field.picklistValues ?? []).filter((v) => v.active);
  return (active.find((v) => v.defaultValue) ?? active[0])?.value;
}

/** A link whose target id names a user, group, record type and the like is never a hierarchy link. */
export function isHierarchyTarget(targetId: string): boolean {
  return !NON_HIERARCHY_PREFIXES.has(keyPrefixOf(targetId));
}
