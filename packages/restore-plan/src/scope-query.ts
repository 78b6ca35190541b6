// What the planner service must ask the org before it can plan: the ids whose live state feeds
// `OrgState`. Kept beside the plan so the two agree on the scope (R01) by construction.
import { SchemaIndex } from './schema-index.ts';
import { id18, type RestoreScope, resolveScope } from './scope.ts';
import type { RestoreRequest, SnapshotSlice } from './types.ts';

export interface OrgStateQuery {
  /** Records of the restore: exists (LastModifiedDate, RecordTypeId) / deleted / absent. */
  recordIds: string[];
  /** Records outside the restore that restored records link to: exists or deleted. */
  referenceIds: string[];
  /** Content documents that follow the records: exists (LastModifiedDate, latest version hash) or absent. */
  contentDocumentIds: string[];
  /** Attachments that follow the records (or were selected from Objects/Attachment). */
  attachmentIds: string[];
  /** Object types whose live master record type picklist values R11 needs. */
  objectTypes: string[];
}

/** Runs the same refusals as `planRestore` (R02, unknown root) and lists the ids to look up. */
export function scopeRestore(
  request: RestoreRequest,
  slice: SnapshotSlice,
  downloadOnlyTypes: ReadonlySet<string>,
): OrgStateQuery {
  const schema = new SchemaIndex(slice.schema);
  const scope = resolveScope(request, slice, schema, downloadOnlyTypes);
  const inScope = new Set<string>();
  for (const record of scope.records) inScope.add(id18(record.id)!);
  const references = new Set<string>();
  const types = new Set<string>();
  for (const record of scope.records) {
    types.add(record.type);
    for (const ref of schema.get(record.type)?.references ?? []) {
      const value = record.fields[ref.name];
      const target = typeof value === 'string' ? id18(value) : undefined;
      if (target && !inScope.has(target)) references.add(target);
    }
  }
  const attachmentIds = new Set<string>();
  for (const record of scope.attachmentRecords) {
    attachmentIds.add(id18(record.id)!);
    const parent = record.fields.ParentId;
    const target = typeof parent === 'string' ? id18(parent) : undefined;
    if (target && !inScope.has(target)) references.add(target);
  }
  for (const attachment of slice.attachments) {
    if (inScope.has(id18(attachment.parentId) ?? attachment.parentId)) attachmentIds.add(attachment.id);
  }
  const documents = new Set<string>();
  for (const file of slice.files) {
    if (!file.links.some((l) => inScope.has(id18(l.linkedEntityId) ?? l.linkedEntityId))) continue;
    documents.add(file.contentDocumentId);
    for (const link of file.links) {
      const entity = id18(link.linkedEntityId);
      if (entity && !inScope.has(entity)) references.add(entity);
    }
  }
  const sorted = (s: Set<string>) => [...s].sort();
  const query: OrgStateQuery = {
    recordIds: sorted(inScope),
    referenceIds: sorted(references),
    contentDocumentIds: sorted(documents),
    attachmentIds: sorted(attachmentIds),
    objectTypes: sorted(types),
  };
  resolved.set(query, { request: { ...request }, slice: { ...slice }, downloadOnlyTypes, schema, scope });
  return query;
}

interface ResolvedScope {
  request: RestoreRequest;
  /** The slice's parts as they were: a slice given other records, files or schema since is another. */
  slice: SnapshotSlice;
  downloadOnlyTypes: ReadonlySet<string>;
  schema: SchemaIndex;
  scope: RestoreScope;
}

/** The scope each answer of scopeRestore was resolved from: planRestore reuses it (see `scopeOf`). */
const resolved = new WeakMap<OrgStateQuery, ResolvedScope>();

/**
 * The scope and schema index `query` was made from, when it was made by scopeRestore for this very
 * request, slice and set of download-only types: resolving a scope again costs a pass over every
 * record and link (a tenth of a second at 50k records). Anything else answers undefined.
 */
export function scopeOf(
  query: OrgStateQuery | undefined,
  request: RestoreRequest,
  slice: SnapshotSlice,
  downloadOnlyTypes: ReadonlySet<string>,
): { schema: SchemaIndex; scope: RestoreScope } | undefined {
  const kept = query ? resolved.get(query) : undefined;
  if (
    !kept ||
    kept.slice.records !== slice.records ||
    kept.slice.files !== slice.files ||
    kept.slice.attachments !== slice.attachments ||
    kept.slice.schema !== slice.schema ||
    kept.downloadOnlyTypes !== downloadOnlyTypes ||
    kept.request.rootId !== request.rootId ||
    kept.request.method !== request.method ||
    kept.request.snapshotId !== request.snapshotId
  ) {
    return undefined;
  }
  return { schema: kept.schema, scope: kept.scope };
}
