// Writes and deletes through sObject Collections: records of any types, up to 200 in one call, so a
// world costs a handful of calls rather than one per record.
import type { Connection } from 'jsforce';

export interface NewRecord {
  type: string;
  fields: Record<string, unknown>;
}

interface CollectionResult {
  id?: string;
  success: boolean;
  errors?: unknown;
}

/** The sObject Collections limit per call. */
const COLLECTION_MAX = 200;

/**
 * Writes records of any types in one sObject Collections call per 200 (all or none): a world is a
 * handful of calls, not one per record, which matters on a real org's API allocation as much as
 * for the suite's speed.
 */
export async function collection(
  conn: Connection,
  method: 'POST' | 'PATCH',
  records: readonly NewRecord[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < records.length; i += COLLECTION_MAX) {
    const part = records.slice(i, i + COLLECTION_MAX);
    const results = (await conn.request({
      method,
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: true,
        records: part.map((r) => ({ attributes: { type: r.type }, ...r.fields })),
      }),
      headers: { 'content-type': 'application/json' },
    })) as CollectionResult[];
    results.forEach((result, k) => {
      if (!result.success || !result.id)
        throw new Error(
          `${method === 'POST' ? 'create' : 'update'} ${part[k]?.type} failed: ${JSON.stringify(result.errors)}`,
        );
      ids.push(result.id);
    });
  }
  return ids;
}

/** Deletes records of any types, in the order given, a collection call per 200; records already gone are fine. */
export async function destroyIds(conn: Connection, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += COLLECTION_MAX) {
    const part = ids.slice(i, i + COLLECTION_MAX);
    await conn
      .request({ method: 'DELETE', url: `/composite/sobjects?allOrNone=false&ids=${part.join(',')}` })
      .catch(() => undefined);
  }
}
