// Seed data in the Salesforce CLI's tree format (`sf data import tree --plan plan.json`): a plan
// lists record files per object in insert order; records name themselves with
// `attributes.referenceId` and point at earlier records with "@ReferenceId" strings.
//
// Mock extensions (see docs/decisions/tree-data-extensions.md): User seeds; ContentVersion seeds
// carry VersionData as base64 and may set ContentDocumentId to "@<earlier ContentVersion>" to
// add a version to that version's document (ContentDocumentLink seeds name their document the
// same way); Attachment seeds carry Body as base64; with a schema, RecordTypeId may be written as
// the record type's developer name.

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isSalesforceId } from '@restorelab/salesforce';
import { z } from 'zod';
import { SchemaError } from './errors.ts';
import { findObject, type OrgSchema } from './standard-schema.ts';

export interface SeedRecord {
  type: string;
  referenceId: string;
  /** Field values as written in the record file; a string "@RefId" names an earlier seed. */
  fields: Record<string, unknown>;
}

const planSchema = z.array(
  z.object({
    sobject: z.string().min(1),
    saveRefs: z.boolean().default(false),
    resolveRefs: z.boolean().default(false),
    files: z.array(z.string().min(1)).min(1),
  }),
);

const recordFileSchema = z.object({
  records: z.array(
    z
      .object({
        attributes: z.object({ type: z.string().min(1), referenceId: z.string().min(1) }),
      })
      .catchall(z.unknown()),
  ),
});

/** Blob fields the extension accepts as base64 text. */
const BASE64_FIELDS: Readonly<Record<string, string>> = { ContentVersion: 'VersionData', Attachment: 'Body' };
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Seeds whose ContentDocumentId "@Ref" names a ContentVersion seed (meaning that version's document). */
const DOCUMENT_BY_VERSION = new Set(['ContentVersion', 'ContentDocumentLink']);

export interface TreePlanOptions {
  /**
   * The org's schema. With it, every seed's object and field names are checked, and a
   * RecordTypeId written as a developer name (`"Internal"`) becomes that record type's id.
   */
  schema?: OrgSchema;
}

/**
 * The seeds of a tree-format plan, in plan order, checked: every "@Ref" names a seed saved
 * (`saveRefs`) earlier in the plan and is used only where the plan entry resolves references.
 * @example const seeds = await loadTreePlan(DEMO_ORG.dataPlan, { schema });
 */
export async function loadTreePlan(planFile: string, options: TreePlanOptions = {}): Promise<SeedRecord[]> {
  const file = resolve(planFile);
  const plan = parseWith(planSchema, await readJson(file), file, 'BAD_TREE_PLAN');
  const seeds: SeedRecord[] = [];
  const saved = new Map<string, SeedRecord>();
  const seen = new Set<string>();
  for (const entry of plan) {
    const entrySeeds: SeedRecord[] = [];
    for (const recordFile of entry.files) {
      const path = resolve(dirname(file), recordFile);
      const { records } = parseWith(recordFileSchema, await readJson(path), path, 'BAD_TREE_RECORD');
      for (const record of records) {
        const { attributes, ...fields } = record;
        const where = `record ${attributes.referenceId}`;
        if (attributes.type !== entry.sobject) {
          throw new SchemaError('BAD_TREE_RECORD', `${where} is a ${attributes.type} in the ${entry.sobject} entry`, {
            file: path,
          });
        }
        if (seen.has(attributes.referenceId.toLowerCase())) {
          throw new SchemaError('BAD_TREE_RECORD', `referenceId ${attributes.referenceId} is used twice`, {
            file: path,
          });
        }
        seen.add(attributes.referenceId.toLowerCase());
        checkFields(attributes.type, fields, where, path);
        for (const [name, value] of Object.entries(fields)) {
          if (typeof value !== 'string' || !value.startsWith('@')) continue;
          const target = saved.get(value.slice(1).toLowerCase());
          if (!entry.resolveRefs) {
            throw new SchemaError(
              'BAD_TREE_PLAN',
              `${where} field ${name} holds a reference ${value} but the ${entry.sobject} entry has resolveRefs false`,
              { file: path },
            );
          }
          if (!target) {
            throw new SchemaError(
              'UNRESOLVED_REFERENCE',
              `${where} field ${name}: ${value} names no record saved (saveRefs) earlier in the plan`,
              { file: path },
            );
          }
          if (
            DOCUMENT_BY_VERSION.has(attributes.type) &&
            name === 'ContentDocumentId' &&
            target.type !== 'ContentVersion'
          ) {
            throw new SchemaError(
              'BAD_TREE_RECORD',
              `${where}: ContentDocumentId must name an earlier ContentVersion seed (its document), not a ${target.type}`,
              { file: path },
            );
          }
        }
        if (options.schema) checkAgainstSchema(options.schema, attributes.type, fields, where, path);
        entrySeeds.push({ type: attributes.type, referenceId: attributes.referenceId, fields });
      }
    }
    seeds.push(...entrySeeds);
    // As with the CLI, references resolve to records of earlier plan entries only.
    if (entry.saveRefs) for (const s of entrySeeds) saved.set(s.referenceId.toLowerCase(), s);
  }
  return seeds;
}

function checkFields(type: string, fields: Record<string, unknown>, where: string, file: string): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value !== null && typeof value === 'object') {
      throw new SchemaError(
        'BAD_TREE_RECORD',
        `${where} field ${name}: nested records are not supported; give the child object its own plan entry`,
        { file },
      );
    }
  }
  const blob = BASE64_FIELDS[type];
  if (blob && blob in fields) {
    const value = fields[blob];
    if (typeof value !== 'string' || !BASE64.test(value) || value.length % 4 !== 0) {
      throw new SchemaError('BAD_TREE_RECORD', `${where} field ${blob} must be base64 text`, { file });
    }
  }
}

/** Object and field names must exist; a RecordTypeId developer name is replaced by its id. */
function checkAgainstSchema(
  schema: OrgSchema,
  type: string,
  fields: Record<string, unknown>,
  where: string,
  file: string,
): void {
  const object = findObject(schema, type);
  if (!object) throw new SchemaError('UNKNOWN_OBJECT', `${where}: no object ${type} in the org schema`, { file });
  for (const name of Object.keys(fields)) {
    if (!object.fields.some((f) => f.name.toLowerCase() === name.toLowerCase())) {
      throw new SchemaError('BAD_TREE_RECORD', `${where}: ${type} has no field ${name}`, { file });
    }
  }
  const rtKey = Object.keys(fields).find((k) => k.toLowerCase() === 'recordtypeid');
  const rt = rtKey === undefined ? undefined : fields[rtKey];
  if (rtKey && typeof rt === 'string' && !rt.startsWith('@') && !isSalesforceId(rt)) {
    const info = object.recordTypeInfos.find((r) => r.developerName === rt);
    if (!info) throw new SchemaError('BAD_TREE_RECORD', `${where}: ${type} has no record type ${rt}`, { file });
    fields[rtKey] = info.recordTypeId;
  }
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new SchemaError('FILE_NOT_FOUND', 'cannot read the file', { file, cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SchemaError('BAD_JSON', `malformed JSON: ${(cause as Error).message}`, { file, cause });
  }
}

function parseWith<T>(
  schema: z.ZodType<T>,
  value: unknown,
  file: string,
  code: 'BAD_TREE_PLAN' | 'BAD_TREE_RECORD',
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SchemaError(code, z.prettifyError(parsed.error), { file });
  return parsed.data;
}
