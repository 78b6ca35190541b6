// ORDER BY: sort keys computed once per matching row, Salesforce's null placement (nulls first unless
// NULLS LAST, in either direction, as documented), and a bounded selection when LIMIT/OFFSET keep only
// the first k rows so a large object is not fully sorted for a small page.

import type { OrderByClause } from '@jetstreamapp/soql-parser-js';
import type { ObjectDescribe } from '@restorelab/salesforce';
import { malformed } from './errors.ts';
import { pathReader, resolvePath } from './fields.ts';
import type { SoqlDataSource, SoqlRecord } from './source.ts';
import { assertSortable, compareKeys, type Key, kindOf, sortKeyOf } from './values.ts';

export interface SortColumn {
  readonly key: (record: SoqlRecord) => Key;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export function compileOrder(
  orderBy: OrderByClause | OrderByClause[],
  source: SoqlDataSource,
  root: ObjectDescribe,
  alias: string | undefined,
): SortColumn[] {
  const clauses = Array.isArray(orderBy) ? orderBy : [orderBy];
  return clauses.map((clause) => {
    if (!('field' in clause)) throw malformed('ORDER BY functions are not supported by the mock SOQL engine');
    const path = resolvePath(source, root, clause.field, alias);
    const kind = kindOf(path.field);
    assertSortable(path.field);
    const read = pathReader(source, path);
    return {
      key: (record) => sortKeyOf(kind, read(record)),
      descending: clause.order?.toUpperCase() === 'DESC',
      nullsFirst: clause.nulls?.toUpperCase() !== 'LAST',
    };
  });
}

interface Keyed {
  readonly record: SoqlRecord;
  readonly keys: Key[];
}

function compare(a: Keyed, b: Keyed, columns: readonly SortColumn[]): number {
  for (let i = 0; i < columns.length; i++) {
    const x = a.keys[i]!;
    const y = b.keys[i]!;
    if (x === y) continue;
    const column = columns[i]!;
    if (x === null) return column.nullsFirst ? -1 : 1;
    if (y === null) return column.nullsFirst ? 1 : -1;
    const c = compareKeys(x, y);
    if (c !== 0) return column.descending ? -c : c;
  }
  return 0;
}

/**
 * The first `keep` records of `records` in ORDER BY order (all of them when `keep` is undefined).
 * Equal rows keep their input order, like a stable sort.
 */
export function sortRecords(
  records: Iterable<SoqlRecord>,
  columns: readonly SortColumn[],
  keep?: number,
): SoqlRecord[] {
  const keyed = (record: SoqlRecord): Keyed => ({ record, keys: columns.map((c) => c.key(record)) });
  if (keep === undefined) {
    const all = Array.from(records, keyed);
    all.sort((a, b) => compare(a, b, columns));
    return all.map((k) => k.record);
  }
  if (keep <= 0) return [];
  // Bounded insertion: a row enters only when it beats the current k-th, so the cost stays near O(n log k).
  const best: Keyed[] = [];
  for (const record of records) {
    const item = keyed(record);
    if (best.length === keep && compare(item, best[keep - 1]!, columns) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(item, best[mid]!, columns) < 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, item);
    if (best.length > keep) best.pop();
  }
  return best.map((k) => k.record);
}
