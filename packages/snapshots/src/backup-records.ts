// The record half of a backup: queries read page by page, first pages five to a Composite call,
// and what an incremental read starts from.
import type { ObjectDescribe } from '@restorelab/salesforce';
import { COMPOSITE_QUERIES } from '@restorelab/salesforce/client';
import type { QueryPage, SfRecord } from './backup-answers.ts';
import { BULK_QUERY_MIN_RECORDS, type BulkQueryOptions, bulkQuery } from './backup-bulk.ts';
import type { OrgCalls } from './backup-calls.ts';
import { withoutAttributes } from './canonical.ts';
import type { SnapshotWriter } from './snapshot-writer.ts';

export { withoutAttributes };

export const LINK_CHUNK = 200;

/** Takes a page of records; a promise makes the reader wait for it before asking the next page. */
export type OnPage = (records: SfRecord[]) => void | Promise<void>;

/** Runs a query and hands each page to `onPage` as it arrives (nothing accumulates here). */
export async function eachPage(calls: OrgCalls, soql: string, onPage: OnPage, first?: QueryPage): Promise<void> {
  let page = first ?? (await calls.query(soql));
  await onPage(page.records.map(withoutAttributes));
  while (!page.done && page.nextRecordsUrl) {
    page = await calls.nextPage(page.nextRecordsUrl);
    await onPage(page.records.map(withoutAttributes));
  }
}

/** How large objects are read: Bulk API 2.0 from `minRecords` records on (default BULK_QUERY_MIN_RECORDS). */
export type BulkReading = BulkQueryOptions & { minRecords?: number };

/**
 * Reads a whole object. One known to be large (`known` records in the previous snapshot) goes
 * straight to Bulk API 2.0; one of unknown size starts with a REST page, and if that page's
 * totalSize shows a large object, the page is set aside and Bulk reads it all (one call spent to
 * learn the size, none for the many small objects). Without Bulk (refused, or `bulk` false) the
 * REST pages carry on. Returns how the object was read.
 */
export async function readObject(
  calls: OrgCalls,
  describe: ObjectDescribe,
  soql: string,
  onPage: OnPage,
  first: QueryPage | undefined,
  known: number | undefined,
  bulk: BulkReading | false,
): Promise<'bulk' | 'rest'> {
  const min = bulk === false ? Number.POSITIVE_INFINITY : (bulk.minRecords ?? BULK_QUERY_MIN_RECORDS);
  if (bulk !== false && first === undefined && known !== undefined && known >= min) {
    if (await bulkQuery(calls, describe, soql, onPage, bulk)) return 'bulk';
  }
  const page = first ?? (await calls.query(soql));
  if (bulk !== false && !page.done && (page.totalSize ?? 0) >= min) {
    if (await bulkQuery(calls, describe, soql, onPage, bulk)) return 'bulk';
  }
  await eachPage(calls, soql, onPage, page);
  return 'rest';
}

/**
 * The first query pages of the objects read whole, fetched in groups of COMPOSITE_QUERIES (one
 * Composite call each) when the backup reaches a group's first object. A page is handed out once
 * and then forgotten, so at most one group's pages are held.
 */
export class FirstPages {
  readonly #calls: OrgCalls;
  readonly #groups: ObjectDescribe[][] = [];
  readonly #groupOf = new Map<string, number>();
  readonly #soql: (describe: ObjectDescribe) => string;
  readonly #pages = new Map<string, QueryPage>();
  readonly #fetched = new Set<number>();

  constructor(calls: OrgCalls, describes: readonly ObjectDescribe[], soql: (describe: ObjectDescribe) => string) {
    this.#calls = calls;
    this.#soql = soql;
    for (let i = 0; i < describes.length; i += COMPOSITE_QUERIES) {
      const group = describes.slice(i, i + COMPOSITE_QUERIES);
      for (const d of group) this.#groupOf.set(d.name, this.#groups.length);
      this.#groups.push(group);
    }
  }

  /** The object's first page, or undefined for an object not in the list (read some other way). */
  async take(name: string): Promise<QueryPage | undefined> {
    const k = this.#groupOf.get(name);
    if (k === undefined) return undefined;
    if (!this.#fetched.has(k)) {
      this.#fetched.add(k);
      const group = this.#groups[k]!;
      const pages = await this.#calls.firstPages(group.map(this.#soql));
      for (const [j, d] of group.entries()) this.#pages.set(d.name, pages[j]!);
    }
    const page = this.#pages.get(name);
    this.#pages.delete(name);
    this.#groupOf.delete(name);
    return page;
  }
}

/**
 * Where an incremental read of an object starts (a SOQL datetime literal), or undefined for a full
 * read. Attachments are always read whole: their rows also feed the Attachments folder.
 */
export function deltaStart(
  w: SnapshotWriter,
  describe: ObjectDescribe,
  previousSchema: { objects: ObjectDescribe[] } | undefined,
  minRecords: number,
): string | undefined {
  if (describe.name === 'Attachment') return undefined;
  if (!describe.fields.some((f) => f.name === 'SystemModstamp')) return undefined;
  const previous = w.previousObject(describe.name);
  if (!previous?.maxModstamp || previous.count < minRecords) return undefined;
  const before = previousSchema?.objects.find((o) => o.name === describe.name);
  if (!before || queryableFields(before).join(',') !== queryableFields(describe).join(',')) return undefined;
  const at = Date.parse(previous.maxModstamp);
  if (Number.isNaN(at)) return undefined;
  // SOQL datetime literals take whole seconds; >= on the truncated second re-reads a few, misses none.
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Fields read for records: all but blobs (downloaded separately) and compound fields (their parts are fields). */
export function queryableFields(describe: ObjectDescribe): string[] {
  const skip = new Set(['base64', 'address', 'location']);
  return describe.fields.filter((f) => !skip.has(f.type as string)).map((f) => f.name);
}

export function quoteIds(ids: readonly string[]): string {
  return ids.map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(', ');
}
