// `/query` and `/queryAll` over the SOQL module, with Salesforce's paging: the first page answers
// up to the batch size (2000 by default) and a nextRecordsUrl `/query/<locator>-<offset>`; the next
// page is always fetched from `/query/{locator}`, also after queryAll.
import { type Context, Hono } from 'hono';
import { SalesforceApiError } from '../errors.ts';
import { executeSoql, queryColumns, SoqlError } from '../soql/index.ts';
import type { MockEnv } from './context.ts';

const DEFAULT_BATCH = 2000;

/** `Sforce-Query-Options: batchSize=N` (200..2000; out of range falls back to the default). */
function batchSize(header: string | undefined): number {
  const m = header ? /batchSize\s*=\s*(\d+)/i.exec(header) : null;
  const n = m ? Number(m[1]) : DEFAULT_BATCH;
  return n >= 200 && n <= 2000 ? n : DEFAULT_BATCH;
}

function page(
  c: { get: <K extends keyof MockEnv['Variables']>(k: K) => MockEnv['Variables'][K] },
  records: Array<Record<string, unknown>>,
  totalSize: number,
  offset: number,
  size: number,
  locator: string | undefined,
) {
  const end = Math.min(records.length, offset + size);
  const done = end >= records.length;
  const body: Record<string, unknown> = { totalSize, done, records: records.slice(offset, end) };
  if (!done && locator) body.nextRecordsUrl = `/services/data/${c.get('version')}/query/${locator}-${end}`;
  return body;
}

/** Runs the SOQL engine, turning its errors into the REST API's. */
function runSoql<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SoqlError) throw new SalesforceApiError(error.code, error.message, { cause: error });
    throw error;
  }
}

export function queryRoutes(): Hono<MockEnv> {
  const app = new Hono<MockEnv>();

  const run = (includeDeleted: boolean) =>
    app.get(includeDeleted ? '/queryAll' : '/query', (c) => {
      const soql = c.req.query('q');
      if (soql === undefined || soql.trim() === '') {
        throw new SalesforceApiError('MALFORMED_QUERY', 'A query string has to be specified');
      }
      const mock = c.get('mock');
      // `columns=true` answers the column metadata instead of rows (the Salesforce CLI lays out its
      // table from it).
      if (c.req.query('columns') === 'true') return c.json(runSoql(() => queryColumns(soql, mock.org)));
      const result = runSoql(() =>
        executeSoql(soql, mock.org, {
          includeDeleted,
          apiVersion: c.get('version').slice(1),
          now: () => new Date(mock.org.clock.now()),
        }),
      );
      const size = batchSize(c.req.header('sforce-query-options'));
      const locator =
        result.records.length > size ? mock.addCursor({ records: result.records, pageSize: size }) : undefined;
      return c.json(page(c, result.records, result.totalSize, 0, size, locator));
    });
  run(false);
  run(true);

  const next = (c: Context<MockEnv>) => {
    const raw = c.req.param('locator') ?? '';
    const dash = raw.lastIndexOf('-');
    const locator = dash > 0 ? raw.slice(0, dash) : raw;
    const offset = dash > 0 ? Number(raw.slice(dash + 1)) : 0;
    const cursor = c.get('mock').cursors.get(locator);
    if (!cursor || !Number.isInteger(offset) || offset < 0 || offset > cursor.records.length) {
      throw new SalesforceApiError('INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return c.json(page(c, cursor.records, cursor.records.length, offset, cursor.pageSize, locator));
  };
  app.get('/query/:locator', next);
  app.get('/queryAll/:locator', next);
  return app;
}
