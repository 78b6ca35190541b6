// One custom field from its `.field-meta.xml` content to a describe-shaped field, the way a real
// org describes a deployed field (Number becomes `double`, a lookup's relationship name gets
// `__r`, a master-detail field is required and cascades).

import type { FieldDescribe, FieldType, PicklistValue } from '@restorelab/salesforce';
import type { AutoNumberFormat } from '../org/derived-fields.ts';
import { SchemaError } from './errors.ts';
import { checkbox, type FieldOptions, field, picklistValue, readOnly, reference } from './field-builders.ts';
import { childNode, childNodes, flagOf, numberOf, textOf, type XmlNode } from './metadata-xml.ts';

export interface LoadedField {
  field: FieldDescribe;
  /** Master-detail or lookup: the parent-side relationship name (`Milestones__r`). */
  childRelationshipName?: string;
}

/** Field types whose describe shape is a simple scalar. */
const SCALAR_TYPES: Readonly<Record<string, FieldType>> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Html: 'textarea',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
};

/** Lengths Salesforce fixes for types whose metadata has no `<length>`. */
const FIXED_LENGTHS: Readonly<Record<string, number>> = { TextArea: 255, Email: 80, Phone: 40, Url: 255 };

export const SUPPORTED_FIELD_TYPES = [
  ...Object.keys(SCALAR_TYPES),
  'Checkbox',
  'Picklist',
  'MultiselectPicklist',
  'Lookup',
  'MasterDetail',
  'AutoNumber',
  'Summary',
];

/** `Project__c` → `Project__r`: the child-to-parent relationship name of a custom reference. */
/**
 * Keeps an AutoNumber field's `<displayFormat>` and `<startingNumber>` on the field (the org numbers
 * records with them; describe does not show them).
 */
export function withAutoNumberFormat(field: FieldDescribe, node: XmlNode): FieldDescribe {
  const format: AutoNumberFormat = {};
  const displayFormat = textOf(node, 'displayFormat');
  const startingNumber = numberOf(node, 'startingNumber');
  if (displayFormat !== undefined) format.displayFormat = displayFormat;
  if (startingNumber !== undefined) format.startingNumber = startingNumber;
  return Object.assign(field, format);
}

export function customRelationshipName(fieldName: string): string {
  return fieldName.replace(/__c$/, '__r');
}

export function loadCustomField(objectName: string, fieldName: string, node: XmlNode, file: string): LoadedField {
  const type = textOf(node, 'type');
  const label = textOf(node, 'label') ?? fieldName;
  const required = flagOf(node, 'required');
  const common: FieldOptions = { label, nillable: !required };
  if (flagOf(node, 'unique')) common.unique = true;
  if (flagOf(node, 'externalId')) common.externalId = true;

  if (textOf(node, 'formula') !== undefined) {
    // Formula fields are computed by the org; their type is the result's type.
    const resultType = type && SCALAR_TYPES[type];
    if (!resultType && type !== 'Checkbox') unknownType(type, file);
    return { field: readOnly(fieldName, resultType || 'boolean', { label, calculated: true }) };
  }

  if (type && SCALAR_TYPES[type]) {
    const options: FieldOptions = { ...common };
    const length = numberOf(node, 'length') ?? FIXED_LENGTHS[type];
    if (length !== undefined) options.length = length;
    const precision = numberOf(node, 'precision');
    if (precision !== undefined) options.precision = precision;
    const scale = numberOf(node, 'scale');
    if (scale !== undefined) options.scale = scale;
    const defaultFormula = textOf(node, 'defaultValue');
    if (defaultFormula !== undefined) {
      options.defaultedOnCreate = true;
      options.defaultValue = literalDefault(defaultFormula);
    }
    return { field: field(fieldName, SCALAR_TYPES[type], options) };
  }

  switch (type) {
    case 'Checkbox':
      return { field: checkbox(fieldName, textOf(node, 'defaultValue') === 'true', { label }) };
    case 'AutoNumber':
      return {
        field: withAutoNumberFormat(
          readOnly(fieldName, 'string', {
            label,
            length: 30,
            autoNumber: true,
            nillable: false,
            defaultedOnCreate: true,
          }),
          node,
        ),
      };
    case 'Summary':
      return { field: readOnly(fieldName, 'double', { label, calculated: true, precision: 18, scale: 0 }) };
    case 'Picklist':
    case 'MultiselectPicklist':
      return { field: loadPicklist(fieldName, type, node, file, common) };
    case 'Lookup':
    case 'MasterDetail':
      return loadReference(objectName, fieldName, type, node, file, common);
    default:
      return unknownType(type, file);
  }
}

