// Loads custom objects, custom fields and record types from an SFDX project (Salesforce's own
// source format) onto a base schema, so one folder both seeds the mock and deploys to a real org
// with `sf project deploy start`.

import { basename, join, resolve } from 'node:path';
import { type FieldDescribe, makeId, type ObjectDescribe, type RecordTypeInfo } from '@restorelab/salesforce';
import { linkChildRelationships } from './child-relationships.ts';
import { SchemaError } from './errors.ts';
import {
  auditFields,
  idField,
  isDeletedField,
  ownerField,
  readOnly,
  recordTypeIdField,
  requiredText,
} from './field-builders.ts';
import { childNode, childNodes, flagOf, readMetadataXml, textOf, type XmlNode } from './metadata-xml.ts';
import { MOCK_SETTINGS_FILE, type MockSettings, readMockSettings } from './mock-settings.ts';
import { type LoadedField, loadCustomField, withAutoNumberFormat } from './sfdx-fields.ts';
import { filesEndingWith, objectsFolders, packageDirectories, subfolders } from './sfdx-project.ts';
import { GROWING_POLYMORPHIC_FIELDS, masterRecordType } from './standard-objects.ts';
import { type OrgSchema, standardSchema } from './standard-schema.ts';

const OBJECT_SUFFIX = '.object-meta.xml';
const FIELD_SUFFIX = '.field-meta.xml';
const RECORD_TYPE_SUFFIX = '.recordType-meta.xml';

/** What one object folder (possibly split over several package directories) declares. */
interface ObjectSource {
  name: string;
  folders: string[];
  objectXml?: { node: XmlNode; file: string };
  fields: Array<{ name: string; file: string; loaded: LoadedField }>;
  recordTypes: Array<{ developerName: string; node: XmlNode; file: string }>;
}

/**
 * The schema of an SFDX project: `base` (the standard schema by default, never modified) plus the
 * project's custom objects, custom fields and record types.
 * @example const schema = await loadSfdxSchema(DEMO_ORG.metadataDir);
 */
export async function loadSfdxSchema(dir: string, base: OrgSchema = standardSchema()): Promise<OrgSchema> {
  const projectDir = resolve(dir);
  const objects = structuredClone(base.objects);
  const byName = new Map(objects.map((o) => [o.name, o]));
  const settings = await readMockSettings(projectDir);
  const sources = await readSources(await objectsFolders(await packageDirectories(projectDir)));

  // Custom objects first (prefixes a00, a01, ... in folder-name order), so fields can point at any of them.
  let customCount = objects.filter((o) => o.custom).length;
  for (const source of sources) {
    if (byName.has(source.name) || source.name === ACTIVITY) continue;
    checkObjectName(source);
    const object = customObject(source, customCount++);
    objects.push(object);
    byName.set(object.name, object);
  }

  const childNames = new Map<string, string>();
  for (const source of sources) {
    for (const object of objectsOf(source, byName)) {
      for (const { name, file, loaded } of source.fields) {
        if (object.fields.some((f) => f.name === name)) {
          throw new SchemaError('BAD_METADATA', `field ${name} is defined twice on ${object.name}`, { file });
        }
        for (const target of loaded.field.referenceTo ?? []) {
          if (!byName.has(target)) {
            throw new SchemaError(
              'UNKNOWN_OBJECT',
              `${name} refers to ${target}, which is neither standard nor in the project`,
              {
                file,
              },
            );
          }
        }
        object.fields.push(structuredClone(loaded.field));
        if (loaded.childRelationshipName) childNames.set(`${object.name}.${name}`, loaded.childRelationshipName);
      }
    }
  }

  // A custom object that is the detail of a master-detail takes its owner from the master.
  for (const source of sources) {
    const object = byName.get(source.name);
    if (!object?.custom) continue;
    if (!object.fields.some((f) => f.masterDetail)) insertAfterId(object, ownerField(['Group', 'User']));
  }

  let recordTypeCount = objects.reduce((n, o) => n + o.recordTypeInfos.filter((r) => !r.master).length, 0);
  for (const source of sources) {
    const object = byName.get(source.name);
    if (!object) continue;
    for (const rt of source.recordTypes) {
      object.recordTypeInfos.push(recordType(object, rt, makeId('012', ++recordTypeCount)));
    }
    if (source.recordTypes.length > 0 && !object.fields.some((f) => f.name === 'RecordTypeId')) {
      insertAfter(object, 'Name', recordTypeIdField());
    }
  }
  applySettings(settings, byName, join(projectDir, MOCK_SETTINGS_FILE));
  growPolymorphicFields(sources, byName);

  linkChildRelationships(objects, childNames);
  return { objects };
}

