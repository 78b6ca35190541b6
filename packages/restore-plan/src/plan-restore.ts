// planRestore: the pure heart of the restore. (request, snapshot slice, live org state) → the
// restore plan: the summary a person confirms (R04) and the ordered writes it stands for.
// No I/O, no clock, no randomness: the same input always gives the same plan.
import { MASTER_RECORD_TYPE_ID } from '@restorelab/salesforce';
import { PlanError } from './errors.ts';
import { planAttachments, planFiles, type RecordLookup } from './files.ts';
import { decideRecords } from './record-actions.ts';
import { type FieldSpec, type ObjectSpec, SchemaIndex } from './schema-index.ts';
import { id18, type RestoreScope, resolveScope } from './scope.ts';
import { scopeOf } from './scope-query.ts';
import { append, NO_FIELDS, NONE } from './shared.ts';
import { summarize } from './summary.ts';
import type { IdRewrite, OmittedValue, OrgState, PlanInput, PlannedRecord, RecordPatch, RestorePlan } from './types.ts';
import { chooseValues, type WrittenRecordType } from './values.ts';
import { batchPatches, batchWaves } from './waves.ts';

/** Stands for the id the org gives a re-created record; the executor swaps in the real one (R06). */
export function newIdPlaceholder(sourceId: string): string {
  return `new:${sourceId}`;
}

function resolved(input: PlanInput): { schema: SchemaIndex; scope: RestoreScope } {
  const schema = new SchemaIndex(input.slice.schema);
  return { schema, scope: resolveScope(input.request, input.slice, schema, input.downloadOnlyTypes) };
}

/**
 * Plans a restore without touching anything.
 *
 * ```ts
 * const plan = planRestore({ request: { snapshotId, rootId, method: 'related' }, slice, org,
 *   downloadOnlyTypes: DOWNLOAD_ONLY_TYPES, adminUserId });
 * plan.summary.records.total; // { create, overwrite, skip, willFail }
 * ```
 * Throws PlanError when the request cannot be planned at all (R02 download-only, unknown root).
 */
