// Finding items in a snapshot: search by name, id or text, and the look-up of known ids (what each
// is and what it is called, for pages that show many ids at once).
import { createRoute } from '@hono/zod-openapi';
import {
  ItemLookupQuery,
  ItemLookupSchema,
  SearchQuery,
  SearchResultSchema,
  SnapshotIdParam,
} from '@restorelab/planner-api';
import { searchSnapshot } from '@restorelab/snapshots';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';
import { lookUpItems } from '../records.ts';

export function searchRoutes({ store }: ApiDeps) {
  return apiRoutes()
    .openapi(
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
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/snapshots/{id}/items',
        security: secured,
        summary:
          'Look items up by id: the records, attachments and files of the snapshot among `ids`, as search hits (missing ids are left out)',
        request: { params: SnapshotIdParam, query: ItemLookupQuery },
        responses: {
          200: json(ItemLookupSchema, 'The items found'),
          400: errors[400],
          401: errors[401],
          404: errors[404],
        },
      }),
      (c) => {
        const snapshot = store.getSnapshot(c.req.valid('param').id);
        return c.json({ items: lookUpItems(store, snapshot.id, c.req.valid('query').ids.split(',')) }, 200);
      },
    );
}
