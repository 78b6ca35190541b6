// Search a snapshot by name, id or text.
import { createRoute } from '@hono/zod-openapi';
import { SearchQuery, SearchResultSchema, SnapshotIdParam } from '@restorelab/planner-api';
import { searchSnapshot } from '@restorelab/snapshots';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

export function searchRoutes({ store }: ApiDeps) {
  return apiRoutes().openapi(
    createRoute({
      method: 'get',
      path: '/v1/snapshots/{id}/search',
      security: secured,
      summary: 'Search a snapshot by name, id or text',
      request: { params: SnapshotIdParam, query: SearchQuery },
      responses: { 200: json(SearchResultSchema, 'Hits'), 400: errors[400], 401: errors[401], 404: errors[404] },
    }),
    (c) => {
      const { q, offset, limit } = c.req.valid('query');
      const page = { ...(offset !== undefined ? { offset } : {}), ...(limit !== undefined ? { limit } : {}) };
      return c.json(searchSnapshot(store, c.req.valid('param').id, q, page), 200);
    },
  );
}
