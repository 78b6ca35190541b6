// An index over one lookup or master-detail field: the id a row points at to the ids of the rows
// pointing at it. A real org indexes these fields, so reading children by their parents (`WHERE
// ParentField IN (...)`, the restore planner's walk) costs the size of the answer, not of the object. Like the unique-field index, deleted rows stay indexed and readers
// apply the deleted-row rule themselves.
import type { FieldDescribe } from '@restorelab/salesforce';

/**
 * References to these objects are left unindexed: an org has a handful of users, groups and record
 * types, so OwnerId, CreatedById, LastModifiedById and RecordTypeId would each make a few buckets
 * holding most of the object. Such an index costs memory and write time on every row and narrows
 * nothing a scan would not; the planner never walks from a user to the records they own.
 */
const UNINDEXED_TARGETS = new Set(['user', 'group', 'recordtype']);

/** Whether a field gets a reference index: a lookup or master-detail (polymorphic ones included). */
export function isIndexedReference(field: FieldDescribe): boolean {
  if (field.type !== 'reference') return false;
  const targets = field.referenceTo ?? [];
  return targets.length > 0 && !targets.every((t) => UNINDEXED_TARGETS.has(t.toLowerCase()));
}

/**
 * The bucket of a stored reference: the first 15 characters of an id in either form, which name the
 * record on their own (the 18-character suffix only restores their case). Cheaper than normalising
 * every write, and it loses nothing: a value SOQL reads as id X (toId18(value) === X) has 15 or 18
 * characters beginning with X's 15. A value that is no id may share a bucket with one; readers
 * test every row they fetch, so it only costs a comparison. Other lengths are never an id.
 */
export function referenceKey(value: unknown): string | undefined {
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  const text = String(value);
  return text.length === 15 || text.length === 18 ? text.slice(0, 15) : undefined;
}

/** Past this many holders a bucket becomes a Set, so moving a row out of a big one stays cheap. */
const SMALL_BUCKET = 64;

export class ReferenceIndex {
  /** One id for the usual single child, an array for a few, a Set for many. */
  readonly #ids = new Map<string, string | string[] | Set<string>>();

  add(value: unknown, id: string): void {
    const key = referenceKey(value);
    if (key === undefined) return;
    const held = this.#ids.get(key);
    if (held === undefined) this.#ids.set(key, id);
    else if (typeof held === 'string') {
      if (held !== id) this.#ids.set(key, [held, id]);
    } else if (Array.isArray(held)) {
      if (held.includes(id)) return;
      if (held.length < SMALL_BUCKET) held.push(id);
      else this.#ids.set(key, new Set([...held, id]));
    } else held.add(id);
  }

  remove(value: unknown, id: string): void {
    const key = referenceKey(value);
    if (key === undefined) return;
    const held = this.#ids.get(key);
    if (held === undefined) return;
    if (typeof held === 'string') {
      if (held === id) this.#ids.delete(key);
      return;
    }
    if (Array.isArray(held)) {
      const at = held.indexOf(id);
      if (at < 0) return;
      held.splice(at, 1);
      if (held.length === 1) this.#ids.set(key, held[0]!);
      return;
    }
    held.delete(id);
    if (held.size === 0) this.#ids.delete(key);
  }

  /**
   * Ids of the rows (live or deleted) that may point at the record with this 18-character id, in no
   * set order: every row that does, and possibly a row holding a malformed id with the same body.
   */
  holders(id18: string): Iterable<string> {
    const held = this.#ids.get(id18.slice(0, 15));
    if (held === undefined) return [];
    return typeof held === 'string' ? [held] : held;
  }

  /** How many rows point at the record with this id. */
  count(id18: string): number {
    const held = this.#ids.get(id18.slice(0, 15));
    if (held === undefined) return 0;
    if (typeof held === 'string') return 1;
    return Array.isArray(held) ? held.length : held.size;
  }
}
