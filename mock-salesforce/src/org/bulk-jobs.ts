// What Bulk API 2.0 ingest and query jobs share: ids, owner, dates, state, CSV dialect, processing
// time, the errors a job in the wrong state answers with, and the pace at which jobs run.
import { SalesforceApiError } from '../errors.ts';
import type { CsvDialect } from './bulk-csv.ts';
import type { Org } from './org.ts';

export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** States a job never leaves. */
export const FINISHED: ReadonlySet<JobState> = new Set(['JobComplete', 'Failed', 'Aborted']);

/** Records per internal batch: every 10,000 ingested records use one batch of the daily allocation. */
export const RECORDS_PER_BATCH = 10_000;
/** Rows handled between two turns of the event loop while a job runs. */
export const ROWS_PER_TURN = 2_000;
/** Daily allocations reported in /limits (Salesforce's defaults). */
export const DAILY_BULK_BATCHES = 15_000;
export const DAILY_BULK_QUERY_JOBS = 10_000;

export interface JobOwner {
  org: Org;
  userId: string;
  /** API version of the create call, like 50 for v50.0. */
  apiVersion: number;
}

/** What every Bulk API 2.0 job has, whatever it does. */
export abstract class BulkJob {
  readonly id: string;
  readonly object: string;
  readonly createdById: string;
  readonly createdDate: string;
  readonly apiVersion: number;
  readonly dialect: CsvDialect;
  protected readonly org: Org;
  state: JobState;
  systemModstamp: string;
  errorMessage: string | undefined;
  /** Milliseconds spent processing (the job info's totalProcessingTime). */
  processingMs = 0;

  constructor(owner: JobOwner, object: string, dialect: CsvDialect, state: JobState) {
    this.org = owner.org;
    this.id = owner.org.newId('750');
    this.object = object;
    this.createdById = owner.userId;
    this.createdDate = owner.org.clock.nowText();
    this.systemModstamp = this.createdDate;
    this.apiVersion = owner.apiVersion;
    this.dialect = dialect;
    this.state = state;
  }

  protected moveTo(state: JobState): void {
    this.state = state;
    this.systemModstamp = this.org.clock.nowText();
  }

  protected fail(message: string): void {
    this.errorMessage = message;
    this.moveTo('Failed');
  }

  /** The keys every job info carries, in Salesforce's order. */
  protected commonInfo(): Record<string, unknown> {
    return {
      id: this.id,
      object: this.object,
      createdById: this.createdById,
      createdDate: this.createdDate,
      systemModstamp: this.systemModstamp,
      state: this.state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: this.apiVersion,
      lineEnding: this.dialect.lineEnding,
      columnDelimiter: this.dialect.columnDelimiter,
    };
  }
}

export const jobNotFound = (): SalesforceApiError =>
  new SalesforceApiError('NOT_FOUND', 'The requested resource does not exist', { status: 404 });

/** A request the job's state does not allow (upload after close, results before the end...). */
export const invalidJobState = (message: string): SalesforceApiError =>
  new SalesforceApiError('INVALIDJOBSTATE', message, { status: 409 });

export const invalidJob = (message: string): SalesforceApiError => new SalesforceApiError('INVALIDJOB', message);

/** Lets the event loop turn, so polls and other requests are answered while a job runs. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
