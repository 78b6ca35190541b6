// An index over one unique or external-id field: its values (compared as Salesforce compares them
// for uniqueness and external-id matching, case-insensitively) to the ids of the records holding
// them. Deleted records stay indexed; readers skip them, so a delete or undelete costs nothing here.

/** The index key of a value: text compared case-insensitively; no key for null or absent. */
export function indexKey(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return String(value).toLowerCase();
}

export class FieldIndex {
  /** One id for the usual single holder, an array when several records share a value. */
  readonly #ids = new Map<string, string | string[]>();

  add(value: unknown, id: string): void {
    const key = indexKey(value);
    if (key === undefined) return;
    const held = this.#ids.get(key);
    if (held === undefined) this.#ids.set(key, id);
    else if (typeof held === 'string') {
      if (held !== id) this.#ids.set(key, [held, id]);
    } else if (!held.includes(id)) held.push(id);
  }

  remove(value: unknown, id: string): void {
    const key = indexKey(value);
    if (key === undefined) return;
    const held = this.#ids.get(key);
    if (held === undefined) return;
    if (typeof held === 'string') {
      if (held === id) this.#ids.delete(key);
      return;
    }
    const rest = held.filter((x) => x !== id);
    if (rest.length === 0) this.#ids.delete(key);
    else this.#ids.set(key, rest.length === 1 ? rest[0]! : rest);
  }

  /** Ids of the records (live or deleted) whose value matches. */
  ids(value: unknown): readonly string[] {
    const key = indexKey(value);
    const held = key === undefined ? undefined : this.#ids.get(key);
    if (held === undefined) return [];
    return typeof held === 'string' ? [held] : held;
  }

  get size(): number {
    return this.#ids.size;
  }
}
