// A Bulk API 2.0 query job: the SOQL is checked when the job is created (the engine's own errors,
// and what Bulk queries refuse: aggregates, GROUP BY, OFFSET, TYPEOF, child subqueries, blobs),
// then run off the request path (UploadComplete → InProgress → JobComplete) into CSV rows whose
// columns are the SELECT list in order, parent fields as `Account.Name`. Results are read in sets:
// `maxRecords` rows from a locator, which is the offset in base64 and can be read again.
import type { Query } from '@jetstreamapp/soql-parser-js';
import { SalesforceApiError } from '../errors.ts';
import { executeSoql, type QueryColumn, queryColumns, SoqlError } from '../soql/index.ts';
import { parseSoql } from '../soql/parse.ts';
import { type CsvDialect, writeCsv } from './bulk-csv.ts';
import { BulkJob, FINISHED, invalidJobState, type JobOwner, nextTurn, ROWS_PER_TURN } from './bulk-jobs.ts';

export interface QueryJobRequest {
  operation: 'query' | 'queryAll';
  query: string;
  dialect: CsvDialect;
}

/** Rows in one result set when the client does not say (`maxRecords`): inferred, see the docs. */
export const DEFAULT_RESULT_SET = 100_000;
const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

/** A leaf column: the header text and the keys that reach its value in a REST query row. */
interface Leaf {
  header: string;
  path: string[];
}

export interface ResultSet {
  csv: string;
  count: number;
  /** The next set's locator, or the literal 'null' after the last. */
  locator: string;
}

export class QueryJob extends BulkJob {
  readonly operation: 'query' | 'queryAll';
  readonly query: string;
  readonly #leaves: Leaf[];
  #rows: string[][] = [];
  numberRecordsProcessed = 0;

  constructor(owner: JobOwner, request: QueryJobRequest) {
    const { root, leaves } = checkQuery(owner, request.query);
    super(owner, root, request.dialect, 'UploadComplete');
    this.operation = request.operation;
    this.query = request.query;
    this.#leaves = leaves;
    setImmediate(() => void this.#run());
  }

  abort(): void {
    if (FINISHED.has(this.state)) {
      throw invalidJobState(`Unable to abort the job ${this.id}: it is in state ${this.state}`);
    }
    this.moveTo('Aborted');
  }

  /** Query jobs can be deleted once they no longer run. */
  get deletable(): boolean {
    return this.state !== 'InProgress';
  }

  info(): Record<string, unknown> {
    return {
      ...this.commonInfo(),
      operation: this.operation,
      jobType: 'V2Query',
      numberRecordsProcessed: this.numberRecordsProcessed,
      retries: 0,
      totalProcessingTime: this.processingMs,
      isPkChunkingSupported: true,
      ...(this.errorMessage ? { errorMessage: this.errorMessage } : {}),
    };
  }

  /** One result set, from `locator` (absent: the first), of at most `maxRecords` rows. */
  results(locator: string | undefined, maxRecords: number | undefined, apiVersion: number): ResultSet {
    if (this.state !== 'JobComplete') {
      throw invalidJobState(`Unable to read the results of the job ${this.id}: it is in state ${this.state}`);
    }
    if (apiVersion !== this.apiVersion) {
      throw invalidJobState(
        `The results of the job ${this.id} are only available with the API version it was created in (${this.apiVersion.toFixed(1)})`,
      );
    }
    const offset = locator === undefined ? 0 : offsetOf(locator, this.#rows.length);
    const size = maxRecords ?? DEFAULT_RESULT_SET;
    const end = Math.min(this.#rows.length, offset + size);
    const header = this.#leaves.map((l) => l.header);
    return {
      csv: writeCsv(header, this.#rows.slice(offset, end), this.dialect),
      count: end - offset,
      locator: end < this.#rows.length ? Buffer.from(String(end)).toString('base64').replace(/=+$/, '') : 'null',
    };
  }

  /** Still running: an abort while the job runs stops it at the next turn. */
  #running(): boolean {
    return this.state === 'InProgress';
  }

  async #run(): Promise<void> {
    if (this.state !== 'UploadComplete') return;
    this.moveTo('InProgress');
    const started = performance.now();
    try {
      const result = executeSoql(this.query, this.org, {
        includeDeleted: this.operation === 'queryAll',
        apiVersion: this.apiVersion.toFixed(1),
        now: () => new Date(this.org.clock.now()),
      });
      const records = result.records;
      const rows: string[][] = [];
      for (let i = 0; i < records.length; i++) {
        rows.push(this.#leaves.map((leaf) => cell(records[i]!, leaf.path)));
        if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) {
          await nextTurn();
          if (!this.#running()) return;
        }
      }
      this.#rows = rows;
      this.numberRecordsProcessed = rows.length;
      this.moveTo('JobComplete');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.#running()) this.fail(`InternalServerError : ${message}`);
    } finally {
      this.processingMs = Math.round(performance.now() - started);
    }
  }
}

function bulkRefusal(message: string): SalesforceApiError {
  return new SalesforceApiError('API_ERROR', message);
}

/** The root object and the leaf columns of a query Bulk API 2.0 accepts; refuses the others. */
function checkQuery(owner: JobOwner, soql: string): { root: string; leaves: Leaf[] } {
  try {
    const query = parseSoql(soql);
    refuseUnsupported(query);
    const columns = queryColumns(soql, owner.org);
    const leaves: Leaf[] = [];
    const walk = (list: QueryColumn[], path: string[]) => {
      for (const column of list) {
        if (column.joinColumns.length > 0) walk(column.joinColumns, [...path, column.columnName]);
        else if (column.apexType === 'Blob') {
          throw bulkRefusal('Blob field not supported in Bulk V2 Query with CSV content type');
        } else leaves.push({ header: column.displayName, path: [...path, column.columnName] });
      }
    };
    walk(columns.columnMetadata, []);
    return { root: columns.entityName, leaves };
  } catch (error) {
    if (error instanceof SoqlError) throw new SalesforceApiError(error.code, error.message, { cause: error });
    throw error;
  }
}

function refuseUnsupported(query: Query): void {
  if (query.groupBy) throw bulkRefusal('GROUP BY is not supported in Bulk V2 Query');
  if (query.offset !== undefined) throw bulkRefusal('OFFSET is not supported in Bulk V2 Query');
  for (const item of query.fields ?? []) {
    if (item.type === 'FieldSubquery') {
      throw bulkRefusal('Parent-to-child relationship queries are not supported in Bulk V2 Query');
    }
    if (item.type === 'FieldTypeof') throw bulkRefusal('TYPEOF is not supported in Bulk V2 Query');
    if (item.type === 'FieldFunctionExpression' && AGGREGATES.has(item.functionName.toUpperCase())) {
      throw bulkRefusal('Aggregate queries are not supported in Bulk V2 Query');
    }
  }
}

/** A locator back to its offset; one that names no row of the result is refused. */
function offsetOf(locator: string, total: number): number {
  const offset = Number(Buffer.from(locator, 'base64').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0 || offset > total || locator === '') {
    throw new SalesforceApiError('INVALID_QUERY_LOCATOR', `Invalid query locator: ${locator}`);
  }
  return offset;
}

/** A value as Bulk query CSV writes it: null empty, everything else as text. */
function cell(record: Record<string, unknown>, path: readonly string[]): string {
  let value: unknown = record;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<string, unknown>)[key];
  }
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