/** SFDX keeps custom fields of Task and Event in one `Activity` folder. */
const ACTIVITY = 'Activity';

function objectsOf(source: ObjectSource, byName: Map<string, ObjectDescribe>): ObjectDescribe[] {
  const names = source.name === ACTIVITY ? ['Task', 'Event'] : [source.name];
  return names.map((n) => byName.get(n)).filter((o): o is ObjectDescribe => o !== undefined);
}

async function readSources(objectsDirs: string[]): Promise<ObjectSource[]> {
  const byName = new Map<string, ObjectSource>();
  for (const objectsDir of objectsDirs) {
    for (const name of await subfolders(objectsDir)) {
      const folder = join(objectsDir, name);
      const source = byName.get(name) ?? { name, folders: [], fields: [], recordTypes: [] };
      byName.set(name, source);
      source.folders.push(folder);
      const objectFile = join(folder, `${name}${OBJECT_SUFFIX}`);
      if ((await filesEndingWith(folder, OBJECT_SUFFIX)).includes(basename(objectFile))) {
        source.objectXml = { node: await readMetadataXml(objectFile, 'CustomObject'), file: objectFile };
      }
      const fieldsDir = join(folder, 'fields');
      for (const fileName of await filesEndingWith(fieldsDir, FIELD_SUFFIX)) {
        const file = join(fieldsDir, fileName);
        const fieldName = fileName.slice(0, -FIELD_SUFFIX.length);
        // Files for standard fields (history tracking, help text) are settings of fields the mock
        // already models its own way; retrieved projects are full of them.
        if (!fieldName.endsWith('__c')) continue;
        const node = await readMetadataXml(file, 'CustomField');
        source.fields.push({ name: fieldName, file, loaded: loadCustomField(name, fieldName, node, file) });
      }
      const rtDir = join(folder, 'recordTypes');
      for (const fileName of await filesEndingWith(rtDir, RECORD_TYPE_SUFFIX)) {
        const file = join(rtDir, fileName);
        const developerName = fileName.slice(0, -RECORD_TYPE_SUFFIX.length);
        source.recordTypes.push({ developerName, node: await readMetadataXml(file, 'RecordType'), file });
      }
    }
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function checkObjectName(source: ObjectSource): void {
  const folder = source.folders[0]!;
  if (/__(mdt|e|b|x|share|history|feed)$/i.test(source.name)) {
    throw new SchemaError('BAD_METADATA', `object kind of ${source.name} is not supported by the mock`, {
      file: folder,
    });
  }
  if (!source.name.endsWith('__c')) {
    throw new SchemaError('UNKNOWN_OBJECT', `${source.name} is not a standard object the mock knows`, {
      file: folder,
    });
  }
  if (!source.objectXml) {
    throw new SchemaError('BAD_METADATA', `custom object ${source.name} has no ${source.name}${OBJECT_SUFFIX}`, {
      file: folder,
    });
  }
}

/** Key prefix of the n-th custom object: a00 … a09, a0A … a0Z, a0a … a0z, a10, … */
export function customKeyPrefix(n: number): string {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  if (n < 0 || n >= 62 * 62) throw new RangeError(`too many custom objects (${n + 1})`);
  return `a${digits[Math.floor(n / 62)]}${digits[n % 62]}`;
}

function customObject(source: ObjectSource, index: number): ObjectDescribe {
  const { node, file } = source.objectXml!;
  const nameNode = childNode(node, 'nameField');
  if (!nameNode) throw new SchemaError('BAD_METADATA', `custom object ${source.name} has no <nameField>`, { file });
  const nameType = textOf(nameNode, 'type') ?? 'Text';
  const nameLabel = textOf(nameNode, 'label') ?? 'Name';
  let name: FieldDescribe;
  if (nameType === 'Text') {
    name = requiredText('Name', 80, { label: nameLabel, nameField: true });
  } else if (nameType === 'AutoNumber') {
    name = withAutoNumberFormat(
      readOnly('Name', 'string', {
        label: nameLabel,
        length: 80,
        nameField: true,
        autoNumber: true,
        nillable: false,
        defaultedOnCreate: true,
      }),
      nameNode,
    );
  } else {
    throw new SchemaError('UNKNOWN_FIELD_TYPE', `name field type "${nameType}" (use Text or AutoNumber)`, { file });
  }
  const fields = [idField(), isDeletedField(), name, ...auditFields()];
  if (flagOf(node, 'enableActivities')) fields.push(readOnly('LastActivityDate', 'date'));
  return {
    name: source.name,
    label: textOf(node, 'label') ?? source.name,
    keyPrefix: customKeyPrefix(index),
    custom: true,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    undeletable: true,
    fields,
    recordTypeInfos: [masterRecordType()],
    childRelationships: [],
  };
}

function insertAfterId(object: ObjectDescribe, f: FieldDescribe): void {
  insertAfter(object, 'Id', f);
}

function insertAfter(object: ObjectDescribe, after: string, f: FieldDescribe): void {
  const i = object.fields.findIndex((x) => x.name === after);
  object.fields.splice(i < 0 ? object.fields.length : i + 1, 0, f);
}

function recordType(
  object: ObjectDescribe,
  rt: { developerName: string; node: XmlNode; file: string },
  recordTypeId: string,
): RecordTypeInfo {
  const picklistValues: Record<string, string[]> = {};
  const defaults: Record<string, string> = {};
  for (const entry of childNodes(rt.node, 'picklistValues')) {
    const fieldName = textOf(entry, 'picklist');
    const valueNodes = childNodes(entry, 'values');
    const values = valueNodes.map((v) => decodeValue(textOf(v, 'fullName') ?? ''));
    const defaultNode = valueNodes.find((v) => flagOf(v, 'default'));
    if (fieldName && defaultNode) defaults[fieldName] = decodeValue(textOf(defaultNode, 'fullName') ?? '');
    if (!fieldName)
      throw new SchemaError('BAD_METADATA', 'a <picklistValues> entry has no <picklist>', { file: rt.file });
    checkPicklistValues(object, fieldName, values, rt.file);
    picklistValues[fieldName] = values;
  }
  const active = flagOf(rt.node, 'active');
  return {
    recordTypeId,
    developerName: rt.developerName,
    name: textOf(rt.node, 'label') ?? rt.developerName,
    active,
    available: active,
    master: false,
    defaultRecordTypeMapping: false,
    picklistValues,
    ...(Object.keys(defaults).length > 0 ? { defaultPicklistValues: defaults } : {}),
  };
}

/** Record type files write picklist values URL-encoded (`Closed %28Won%29`). */
function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function checkPicklistValues(object: ObjectDescribe, fieldName: string, values: string[], file: string): void {
  const f = object.fields.find((x) => x.name === fieldName);
  if (!f || (f.type !== 'picklist' && f.type !== 'multipicklist')) {
    throw new SchemaError('BAD_METADATA', `${object.name}.${fieldName} is not a picklist field`, { file });
  }
  const known = new Set(f.picklistValues?.map((v) => v.value));
  const unknown = values.filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new SchemaError('BAD_METADATA', `${object.name}.${fieldName} has no value(s) ${unknown.join(', ')}`, {
      file,
    });
  }
}

function applySettings(settings: MockSettings, byName: Map<string, ObjectDescribe>, file: string): void {
  for (const [key, values] of Object.entries(settings.masterPicklistValues ?? {})) {
    const [objectName, fieldName] = key.split('.') as [string, string];
    const object = byName.get(objectName);
    if (!object) throw new SchemaError('UNKNOWN_OBJECT', `masterPicklistValues: no object ${objectName}`, { file });
    checkPicklistValues(object, fieldName, values, file);
    const master = object.recordTypeInfos.find((r) => r.master)!;
    master.picklistValues = { ...master.picklistValues, [fieldName]: values };
  }
  for (const [objectName, developerName] of Object.entries(settings.defaultRecordTypes ?? {})) {
    const object = byName.get(objectName);
    if (!object) throw new SchemaError('UNKNOWN_OBJECT', `defaultRecordTypes: no object ${objectName}`, { file });
    const chosen = object.recordTypeInfos.find((r) => r.developerName === developerName);
    if (!chosen?.active) {
      throw new SchemaError(
        'BAD_METADATA',
        `defaultRecordTypes: ${objectName} has no active record type ${developerName}`,
        {
          file,
        },
      );
    }
    for (const r of object.recordTypeInfos) r.defaultRecordTypeMapping = r === chosen;
  }
}

/** File links, attachments and activities can hang off the project's custom objects too. */
function growPolymorphicFields(sources: ObjectSource[], byName: Map<string, ObjectDescribe>): void {
  const custom = sources.filter((s) => s.objectXml && byName.get(s.name)?.custom);
  for (const { object, field: fieldName, takes } of GROWING_POLYMORPHIC_FIELDS) {
    const f = byName.get(object)?.fields.find((x) => x.name === fieldName);
    if (!f?.referenceTo) continue;
    for (const s of custom) {
      if (takes === 'activities' && !flagOf(s.objectXml!.node, 'enableActivities')) continue;
      if (!f.referenceTo.includes(s.name)) f.referenceTo.push(s.name);
    }
    f.polymorphicForeignKey = f.referenceTo.length > 1;
  }
}
