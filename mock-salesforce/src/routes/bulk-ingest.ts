// Bulk API 2.0 ingest (`/jobs/ingest`): create a job, upload its CSV, close or abort it, read its
// info and its three result resources, list and delete jobs. The route reads and shapes; the job
// (org/bulk-ingest.ts) keeps its state and writes its rows through the org's rules.
import { Hono } from 'hono';
import { z } from 'zod';
import { SalesforceApiError } from '../errors.ts';
import { COLUMN_DELIMITERS } from '../org/bulk-csv.ts';
import { IngestJob } from '../org/bulk-ingest.ts';
import { invalidJob, invalidJobState, nextTurn } from '../org/bulk-jobs.ts';
import { type MockEnv, parseJson, readBodyText } from './context.ts';

/** An upload may hold 150 MB of CSV (Salesforce counts it base64-encoded; the mock counts bytes). */
export const MAX_UPLOAD_BYTES = 150 * 1024 * 1024;

const delimiters = Object.keys(COLUMN_DELIMITERS) as [keyof typeof COLUMN_DELIMITERS];

export const CreateIngestJob = z.object({
  object: z.string().min(1),
  operation: z.enum(['insert', 'update', 'upsert', 'delete', 'hardDelete']),
  externalIdFieldName: z.string().optional(),
  contentType: z.literal('CSV').optional(),
  lineEnding: z.enum(['LF', 'CRLF']).optional(),
  columnDelimiter: z.enum(delimiters).optional(),
  assignmentRuleId: z.string().optional(),
});

const ChangeState = z.object({ state: z.enum(['UploadComplete', 'Aborted']) });

/** A JSON body checked against a schema; what does not fit answers INVALIDJOB with zod's reason. */
export function jobBody<T>(text: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(parseJson(text));
  if (!parsed.success) throw invalidJob(`InvalidJob : ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  return parsed.data;
}

/** `v50.0` → 50. */
export const versionNumber = (version: string): number => Number(version.slice(1));

export function bulkIngestRoutes(options: { maxBodyBytes: number }): Hono<MockEnv> {
  const app = new Hono<MockEnv>();

  app.post('/', async (c) => {
    const body = jobBody(await readBodyText(c, options.maxBodyBytes), CreateIngestJob);
    const mock = c.get('mock');
    if (body.operation === 'hardDelete' && !mock.bulkApiHardDelete) {
      throw new SalesforceApiError(
        'FEATURENOTENABLED',
        'FeatureNotEnabled : hardDelete needs the "Bulk API Hard Delete" permission, which the user does not have',
      );
    }
    const owner = { org: mock.org, userId: c.get('session').userId, apiVersion: versionNumber(c.get('version')) };
    const job = new IngestJob(
      owner,
      {
        object: body.object,
        operation: body.operation,
        externalIdFieldName: body.externalIdFieldName,
        dialect: { columnDelimiter: body.columnDelimiter ?? 'COMMA', lineEnding: body.lineEnding ?? 'LF' },
      },
      (n) => {
        mock.bulk.batchesUsed += n;
      },
    );
    mock.bulk.ingest.set(job.id, job);
    return c.json(job.info());
  });

  app.get('/', (c) => {
    const records = [...c.get('mock').bulk.ingest.values()].map((job) => job.info());
    return c.json({ done: true, records, nextRecordsUrl: null });
  });

  // A poll lets running jobs take a turn first: an in-process client that polls without pause
  // (no socket, every step a promise) would otherwise never let the job move on.
  app.get('/:id', async (c) => {
    const job = c.get('mock').bulk.ingestJob(c.req.param('id'));
    await nextTurn();
    return c.json(job.info());
  });

  app.put('/:id/batches', async (c) => {
    const job = c.get('mock').bulk.ingestJob(c.req.param('id'));
    job.upload(await readBodyText(c, MAX_UPLOAD_BYTES));
    return c.body(null, 201);
  });

  app.patch('/:id', async (c) => {
    const job = c.get('mock').bulk.ingestJob(c.req.param('id'));
    const { state } = jobBody(await readBodyText(c, options.maxBodyBytes), ChangeState);
    if (state === 'UploadComplete') job.close();
    else job.abort();
    return c.json(job.info());
  });

  app.delete('/:id', (c) => {
    const { bulk } = c.get('mock');
    const job = bulk.ingestJob(c.req.param('id'));
    if (!job.deletable) throw invalidJobState(`Unable to delete the job ${job.id}: it is in state ${job.state}`);
    bulk.ingest.delete(job.id);
    return c.body(null, 204);
  });

  for (const kind of ['successfulResults', 'failedResults', 'unprocessedrecords'] as const) {
    app.get(`/:id/${kind}`, (c) => {
      const job = c.get('mock').bulk.ingestJob(c.req.param('id'));
      return c.body(job.results(kind), 200, { 'Content-Type': 'text/csv' });
    });
  }

  return app;
}