function unknownType(type: string | undefined, file: string): never {
  throw new SchemaError(
    'UNKNOWN_FIELD_TYPE',
    type === undefined
      ? 'the field has no <type>'
      : `unknown field type "${type}" (supported: ${SUPPORTED_FIELD_TYPES.join(', ')})`,
    { file },
  );
}

/** A default value formula that is a plain literal (`'Draft'`, `42`, `true`); anything else is left to the org. */
function literalDefault(formula: string): string | number | boolean | null {
  const quoted = /^(['"])(.*)\1$/s.exec(formula.trim());
  if (quoted) return quoted[2]!;
  if (/^-?\d+(\.\d+)?$/.test(formula.trim())) return Number(formula);
  if (formula === 'true' || formula === 'false') return formula === 'true';
  return null;
}

function loadPicklist(
  fieldName: string,
  type: 'Picklist' | 'MultiselectPicklist',
  node: XmlNode,
  file: string,
  common: FieldOptions,
): FieldDescribe {
  const valueSet = childNode(node, 'valueSet');
  if (!valueSet) throw new SchemaError('BAD_METADATA', `picklist ${fieldName} has no <valueSet>`, { file });
  if (textOf(valueSet, 'valueSetName') !== undefined) {
    throw new SchemaError(
      'BAD_METADATA',
      `picklist ${fieldName} uses a global value set, which the mock does not load; inline the values`,
      { file },
    );
  }
  const definition = childNode(valueSet, 'valueSetDefinition');
  const values: PicklistValue[] = childNodes(definition ?? {}, 'value').map((v) => {
    const value = textOf(v, 'fullName');
    if (!value) throw new SchemaError('BAD_METADATA', `a value of picklist ${fieldName} has no <fullName>`, { file });
    return picklistValue(value, flagOf(v, 'default'), textOf(v, 'label') ?? value, flagOf(v, 'isActive', true));
  });
  if (values.length === 0) throw new SchemaError('BAD_METADATA', `picklist ${fieldName} has no values`, { file });
  const defaults = values.filter((v) => v.defaultValue);
  if (defaults.length > 1) {
    throw new SchemaError('BAD_METADATA', `picklist ${fieldName} has more than one default value`, { file });
  }
  return field(fieldName, type === 'Picklist' ? 'picklist' : 'multipicklist', {
    ...common,
    length: type === 'Picklist' ? 255 : 4099,
    picklistValues: values,
    restrictedPicklist: flagOf(valueSet, 'restricted'),
    defaultedOnCreate: defaults.length === 1,
    defaultValue: defaults[0]?.value ?? null,
  });
}

function loadReference(
  objectName: string,
  fieldName: string,
  type: 'Lookup' | 'MasterDetail',
  node: XmlNode,
  file: string,
  common: FieldOptions,
): LoadedField {
  const target = textOf(node, 'referenceTo');
  if (!target) throw new SchemaError('BAD_METADATA', `${type} ${fieldName} has no <referenceTo>`, { file });
  const relationshipName = textOf(node, 'relationshipName');
  const childRelationshipName = relationshipName ? `${relationshipName}__r` : undefined;
  const result = (f: FieldDescribe): LoadedField =>
    childRelationshipName ? { field: f, childRelationshipName } : { field: f };

  if (type === 'MasterDetail') {
    const reparentable = flagOf(node, 'reparentableMasterDetail');
    return result(
      reference(fieldName, [target], customRelationshipName(fieldName), {
        label: common.label,
        nillable: false,
        updateable: reparentable,
        updateableMasterDetail: reparentable,
        masterDetail: true,
        cascadeDelete: true,
      }),
    );
  }

  const constraint = textOf(node, 'deleteConstraint') ?? 'SetNull';
  if (!['SetNull', 'Restrict', 'Cascade'].includes(constraint)) {
    throw new SchemaError('BAD_METADATA', `lookup ${fieldName} has an unknown deleteConstraint "${constraint}"`, {
      file,
    });
  }
  if (common.nillable === false && constraint === 'SetNull') {
    // A real deploy refuses this too: a required value cannot be cleared when its parent goes.
    throw new SchemaError(
      'BAD_METADATA',
      `required lookup ${objectName}.${fieldName} cannot use deleteConstraint SetNull (use Restrict or Cascade)`,
      { file },
    );
  }
  return result(
    reference(fieldName, [target], customRelationshipName(fieldName), {
      ...common,
      cascadeDelete: constraint === 'Cascade',
      restrictedDelete: constraint === 'Restrict',
    }),
  );
}
