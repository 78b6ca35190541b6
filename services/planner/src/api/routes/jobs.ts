// Jobs: the list, one job (with a long poll until it stops), its id map page by page, cancel and resume.
import { createRoute } from '@hono/zod-openapi';
import {
  JobIdParam,
  JobIdsPageSchema,
  JobListSchema,
  JobPageQuery,
  JobStateSchema,
  JobWaitQuery,
} from '@restorelab/planner-api';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

export function jobRoutes({ manager }: ApiDeps) {
  return apiRoutes()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/jobs',
        security: secured,
        summary: 'Jobs, newest first',
        responses: { 200: json(JobListSchema, 'The jobs'), 401: errors[401] },
      }),
      async (c) => c.json({ jobs: await manager.jobs() }, 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/jobs/{id}',
        security: secured,
        summary: 'A job: status, counts per object and action, selected / restored / metafiles (R05), failures, id map',
        request: { params: JobIdParam, query: JobWaitQuery },
        responses: { 200: json(JobStateSchema, 'The job'), 400: errors[400], 401: errors[401], 404: errors[404] },
      }),
      async (c) => {
        const jobId = c.req.valid('param').id;
        const { wait } = c.req.valid('query');
        // A follower asking to wait is answered the moment the job stops: no polling interval to guess.
        const job = wait ? await manager.settled(jobId, wait * 1000) : await manager.job(jobId);
        return c.json(job, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/jobs/{id}/ids',
        security: secured,
        summary:
          "A page of the job's old → new ids (R06), as far as its last save: the job document shows only the first ones",
        request: { params: JobIdParam, query: JobPageQuery },
        responses: {
          200: json(JobIdsPageSchema, 'The page; `next` is the cursor of the page after'),
          400: errors[400],
          401: errors[401],
          404: errors[404],
        },
      }),
      async (c) => c.json(await manager.jobIds(c.req.valid('param').id, c.req.valid('query').cursor), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/jobs/{id}/cancel',
        security: secured,
        summary: 'Cancel a running job: work in flight finishes, nothing more is sent',
        request: { params: JobIdParam },
        responses: {
          202: json(JobStateSchema, 'The job, cancelling'),
          401: errors[401],
          404: errors[404],
          409: errors[409]('The job has already finished'),
        },
      }),
      async (c) => c.json(await manager.cancel(c.req.valid('param').id), 202),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/v1/jobs/{id}/resume',
        security: secured,
        summary:
          'Run a failed job again (e.g. once the org has API requests again): only the items not written are written, none twice',
        request: { params: JobIdParam },
        responses: {
          202: json(JobStateSchema, 'The job, running again with a new attempt number'),
          401: errors[401],
          404: errors[404],
          409: errors[409]('The job is not failed (running, succeeded or cancelled)'),
        },
      }),
      async (c) => c.json(await manager.resume(c.req.valid('param').id), 202),
    );
}
