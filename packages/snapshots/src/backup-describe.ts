// The schema half of a backup: the global describe (asked with If-Modified-Since when the previous
// snapshot kept one), the org's id, and each object's describe trimmed to restorelab's
// ObjectDescribe, with record-type picklist values from the layouts describe when it lacks them.
import type { FieldDescribe, ObjectDescribe, PicklistValue, RecordTypeInfo } from '@restorelab/salesforce';
import { recordTypePicklists, toId18 } from '@restorelab/salesforce';
import { isApiLimitError } from '@restorelab/salesforce/client';
import type { BackupOptions } from './backup.ts';
import {
  type FieldAnswer,
  GlobalDescribeSchema,
  LayoutsSchema,
  type ObjectDescribeAnswer,
  parseAnswer,
} from './backup-answers.ts';
import type { OrgCalls } from './backup-calls.ts';
import type { GlobalObject } from './object-selection.ts';
import { describedSince } from './org-clock.ts';
import type { SnapshotStore } from './store.ts';

/**
 * The global describe, asked with If-Modified-Since when the previous snapshot kept the object list.
 * A 304 means no object's metadata changed since: the previous object list comes back, with the
 * previous describes as `unchanged`. `describedAt` is the org's time of this answer, for the next
 * backup to ask about.
 */
export async function describeGlobal(
  calls: OrgCalls,
  store: SnapshotStore,
  orgId: string,
  options: BackupOptions,
): Promise<{ global: GlobalObject[]; unchanged?: readonly ObjectDescribe[]; describedAt: string | undefined }> {
  const previous = options.conditionalDescribes === false ? undefined : store.latestSnapshot(orgId);
  const schema = previous ? store.schema(previous.id) : undefined;
  const conditional =
    previous && schema?.global ? { previous, global: schema.global, objects: schema.objects } : undefined;
  const { body, date } = await calls.requestWithDate({
    method: 'GET',
    url: '/sobjects',
    ...(conditional
      ? { headers: { 'If-Modified-Since': describedSince(conditional.previous, options.describeClockSkewMs) } }
      : {}),
  });
  // jsforce hands a 304 over as an empty body.
  if (!body && conditional) return { global: conditional.global, unchanged: conditional.objects, describedAt: date };
  if (!body) throw new Error('the org answered the global describe with no body');
  const answer = parseAnswer(GlobalDescribeSchema, body, 'the global describe');
  return { global: trimGlobal(answer.sobjects ?? []), describedAt: date };
}

/** The global describe as object selection reads it (and as the snapshot keeps it). */
function trimGlobal(objects: readonly GlobalObject[]): GlobalObject[] {
  return objects.map((o) => ({ name: o.name, queryable: o.queryable, keyPrefix: o.keyPrefix ?? null }));
}

/** The org's id: the one given (or learnt at login), else one query of Organization. */
export async function orgIdOf(calls: OrgCalls, known: string | undefined): Promise<string> {
  if (known) return toId18(known) ?? known;
  const result = await calls.query('SELECT Id FROM Organization');
  const id = result.records[0]?.Id;
  if (typeof id !== 'string' || !id) throw new Error('the org did not say its id');
  return toId18(id) ?? id;
}