export function planRestore(input: PlanInput): RestorePlan {
  const { request, slice, org } = input;
  const { schema, scope } = scopeOf(input.query, request, slice, input.downloadOnlyTypes) ?? resolved(input);
  const records = scope.records;
  const n = records.length;
  const specs: ObjectSpec[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const record = records[i]!;
    const spec = schema.get(record.type);
    if (!spec) throw new PlanError('OBJECT_NOT_IN_SCHEMA', `no describe for ${record.type}`);
    specs[i] = spec;
  }

  const decided = decideRecords(records, specs, scope, org);
  const { action, failure, liveExists, component, wave } = decided;
  const allowedCache = new Map<string, ReadonlySet<string>>();
  const planned: PlannedRecord[] = new Array(n);
  const patches: RecordPatch[] = [];

  for (let i = 0; i < n; i++) {
    const record = records[i]!;
    const spec = specs[i]!;
    const sourceId = id18(record.id)!;
    const act = action[i]!;
    const writes = act === 'create' || act === 'overwrite';
    // Every property is set here, once, so a million items share one shape and none needs a
    // second allocation for properties added later (absent ones are undefined, as before).
    const item: PlannedRecord = {
      itemId: `record:${sourceId}`,
      sourceId,
      objectType: record.type,
      action: act,
      fields: NO_FIELDS,
      idRewrites: NONE,
      deferredLinks: NONE,
      omitted: NONE,
      files: NONE,
      attachments: NONE,
      failure: failure[i],
      wave: writes ? wave[i]! : undefined,
      newIdPlaceholder: act === 'create' ? newIdPlaceholder(sourceId) : undefined,
      targetId: act === 'overwrite' ? sourceId : undefined,
    };
    planned[i] = item;
    if (!writes) continue;

    const operation = act === 'create' ? 'create' : 'update';
    const recordType = spec.recordTypeField ? writtenRecordType(org, record.type, operation, sourceId) : undefined;
    const chosen = chooseValues(spec, record.fields, operation, recordType, allowedCache);
    item.fields = chosen.fields;
    item.omitted = chosen.omitted;

    // References: keep links to records the org has, rewrite links to re-created ones (R06), empty
    // links that could not be satisfied, defer optional links inside a loop of links (R09).
    const refs = spec.references;
    const base = scope.linkStart[i]!;
    for (let k = 0; k < refs.length; k++) {
      const ref = refs[k]!;
      if (operation === 'create' ? !ref.createable : !ref.updateable) continue;
      const value = record.fields[ref.name];
      if (value === undefined) continue;
      const j = scope.linkTarget[base + k]!;
      if (j < 0 || liveExists[j]) {
        const target = typeof value === 'string' && decided.deletedOutside.size > 0 ? id18(value) : undefined;
        if (j < 0 && target !== undefined && decided.deletedOutside.has(target)) {
          writeEmpty(item, ref);
          item.omitted = append(
            item.omitted,
            omitted(ref.name, value, 'R08', 'optional link to a record deleted in the org and not in this restore'),
          );
        } else if (value !== null || ref.nillable) item.fields[ref.name] = value;
        continue;
      }
      const target = id18(records[j]!.id)!;
      const link: IdRewrite = { field: ref.name, targetSourceId: target };
      if (action[j] === 'willFail') {
        // Only optional links get here: a mandatory one would have failed this record too.
        writeEmpty(item, ref);
        const rule = failure[j]!.rule === 'R09' ? 'R09' : 'R08';
        item.omitted = append(
          item.omitted,
          omitted(ref.name, value, rule, `optional link to ${target}, which will not be restored`),
        );
      } else if (!ref.mandatory && component[i] === component[j]) {
        writeEmpty(item, ref);
        item.deferredLinks = append(item.deferredLinks, link);
      } else item.idRewrites = append(item.idRewrites, link);
    }
    if (item.deferredLinks.length > 0) {
      patches.push({ sourceId, objectType: record.type, links: item.deferredLinks });
    }
  }

  const lookup: RecordLookup = {
    get: (id) => {
      const i = scope.positionOf(id);
      return i === undefined ? undefined : planned[i];
    },
    isNew: (id) => {
      const i = scope.positionOf(id);
      return i !== undefined && liveExists[i] === 0;
    },
  };
  const files = planFiles(slice.files, lookup, org, input.adminUserId);
  const attachments = planAttachments(slice.attachments, scope.attachmentRecords, lookup, org);
  const waves = batchWaves(planned);
  const patchBatches = batchPatches(patches, waves.length);
  const summary = summarize(
    { ...request, rootId: id18(scope.root.id)! },
    planned,
    files,
    attachments,
    scope.attachmentRecords.length,
  );
  return { summary, records: planned, waves, patches, patchBatches, files, attachments };
}

/**
 * R11: the record type a write gives the record and the values it allows. A create takes the master;
 * an overwrite keeps the live record's own (none in the org's answer means the master, which is
 * what an earlier restore's copy has).
 */
function writtenRecordType(
  org: OrgState,
  objectType: string,
  operation: 'create' | 'update',
  sourceId: string,
): WrittenRecordType | undefined {
  const master = { id: MASTER_RECORD_TYPE_ID, allowed: org.masterPicklistValues[objectType] ?? {} };
  if (operation === 'create') return master;
  const live = org.records.get(sourceId);
  const liveType = live?.state === 'exists' && live.recordTypeId ? id18(live.recordTypeId) : undefined;
  if (!liveType || liveType === MASTER_RECORD_TYPE_ID) return master;
  const allowed = org.recordTypePicklistValues?.[objectType]?.[liveType];
  return allowed ? { id: liveType, allowed } : undefined;
}

// An empty link is written as null where the field takes null; a field the org fills by itself
// (OwnerId and the like) is left out instead, so the org's default applies.
function writeEmpty(item: PlannedRecord, ref: FieldSpec): void {
  if (ref.nillable) item.fields[ref.name] = null;
}

function omitted(field: string, value: unknown, rule: OmittedValue['rule'], reason: string): OmittedValue {
  return { field, value, rule, reason };
}
