// A backed-up record's preview: labels from the snapshot's schema, the standard status value that
// is never restored (R10), its children, files and attachments.
import { createRoute } from '@hono/zod-openapi';
import { ItemParams, RecordPreviewSchema } from '@restorelab/planner-api';
import { previewRecord } from '@restorelab/snapshots';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

export function previewRoutes({ store }: ApiDeps) {
  return apiRoutes().openapi(
    createRoute({
      method: 'get',
      path: '/v1/snapshots/{id}/records/{itemId}',
      security: secured,
      summary: 'Preview a backed-up record (labels, standard status value R10, children, files, attachments)',
      request: { params: ItemParams },
      responses: {
        200: json(RecordPreviewSchema, 'The preview'),
        400: errors[400],
        401: errors[401],
        404: errors[404],
      },
    }),
    (c) => {
      const { id, itemId } = c.req.valid('param');
      return c.json(previewRecord(store, id, itemId), 200);
    },
  );
}
