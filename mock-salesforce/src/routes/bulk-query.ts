// Bulk API 2.0 query (`/jobs/query`): create a query or queryAll job, poll it, read its CSV results
// in sets (`locator`, `maxRecords`; `Sforce-Locator` is the literal `null` after the last set),
// abort, list and delete. Creating a job counts on DailyBulkV2QueryJobs.
import { Hono } from 'hono';
import { z } from 'zod';
import { SalesforceApiError } from '../errors.ts';
import { COLUMN_DELIMITERS } from '../org/bulk-csv.ts';
import { invalidJobState, nextTurn } from '../org/bulk-jobs.ts';
import { QueryJob } from '../org/bulk-query.ts';
import { jobBody, versionNumber } from './bulk-ingest.ts';
import { type MockEnv, readBodyText } from './context.ts';

const delimiters = Object.keys(COLUMN_DELIMITERS) as [keyof typeof COLUMN_DELIMITERS];

const CreateQueryJob = z.object({
  operation: z.enum(['query', 'queryAll']),
  query: z.string().min(1),
  contentType: z.literal('CSV').optional(),
  lineEnding: z.enum(['LF', 'CRLF']).optional(),
  columnDelimiter: z.enum(delimiters).optional(),
});

const Abort = z.object({ state: z.literal('Aborted') });

function maxRecordsOf(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new SalesforceApiError('INVALIDPARAMETER', `maxRecords must be a positive integer: ${text}`);
  }
  return n;
}

export function bulkQueryRoutes(options: { maxBodyBytes: number }): Hono<MockEnv> {
  const app = new Hono<MockEnv>();

  app.post('/', async (c) => {
    const body = jobBody(await readBodyText(c, options.maxBodyBytes), CreateQueryJob);
    const mock = c.get('mock');
    const owner = { org: mock.org, userId: c.get('session').userId, apiVersion: versionNumber(c.get('version')) };
    const job = new QueryJob(owner, {
      operation: body.operation,
      query: body.query,
      dialect: { columnDelimiter: body.columnDelimiter ?? 'COMMA', lineEnding: body.lineEnding ?? 'LF' },
    });
    mock.bulk.query.set(job.id, job);
    mock.bulk.queryJobsUsed++;
    return c.json(job.info());
  });

  app.get('/', (c) => {
    const records = [...c.get('mock').bulk.query.values()].map((job) => job.info());
    return c.json({ done: true, records, nextRecordsUrl: null });
  });

  // A poll lets running jobs take a turn first: an in-process client that polls without pause
  // (no socket, every step a promise) would otherwise never let the job move on.
  app.get('/:id', async (c) => {
    const job = c.get('mock').bulk.queryJob(c.req.param('id'));
    await nextTurn();
    return c.json(job.info());
  });

  app.patch('/:id', async (c) => {
    const job = c.get('mock').bulk.queryJob(c.req.param('id'));
    jobBody(await readBodyText(c, options.maxBodyBytes), Abort);
    job.abort();
    return c.json(job.info());
  });

  app.delete('/:id', (c) => {
    const { bulk } = c.get('mock');
    const job = bulk.queryJob(c.req.param('id'));
    if (!job.deletable) throw invalidJobState(`Unable to delete the job ${job.id}: it is in state ${job.state}`);
    bulk.query.delete(job.id);
    return c.body(null, 204);
  });

  app.get('/:id/results', (c) => {
    const job = c.get('mock').bulk.queryJob(c.req.param('id'));
    const set = job.results(
      c.req.query('locator') || undefined,
      maxRecordsOf(c.req.query('maxRecords')),
      versionNumber(c.get('version')),
    );
    return c.body(set.csv, 200, {
      'Content-Type': 'text/csv',
      'Sforce-NumberOfRecords': String(set.count),
      'Sforce-Locator': set.locator,
    });
  });

  return app;
}
