// A Bulk API 2.0 ingest job: Open while CSV is uploaded, UploadComplete once closed, then processed
// off the request path, a few thousand rows per turn of the event loop (InProgress, so a poll of a
// large job sees it working), to JobComplete — or Failed when its data cannot be read, or Aborted.
// Each row succeeds or fails on its own (bulk-rows.ts); the job keeps the successful, failed and
// unprocessed rows for the three result resources.
import { SalesforceApiError } from '../errors.ts';
import { type CsvDialect, CsvError, readCsv, writeCsv } from './bulk-csv.ts';
import {
  BulkJob,
  FINISHED,
  invalidJob,
  invalidJobState,
  type JobOwner,
  nextTurn,
  RECORDS_PER_BATCH,
  ROWS_PER_TURN,
} from './bulk-jobs.ts';
import { HeaderError, type IngestOperation, planRows, type RowPlan, writeRow } from './bulk-rows.ts';
import type { ObjectTable } from './record-store.ts';

export interface IngestJobRequest {
  object: string;
  operation: IngestOperation;
  externalIdFieldName?: string | undefined;
  dialect: CsvDialect;
}

export class IngestJob extends BulkJob {
  readonly operation: IngestOperation;
  readonly externalIdFieldName: string | undefined;
  readonly #userId: string;
  readonly #uploads: string[] = [];
  /** Called with the number of internal batches the job starts using. */
  readonly #useBatches: (n: number) => void;
  #aborted = false;
  header: string[] = [];
  readonly successful: string[][] = [];
  readonly failed: string[][] = [];
  /** The uploaded rows (header aside) and how many of them have been processed. */
  #records: string[][] = [];
  #next = 0;
  numberRecordsProcessed = 0;
  numberRecordsFailed = 0;

  constructor(owner: JobOwner, request: IngestJobRequest, useBatches: (n: number) => void) {
    const table = owner.org.table(request.object);
    if (!table) throw invalidJob(`InvalidJob : sObject type '${request.object}' is not supported`);
    super(owner, table.name, request.dialect, 'Open');
    this.operation = request.operation;
    this.externalIdFieldName = checkExternalId(table, request);
    this.#userId = owner.userId;
    this.#useBatches = useBatches;
  }

  /** Adds CSV data to an open job (`PUT .../batches`). */
  upload(text: string): void {
    if (this.state !== 'Open') invalidState(this, 'upload data to');
    this.#uploads.push(text);
  }

  /** `PATCH {state: UploadComplete}`: closes the job and queues it for processing. */
  close(): void {
    if (this.state !== 'Open') invalidState(this, 'close');
    if (this.#uploads.length > 1) {
      throw invalidJob(
        `Found multiple contents for job: <${this.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
      );
    }
    this.moveTo('UploadComplete');
    setImmediate(() => void this.#run());
  }

  /** `PATCH {state: Aborted}`: stops the job; rows not yet processed stay unprocessed. */
  abort(): void {
    if (FINISHED.has(this.state)) invalidState(this, 'abort');
    this.#aborted = true;
    this.moveTo('Aborted');
  }

  /** Whether `DELETE` may remove the job now (not while it is open or running). */
  get deletable(): boolean {
    return this.state !== 'Open' && this.state !== 'InProgress';
  }

  info(): Record<string, unknown> {
    return {
      ...this.commonInfo(),
      operation: this.operation,
      ...(this.externalIdFieldName ? { externalIdFieldName: this.externalIdFieldName } : {}),
      jobType: 'V2Ingest',
      contentUrl: `services/data/v${this.apiVersion.toFixed(1)}/jobs/ingest/${this.id}/batches`,
      numberRecordsProcessed: this.numberRecordsProcessed,
      numberRecordsFailed: this.numberRecordsFailed,
      retries: 0,
      totalProcessingTime: this.processingMs,
      apiActiveProcessingTime: this.processingMs,
      apexProcessingTime: 0,
      ...(this.errorMessage ? { errorMessage: this.errorMessage } : {}),
    };
  }

  /** The three result resources as CSV, once the job has finished. */
  results(kind: 'successfulResults' | 'failedResults' | 'unprocessedrecords'): string {
    if (!FINISHED.has(this.state)) invalidState(this, `read ${kind} of`);
    if (kind === 'successfulResults')
      return writeCsv(['sf__Id', 'sf__Created', ...this.header], this.successful, this.dialect);
    if (kind === 'failedResults') return writeCsv(['sf__Id', 'sf__Error', ...this.header], this.failed, this.dialect);
    return writeCsv(this.header, this.#records.slice(this.#next), this.dialect);
  }

  async #run(): Promise<void> {
    if (this.state !== 'UploadComplete') return;
    this.moveTo('InProgress');
    let rows: string[][] = [];
    try {
      const text = this.#uploads[0] ?? '';
      this.#uploads.length = 0;
      rows = await this.#timed(() => readCsv(text, this.dialect));
      if (this.#aborted) return;
      this.header = rows[0] ?? [];
      this.#records = rows.slice(1);
      this.#useBatches(Math.max(1, Math.ceil(this.#records.length / RECORDS_PER_BATCH)));
      const table = this.org.table(this.object)!;
      const plan = planRows(this.org, table, this.operation, this.header, this.externalIdFieldName);
      await this.#process(plan, this.#records);
    } catch (error) {
      if (this.#aborted) return;
      const known = error instanceof CsvError || error instanceof HeaderError;
      this.fail(known ? error.message : `InternalServerError : ${error instanceof Error ? error.message : error}`);
    }
  }

  async #process(plan: RowPlan, records: string[][]): Promise<void> {
    const ctx = { userId: this.#userId };
    while (this.#next < records.length) {
      if (this.#aborted) return;
      const end = Math.min(records.length, this.#next + ROWS_PER_TURN);
      await this.#timed(async () => {
        for (; this.#next < end; this.#next++) {
          const cells = records[this.#next]!;
          const outcome = writeRow(this.org, plan, cells, ctx);
          if (outcome.ok) this.successful.push([outcome.id, outcome.created ? 'true' : 'false', ...cells]);
          else {
            this.failed.push([outcome.id, outcome.error, ...cells]);
            this.numberRecordsFailed++;
          }
          this.numberRecordsProcessed++;
        }
      });
      if (this.#next < records.length) await nextTurn();
    }
    if (!this.#aborted) this.moveTo('JobComplete');
  }

  async #timed<T>(fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.processingMs += Math.round(performance.now() - started);
    }
  }
}

function invalidState(job: BulkJob, action: string): never {
  throw invalidJobState(`Unable to ${action} the job ${job.id}: it is in state ${job.state}`);
}

/** The upsert's external id field, checked against the object; undefined for other operations. */
function checkExternalId(table: ObjectTable, request: IngestJobRequest): string | undefined {
  if (request.operation !== 'upsert') return undefined;
  const name = request.externalIdFieldName;
  if (!name) throw invalidJob('InvalidJob : External ID was blank for upsert');
  const field = table.fieldByLower.get(name.toLowerCase());
  if (!field || (!field.externalId && field.name !== 'Id')) {
    throw new SalesforceApiError(
      'INVALIDJOB',
      `InvalidJob : Field name provided, ${name} does not match an External ID, Salesforce Id, or indexed field for ${table.name}`,
    );
  }
  return field.name;
}
