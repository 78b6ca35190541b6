// The two open paths: the health check and the OpenAPI document, generated from every route's
// schemas (so it is served by the app that holds them all).
import type { OpenAPIHono } from '@hono/zod-openapi';
import { HEALTH_PATH, OPENAPI_PATH } from '../openapi.ts';

export function describeApi(app: OpenAPIHono): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.get(HEALTH_PATH, (c) => c.json({ ok: true }));
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'restorelab planner API',
      version: '1',
      description:
        'Snapshots, restore summaries and restore jobs. Every path except this document and the health check needs `Authorization: Bearer <token>`.',
    },
  });
}
