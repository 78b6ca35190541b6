// Browse a snapshot as folders: the root, Objects, Objects/<type>, Files, Attachments. The folder
// path may hold slashes (Objects/Account), so the handlers are plain Hono routes and the OpenAPI
// document gets the path registered by hand.
import { FolderPathParam, ListingSchema, PageQuery, SnapshotIdParam } from '@restorelab/planner-api';
import { listFolder } from '@restorelab/snapshots';
import type { Context } from 'hono';
import { PlannerError } from '../../errors.ts';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

export function browseRoutes({ store }: ApiDeps) {
  const app = apiRoutes();
  const browse = (c: Context, path: string) => {
    const page = PageQuery.safeParse(c.req.query());
    if (!page.success)
      throw new PlannerError('BAD_REQUEST', 'offset and limit must be non-negative integers (limit ≤ 1000)');
    return c.json(listFolder(store, c.req.param('id') ?? '', path, page.data), 200);
  };
  app.get('/v1/snapshots/:id/folders', (c) => browse(c, ''));
  app.get('/v1/snapshots/:id/folders/:path{.+}', (c) => browse(c, c.req.param('path') ?? ''));
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/v1/snapshots/{id}/folders/{path}',
    security: secured,
    summary:
      'List a folder: "" (root), Objects, Objects/<type>, Files, Attachments; download-only types are marked (R02)',
    request: { params: SnapshotIdParam.extend({ path: FolderPathParam }), query: PageQuery },
    responses: { 200: json(ListingSchema, 'The folder'), 400: errors[400], 401: errors[401], 404: errors[404] },
  });
  return app;
}
