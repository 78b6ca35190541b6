// Picklist values per record type, read from an object's layouts describe
// (`/sobjects/{type}/describe/layouts`): the real API leaves them out of the object describe, so the
// backup (to store them) and the planner (to filter an overwrite for the live record type, R11) both
// read them from here.
import { toId18 } from './ids.ts';

/** The part of a layouts describe answer this reads. */
export interface LayoutsAnswer {
  recordTypeMappings?: Array<{
    recordTypeId: string;
    picklistsForRecordType?: Array<{ picklistName: string; picklistValues: Array<{ value: string }> }> | null;
  }> | null;
}

/**
 * Picklist field → allowed values, per record type (18-character id). A mapping without
 * `picklistsForRecordType` says nothing about its record type: it is left out (unknown, so nothing is
 * filtered for it), never taken as a record type that allows no value at all.
 */
export function recordTypePicklists(answer: LayoutsAnswer): Map<string, Record<string, string[]>> {
  const out = new Map<string, Record<string, string[]>>();
  for (const mapping of answer.recordTypeMappings ?? []) {
    if (!mapping.picklistsForRecordType) continue;
    out.set(
      toId18(mapping.recordTypeId) ?? mapping.recordTypeId,
      Object.fromEntries(
        mapping.picklistsForRecordType.map((p) => [p.picklistName, p.picklistValues.map((v) => v.value)]),
      ),
    );
  }
  return out;
}
