// The schema half of a backup: the global describe (asked with If-Modified-Since when the previous
// snapshot kept one), the org's id, and each object's describe trimmed to restorelab's
// ObjectDescribe, with record-type picklist values from the layouts describe when it lacks them.
import type { FieldDescribe, ObjectDescribe, PicklistValue, RecordTypeInfo } from '@restorelab/salesforce';
import { toId18 } from '@restorelab/salesforce';
import { isApiLimitError } from '@restorelab/salesforce/client';
import type { BackupOptions } from './backup.ts';
import type { OrgCalls } from './backup-calls.ts';
import type { SfRecord } from './backup-records.ts';
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
  const { body, date } = await calls.requestWithDate<{ sobjects?: GlobalObject[] } | '' | undefined>({
    method: 'GET',
    url: '/sobjects',
    ...(conditional
      ? { headers: { 'If-Modified-Since': describedSince(conditional.previous, options.describeClockSkewMs) } }
      : {}),
  });
  // jsforce hands a 304 over as an empty body.
  if (!body && conditional) return { global: conditional.global, unchanged: conditional.objects, describedAt: date };
  if (!body) throw new Error('the org answered the global describe with no body');
  return { global: trimGlobal(body.sobjects ?? []), describedAt: date };
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
export function trimDescribe(raw: SfRecord): ObjectDescribe {
  const fields = ((raw.fields as SfRecord[]) ?? []).map(trimField);
  return {
    name: String(raw.name),
    label: String(raw.label ?? raw.name),
    keyPrefix: String(raw.keyPrefix ?? ''),
    custom: raw.custom === true,
    createable: raw.createable === true,
    updateable: raw.updateable === true,
    deletable: raw.deletable === true,
    queryable: raw.queryable !== false,
    undeletable: raw.undeletable === true,
    fields,
    recordTypeInfos: ((raw.recordTypeInfos as SfRecord[]) ?? []).map(
      (rt): RecordTypeInfo => ({
        recordTypeId: String(rt.recordTypeId),
        developerName: String(rt.developerName ?? rt.name ?? ''),
        name: String(rt.name ?? ''),
        active: rt.active !== false,
        available: rt.available !== false,
        master: rt.master === true,
        defaultRecordTypeMapping: rt.defaultRecordTypeMapping === true,
        ...(rt.picklistValues ? { picklistValues: rt.picklistValues as Record<string, string[]> } : {}),
      }),
    ),
    childRelationships: ((raw.childRelationships as SfRecord[]) ?? []).map((c) => ({
      childSObject: String(c.childSObject),
      field: String(c.field),
      relationshipName: c.relationshipName == null ? null : String(c.relationshipName),
      cascadeDelete: c.cascadeDelete === true,
      restrictedDelete: c.restrictedDelete === true,
    })),
  };
}

function trimField(f: SfRecord): FieldDescribe {
  const out: FieldDescribe = {
    name: String(f.name),
    label: String(f.label ?? f.name),
    type: String(f.type) as FieldDescribe['type'],
    nillable: f.nillable === true,
    createable: f.createable === true,
    updateable: f.updateable === true,
    defaultedOnCreate: f.defaultedOnCreate === true,
  };
  if (typeof f.length === 'number') out.length = f.length;
  if (f.calculated === true) out.calculated = true;
  if (f.externalId === true) out.externalId = true;
  if (f.unique === true) out.unique = true;
  if (Array.isArray(f.referenceTo) && f.referenceTo.length > 0) out.referenceTo = f.referenceTo.map(String);
  if (f.relationshipName !== undefined)
    out.relationshipName = f.relationshipName == null ? null : String(f.relationshipName);
  if (f.cascadeDelete === true) out.cascadeDelete = true;
  if (f.restrictedDelete === true) out.restrictedDelete = true;
  if (f.updateableMasterDetail === true) out.updateableMasterDetail = true;
  // Real describes mark master-detail fields with relationshipOrder; the mock may say masterDetail.
  if (f.masterDetail === true || (f.type === 'reference' && typeof f.relationshipOrder === 'number')) {
    out.masterDetail = true;
  }
  if (Array.isArray(f.picklistValues) && f.picklistValues.length > 0) {
    out.picklistValues = (f.picklistValues as SfRecord[]).map(
      (p): PicklistValue => ({
        value: String(p.value),
        label: String(p.label ?? p.value),
        active: p.active !== false,
        defaultValue: p.defaultValue === true,
      }),
    );
  }
  if (f.restrictedPicklist === true) out.restrictedPicklist = true;
  if (f.defaultValue !== undefined && f.defaultValue !== null && typeof f.defaultValue !== 'object') {
    out.defaultValue = f.defaultValue as string | number | boolean;
  }
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
    const layouts = (await calls.request(`/sobjects/${describe.name}/describe/layouts`)) as {
      recordTypeMappings?: {
        recordTypeId: string;
        picklistsForRecordType?: { picklistName: string; picklistValues: { value: string }[] }[];
      }[];
    };
    for (const mapping of layouts.recordTypeMappings ?? []) {
      const rt = describe.recordTypeInfos.find((r) => toId18(r.recordTypeId) === toId18(mapping.recordTypeId));
      if (!rt || rt.picklistValues) continue;
      rt.picklistValues = Object.fromEntries(
        (mapping.picklistsForRecordType ?? []).map((p) => [p.picklistName, p.picklistValues.map((v) => v.value)]),
      );
    }
  } catch (err) {
    // A used-up allocation stops the backup here, naming this step, rather than as a warning.
    if (isApiLimitError(err)) throw err;
    warnings.push(
      `record type picklist values of ${describe.name} unavailable: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
