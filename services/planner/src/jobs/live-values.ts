// R04: the org's current values of the records a summary shows as overwrites (the first
// SUMMARY_CHANGES_LIMIT items only, so a big restore costs a query or two, not one per record), so
// the summary can show each field the overwrite changes, old → new. One SOQL query per object type
// and 200 ids. A refused query leaves those items without `changed` (the summary says so by its
// absence) rather than failing the summary.
import type { LiveValues, PlannedRecord } from '@restorelab/restore-plan';
import { toId18 } from '@restorelab/salesforce';
import { type CallCounter, callWithRetry, DEFAULT_RETRY_POLICY } from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';

const IDS_PER_QUERY = 200;

type Row = Record<string, unknown> & { Id: string };

export async function readLiveValues(
  conn: Connection,
  records: readonly PlannedRecord[],
  counter: CallCounter,
): Promise<LiveValues> {
  const out = new Map<string, Record<string, unknown>>();
  const byType = new Map<string, PlannedRecord[]>();
  for (const r of records) byType.set(r.objectType, [...(byType.get(r.objectType) ?? []), r]);
  for (const [type, group] of byType) {
    const fields = [...new Set(group.flatMap((r) => Object.keys(r.fields)))].filter((f) => f !== 'Id');
    if (fields.length === 0) continue;
    for (let i = 0; i < group.length; i += IDS_PER_QUERY) {
      const chunk = group.slice(i, i + IDS_PER_QUERY);
      // The live id written (an earlier restore's copy, R07) → the backed-up id the plan knows.
      const sourceOf = new Map(chunk.map((r) => [toId18(r.targetId ?? r.sourceId) ?? r.sourceId, r.sourceId]));
      const ids = [...sourceOf.keys()].map((id) => `'${id}'`);
      const soql = `SELECT Id, ${fields.join(', ')} FROM ${type} WHERE Id IN (${ids.join(',')})`;
      try {
        const result = await callWithRetry(async () => await conn.query<Row>(soql), DEFAULT_RETRY_POLICY, counter);
        for (const row of result.records) {
          const { attributes: _, ...values } = row;
          const source = sourceOf.get(toId18(row.Id) ?? row.Id);
          if (source) out.set(source, values);
        }
      } catch {
        // Shown without `changed`: the summary still says what is written and dropped.
      }
    }
  }
  return out;
}
