// How the records of a restore can be found in the live org by their parent (a tree below its
// root): each record's first reference field that names another record of the restore. The org is
// then asked level by level, `WHERE <field> IN (<parents>)`, instead of record by record.
import type { SnapshotSlice } from '@restorelab/restore-plan';
import { toId18 } from '@restorelab/salesforce';
import type { ParentLink } from '@restorelab/salesforce/client';

/**
 * The parent links of the records among `ids`, each parent one of `ids` too. `liveIdOf` maps a
 * backed-up id to the id the record has in the org now (its copy made by an earlier restore).
 * @example parentLinks(slice, query.recordIds) // [{ id: 'a00…', field: 'Milestone__c', parentId: 'a01…' }]
 */
export function parentLinks(
  slice: Pick<SnapshotSlice, 'schema' | 'records'>,
  ids: readonly string[],
  liveIdOf: (id: string) => string = (id) => id,
): ParentLink[] {
  const inScope = new Set<string>();
  for (const id of ids) inScope.add(toId18(id) ?? id);
  // Most values are ids of the restore as they are: toId18 (a microsecond each) only for the rest,
  // once each (a few owners and users are named by every record).
  const outside = new Map<string, string | undefined>();
  const id18 = (id: string) => {
    if (inScope.has(id)) return id;
    if (outside.has(id)) return outside.get(id);
    const normal = toId18(id);
    outside.set(id, normal);
    return normal;
  };
  const references = new Map<string, string[]>();
  for (const object of slice.schema.objects) {
    references.set(
      object.name,
      object.fields.filter((f) => f.type === 'reference').map((f) => f.name),
    );
  }
  const links: ParentLink[] = [];
  for (const record of slice.records) {
    const backedUp = id18(record.id);
    if (!backedUp) continue;
    const id = liveIdOf(backedUp);
    if (!inScope.has(id)) continue;
    for (const field of references.get(record.type) ?? []) {
      const value = record.fields[field];
      const target = typeof value === 'string' ? id18(value) : undefined;
      const parentId = target ? liveIdOf(target) : undefined;
      if (parentId && parentId !== id && inScope.has(parentId)) {
        links.push({ id, field, parentId });
        break;
      }
    }
  }
  return links;
}
