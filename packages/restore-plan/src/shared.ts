// Shared empty values. A million-record plan would otherwise hold millions of empty arrays, one
// per list per record; the shared ones are frozen, so a stray push fails loudly instead.

export const NONE: never[] = Object.freeze([]) as never[];
export const NO_FIELDS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Appends to a list that may still be the shared empty one; returns the list to keep. */
export function append<T>(list: T[], value: T): T[] {
  if (list === NONE) return [value];
  list.push(value);
  return list;
}
