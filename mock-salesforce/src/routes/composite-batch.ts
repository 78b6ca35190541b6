// Composite Batch (`POST /composite/batch`): up to 25 independent subrequests in one call, run in
// order as the same user, each answered with its own status and body. Subrequests go through the
// whole app again (session, faults, the API allocation, every resource's own rules), so a batch
// behaves exactly like the calls it holds; a failed one does not undo earlier ones.
import { Hono } from 'hono';
import { z } from 'zod';
import { SalesforceApiError } from '../errors.ts';
import { type MockEnv, parseJson, readBodyText } from './context.ts';

const MAX_SUBREQUESTS = 25;

const BatchBody = z.object({
  haltOnError: z.boolean().optional(),
  batchRequests: z.array(
    z.object({
      method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD']),
      url: z.string().min(1),
      richInput: z.unknown().optional(),
    }),
  ),
});

/** Hands a request to the whole mock app (the batch runs its subrequests through it). */
export type Dispatch = (request: Request) => Promise<Response>;

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function invalidBatch(message: string): SalesforceApiError {
  return new SalesforceApiError('INVALID_BATCH_REQUEST', message);
}

export function compositeBatchRoutes(options: { maxBodyBytes: number; dispatch: Dispatch }): Hono<MockEnv> {
  const app = new Hono<MockEnv>();
  app.post('/', async (c) => {
    const parsed = BatchBody.safeParse(parseJson(await readBodyText(c, options.maxBodyBytes)));
    if (!parsed.success) throw invalidBatch('The request body must be {"batchRequests": [{"method", "url"}, ...]}');
    const { batchRequests, haltOnError } = parsed.data;
    if (batchRequests.length > MAX_SUBREQUESTS)
      throw invalidBatch(`A batch can hold at most ${MAX_SUBREQUESTS} subrequests`);
    const version = Number(c.get('version').slice(1));
    const origin = new URL(c.req.url).origin;
    const results: Array<{ statusCode: number; result: unknown }> = [];
    let halted = false;
    for (const sub of batchRequests) {
      if (halted) {
        results.push({
          statusCode: 412,
          result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }],
        });
        continue;
      }
      // `v60.0/query?q=...`, as the docs write it; a leading `/services/data/` is taken too.
      const path = sub.url.replace(/^\/?(services\/data\/)?/, '');
      const subVersion = Number(/^v(\d+\.\d)\//.exec(path)?.[1] ?? Number.NaN);
      if (!(subVersion >= 34 && subVersion <= version))
        throw invalidBatch(`subrequest ${sub.url}: its API version must be between 34.0 and the batch's ${version}`);
      const response = await options.dispatch(
        new Request(`${origin}/services/data/${path}`, {
          method: sub.method,
          headers: {
            authorization: c.req.header('authorization') ?? '',
            ...(sub.richInput === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(sub.richInput === undefined ? {} : { body: JSON.stringify(sub.richInput) }),
        }),
      );
      results.push({ statusCode: response.status, result: await bodyOf(response) });
      if (response.status >= 400 && haltOnError) halted = true;
    }
    return c.json({ hasErrors: results.some((r) => r.statusCode >= 400), results });
  });
  return app;
}
