// Reading records by their parent instead of by their own id. A query `WHERE Id IN (…)` answers at
// most as many rows as ids fit in the URL (ORG_STATE_CHUNK_SIZE), far below the 2,000 rows a page
// holds; a query `WHERE <parent field> IN (…)` answers every child of the parents named, so a level
// of a tree with several children per parent comes back in full pages. The parents are packed so
// that each query expects about one page of children.

/** A record that can be found by a reference field holding the id of a parent. */
export interface ParentLink {
  /** The record asked about (15 or 18 characters). */
  id: string;
  /** The reference field of the record that names the parent (`Milestone__c`, `AccountId`). */
  field: string;
  /** The parent the record is expected to name. */
  parentId: string;
}

/** Rows a query answers in one page: queryAll's default (and largest) batch size. */
export const ROWS_PER_PAGE = 2_000;

/**
 * Parent ids per `<field> IN (…)` query. Each quoted 18-character id takes 23 characters of the
 * encoded URL (`'…'` and `%2C`): 500 make about 11.7 KB with the query around them, under the
 * ~16 KB a REST request line may take (Salesforce's front end; Node's default header limit in the mock).
 */
export const PARENT_IDS_PER_QUERY = 500;

/** One parent's expected children: how many records of the restore name it. */
export interface ParentCount {
  parentId: string;
  children: number;
}

/**
 * Packs parents into queries: each query names at most `maxIds` parents and, where a parent allows,
 * expects at most one page of rows. A parent with more than a page of children goes alone (its
 * query reads several pages).
 * @example packParents([{ parentId: 'a', children: 1500 }, { parentId: 'b', children: 800 }]) // [['a'], ['b']]
 */
export function packParents(
  parents: readonly ParentCount[],
  maxIds = PARENT_IDS_PER_QUERY,
  rowsPerPage = ROWS_PER_PAGE,
): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let rows = 0;
  for (const { parentId, children } of parents) {
    if (current.length > 0 && (current.length >= maxIds || rows + children > rowsPerPage)) {
      out.push(current);
      current = [];
      rows = 0;
    }
    current.push(parentId);
    rows += children;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Calls a packing is expected to take: a page for every ROWS_PER_PAGE children of each query. */
export function expectedCalls(
  packed: readonly string[][],
  childrenOf: ReadonlyMap<string, number>,
  rowsPerPage = ROWS_PER_PAGE,
): number {
  let calls = 0;
  for (const parents of packed) {
    let rows = 0;
    for (const p of parents) rows += childrenOf.get(p) ?? 0;
    calls += Math.max(1, Math.ceil(rows / rowsPerPage));
  }
  return calls;
}