/** The describe answer trimmed to restorelab's ObjectDescribe (what the planner plans from). */
export function trimDescribe(raw: ObjectDescribeAnswer): ObjectDescribe {
  const fields = (raw.fields ?? []).map(trimField);
  return {
    name: raw.name,
    label: raw.label ?? raw.name,
    keyPrefix: raw.keyPrefix ?? '',
    custom: raw.custom === true,
    createable: raw.createable === true,
    updateable: raw.updateable === true,
    deletable: raw.deletable === true,
    queryable: raw.queryable !== false,
    undeletable: raw.undeletable === true,
    fields,
    recordTypeInfos: (raw.recordTypeInfos ?? []).map(
      (rt): RecordTypeInfo => ({
        recordTypeId: rt.recordTypeId,
        developerName: rt.developerName ?? rt.name ?? '',
        name: rt.name ?? '',
        active: rt.active !== false,
        available: rt.available !== false,
        master: rt.master === true,
        defaultRecordTypeMapping: rt.defaultRecordTypeMapping === true,
        ...(rt.picklistValues ? { picklistValues: rt.picklistValues } : {}),
      }),
    ),
    childRelationships: (raw.childRelationships ?? []).map((c) => ({
      childSObject: c.childSObject,
      field: c.field,
      relationshipName: c.relationshipName ?? null,
      cascadeDelete: c.cascadeDelete === true,
      restrictedDelete: c.restrictedDelete === true,
    })),
  };
}

function trimField(f: FieldAnswer): FieldDescribe {
  const out: FieldDescribe = {
    name: f.name,
    label: f.label ?? f.name,
    // Salesforce has more field types than FieldType lists (address, time, combobox…): they are
    // kept as the org names them, and the readers that care compare the name.
    type: f.type as FieldDescribe['type'],
    nillable: f.nillable === true,
    createable: f.createable === true,
    updateable: f.updateable === true,
    defaultedOnCreate: f.defaultedOnCreate === true,
  };
  if (typeof f.length === 'number') out.length = f.length;
  if (f.calculated === true) out.calculated = true;
  if (f.externalId === true) out.externalId = true;
  if (f.unique === true) out.unique = true;
  if (f.referenceTo && f.referenceTo.length > 0) out.referenceTo = f.referenceTo;
  if (f.relationshipName !== undefined) out.relationshipName = f.relationshipName;
  if (f.cascadeDelete === true) out.cascadeDelete = true;
  if (f.restrictedDelete === true) out.restrictedDelete = true;
  if (f.updateableMasterDetail === true) out.updateableMasterDetail = true;
  // Real describes mark master-detail fields with relationshipOrder; the mock may say masterDetail.
  if (f.masterDetail === true || (f.type === 'reference' && typeof f.relationshipOrder === 'number')) {
    out.masterDetail = true;
  }
  if (f.picklistValues && f.picklistValues.length > 0) {
    out.picklistValues = f.picklistValues.map(
      (p): PicklistValue => ({
        value: p.value,
        label: p.label ?? p.value,
        active: p.active !== false,
        defaultValue: p.defaultValue === true,
      }),
    );
  }
  if (f.restrictedPicklist === true) out.restrictedPicklist = true;
  const given = f.defaultValue;
  if (typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean') out.defaultValue = given;
  return out;
}

/**
 * Record types restrict picklist values. When the object describe does not carry them (the real
 * API does not), they come from the layouts describe (`recordTypeMappings[].picklistsForRecordType`):
 * one call per object that has record types beyond the master.
 */
export async function addRecordTypePicklists(
  calls: OrgCalls,
  describe: ObjectDescribe,
  warnings: string[],
): Promise<void> {
  const custom = describe.recordTypeInfos.filter((rt) => !rt.master);
  if (custom.length === 0 || describe.recordTypeInfos.every((rt) => rt.picklistValues !== undefined)) return;
  try {
    const body = await calls.request(`/sobjects/${describe.name}/describe/layouts`);
    const layouts = parseAnswer(LayoutsSchema, body, `the layouts describe of ${describe.name}`);
    const byType = recordTypePicklists(layouts);
    for (const rt of describe.recordTypeInfos) {
      const values = rt.picklistValues ? undefined : byType.get(toId18(rt.recordTypeId) ?? rt.recordTypeId);
      if (values) rt.picklistValues = values;
    }
  } catch (err) {
    // A used-up allocation stops the backup here, naming this step, rather than as a warning.
    if (isApiLimitError(err)) throw err;
    warnings.push(
      `record type picklist values of ${describe.name} unavailable: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
