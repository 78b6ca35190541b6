// GET /v1/jobs/{id}/events: a job's events as server-sent events, replayed from its start and then
// live, until its final status. An unknown job is a 404 before the stream starts.
import { createRoute, z } from '@hono/zod-openapi';
import { JobIdParam } from '@restorelab/planner-api';
import { streamSSE } from 'hono/streaming';
import { jobEvents } from '../../jobs/events.ts';
import { type ApiDeps, apiRoutes, errors, secured } from '../openapi.ts';

export function jobEventRoutes({ manager, nc }: ApiDeps) {
  return apiRoutes().openapi(
    createRoute({
      method: 'get',
      path: '/v1/jobs/{id}/events',
      security: secured,
      summary: 'Server-sent events of a job (status, progress, item), replayed from the start, until it finishes',
      request: { params: JobIdParam },
      responses: {
        200: { description: 'text/event-stream of JobEvent', content: { 'text/event-stream': { schema: z.string() } } },
        401: errors[401],
        404: errors[404],
      },
    }),
    async (c) => {
      const jobId = c.req.valid('param').id;
      await manager.job(jobId); // 404 before the stream starts
      return streamSSE(c, async (stream) => {
        const abort = new AbortController();
        stream.onAbort(() => abort.abort());
        let n = 0;
        for await (const event of jobEvents(nc, jobId, abort.signal)) {
          await stream.writeSSE({ event: event.type, data: JSON.stringify(event), id: String(n++) });
        }
      });
    },
  );
}
