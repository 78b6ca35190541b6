// Large objects are read through Bulk API 2.0 query: one job, a few polls, result sets of tens of
// thousands of rows, instead of one REST query page per 2,000 records. The sets are read with plain
// requests on the connection (jsforce 3.10's bulk2.query mishandles results split over several
// sets), each counted and retried like every backup call. CSV cells are text: they are turned back
// into the values the REST API answers (numbers, booleans, null, its datetime form), so a record
// read either way hashes the same and an unchanged record is never stored twice.
import type { ObjectDescribe } from '@restorelab/salesforce';
import { classifyFailure, errorCodeOf } from '@restorelab/salesforce/client';
import { z } from 'zod';
import { parseAnswer, type SfRecord } from './backup-answers.ts';
import type { OrgCalls } from './backup-calls.ts';

/**
 * Objects of at least this many records are read through Bulk API 2.0 (when the org takes the job).
 * Measured on the mock over HTTP (`pnpm bench snapshots`, one object read whole, 2026-12-07, load
 * average 6-10 on 2 cores): Bulk made 6-10 calls where REST pages made 8 (10k records), 13 (20k),
 * 23 (40k) and 53 (100k), but took 1.1-2.5 times as long at every size (100k: 50.5 s against
 * 29.2 s), the mock writing and jsforce parsing CSV costing more than JSON pages. Bulk is therefore
 * kept for objects where it saves tens of calls, and the time it costs is small beside the backup's.
 */
export const BULK_QUERY_MIN_RECORDS = 100_000;

const HANDOFF_ROWS = 2_000;

export interface BulkQueryOptions {
  /** Rows per result set asked for (`maxRecords`); absent → the org's default. */
  maxRecords?: number;
  /** First wait between polls of a running job; it doubles up to maxPollMs. Default 100 ms. */
  firstPollMs?: number;
  maxPollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const JobInfoSchema = z.object({
  id: z.string(),
  state: z.string(),
  errorMessage: z.string().nullish(),
});

const RowsSchema = z.array(z.record(z.string(), z.string()));

/**
 * Reads `soql` through a Bulk API 2.0 query job and hands each result set to `onPage`. Returns false,
 * having read nothing, when the org refuses the job for good (no Bulk API, an object it does not
 * support): the caller then reads the object through REST. Failures after the first set stop the
 * backup, since records were already taken.
 */
export async function bulkQuery(
  calls: OrgCalls,
  describe: ObjectDescribe,
  soql: string,
  onPage: (records: SfRecord[]) => void | Promise<void>,
  options: BulkQueryOptions = {},
): Promise<boolean> {
  let job: z.output<typeof JobInfoSchema>;
  try {
    const created = await calls.request({
      method: 'POST',
      url: '/jobs/query',
      body: JSON.stringify({ operation: 'query', query: soql }),
      headers: { 'content-type': 'application/json' },
    });
    job = parseAnswer(JobInfoSchema, created, `a Bulk API 2.0 query job on ${describe.name}`);
    job = await untilDone(calls, job, options);
  } catch (err) {
    if (err instanceof BulkJobFailed || classifyFailure(errorCodeOf(err)) === 'permanent') return false;
    throw err;
  }
  const typed = fieldConverters(describe);
  let locator: string | undefined;
  do {
    const query = new URLSearchParams();
    if (options.maxRecords) query.set('maxRecords', String(options.maxRecords));
    if (locator) query.set('locator', locator);
    const suffix = query.size > 0 ? `?${query}` : '';
    const { body, headers } = await calls.requestWithHeaders({
      method: 'GET',
      url: `/jobs/query/${job.id}/results${suffix}`,
    });
    // An empty set is an empty body, which jsforce hands over as text.
    const rows = body === '' || body === undefined ? [] : parseAnswer(RowsSchema, body, 'a Bulk API 2.0 result set');
    // Handed on in pages of a REST page's size: the store writes a transaction per page, and one
    // of 50,000 rows (a whole result set) writes slower than 25 of 2,000.
    for (let i = 0; i < rows.length; i += HANDOFF_ROWS) {
      await onPage(rows.slice(i, i + HANDOFF_ROWS).map((row) => toRecord(row, typed)));
    }
    const next = headers['sforce-locator'];
    locator = typeof next === 'string' && next !== 'null' && next !== '' ? next : undefined;
  } while (locator);
  return true;
}

class BulkJobFailed extends Error {}

async function untilDone(
  calls: OrgCalls,
  first: z.output<typeof JobInfoSchema>,
  options: BulkQueryOptions,
): Promise<z.output<typeof JobInfoSchema>> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let wait = options.firstPollMs ?? 100;
  let job = first;
  for (;;) {
    if (job.state === 'JobComplete') return job;
    if (job.state === 'Failed' || job.state === 'Aborted') {
      throw new BulkJobFailed(`Bulk API 2.0 query job ${job.id} ${job.state}: ${job.errorMessage ?? ''}`);
    }
    await sleep(wait);
    wait = Math.min(wait * 2, options.maxPollMs ?? 2_000);
    const answer = await calls.request(`/jobs/query/${job.id}`);
    job = parseAnswer(JobInfoSchema, answer, `Bulk API 2.0 query job ${first.id}`);
  }
}

type Convert = (cell: string) => unknown;

const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent', 'long']);
/** The REST API's datetime form, `2026-01-15T10:00:00.000+0000`; Bulk CSV may write `…Z` instead. */
const ZULU = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,3}))?Z$/;

function fieldConverters(describe: ObjectDescribe): Map<string, Convert> {
  const converters = new Map<string, Convert>();
  for (const field of describe.fields) {
    const type = String(field.type);
    if (type === 'boolean') converters.set(field.name, (cell) => cell === 'true');
    else if (NUMBER_TYPES.has(type)) converters.set(field.name, (cell) => (cell === '' ? null : Number(cell)));
    else if (type === 'datetime') {
      converters.set(field.name, (cell) => {
        if (cell === '') return null;
        const zulu = ZULU.exec(cell);
        return zulu ? `${zulu[1]}.${(zulu[2] ?? '').padEnd(3, '0')}+0000` : cell;
      });
    }
  }
  return converters;
}

function toRecord(row: Record<string, string>, typed: Map<string, Convert>): SfRecord {
  const record: SfRecord = {};
  for (const [name, cell] of Object.entries(row)) {
    const convert = typed.get(name);
    // An empty cell is a null: the REST API answers no empty strings.
    record[name] = convert ? convert(cell) : cell === '' ? null : cell;
  }
  return record;
}

/** One CSV row of a Bulk API 2.0 result as the REST API would answer the record. */
export function bulkRowToRecord(row: Record<string, string>, describe: ObjectDescribe): SfRecord {
  return toRecord(row, fieldConverters(describe));
}
