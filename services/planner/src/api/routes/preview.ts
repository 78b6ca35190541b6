// What a snapshot holds of one item: a record's preview (labels from the snapshot's schema, the
// standard status value that is never restored, R10, its children, files and attachments), a file's
// details (its latest version and sharing) and an attachment's.
import { createRoute } from '@hono/zod-openapi';
import { BackedUpAttachmentSchema, BackedUpFileSchema, ItemParams, RecordPreviewSchema } from '@restorelab/planner-api';
import { previewRecord, SnapshotError } from '@restorelab/snapshots';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

const notFound = (what: string, id: string, snapshotId: string) =>
  new SnapshotError('ITEM_NOT_FOUND', `${what} ${id} is not in snapshot ${snapshotId}`, { item: id });

export function previewRoutes({ store }: ApiDeps) {
  const answers = { 400: errors[400], 401: errors[401], 404: errors[404] };
  return apiRoutes()
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/snapshots/{id}/records/{itemId}',
        security: secured,
        summary: 'Preview a backed-up record (labels, standard status value R10, children, files, attachments)',
        request: { params: ItemParams },
        responses: { 200: json(RecordPreviewSchema, 'The preview'), ...answers },
      }),
      (c) => {
        const { id, itemId } = c.req.valid('param');
        return c.json(previewRecord(store, id, itemId), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/snapshots/{id}/files/{itemId}',
        security: secured,
        summary: 'A backed-up file: its latest version (R16) and who it is shared with (R17)',
        request: { params: ItemParams },
        responses: { 200: json(BackedUpFileSchema, 'The file'), ...answers },
      }),
      (c) => {
        const { id, itemId } = c.req.valid('param');
        const file = store.file(store.getSnapshot(id).id, itemId);
        if (!file) throw notFound('file', itemId, id);
        return c.json(file, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/v1/snapshots/{id}/attachments/{itemId}',
        security: secured,
        summary: 'A backed-up attachment (bodyHash null: its content was not backed up)',
        request: { params: ItemParams },
        responses: { 200: json(BackedUpAttachmentSchema, 'The attachment'), ...answers },
      }),
      (c) => {
        const { id, itemId } = c.req.valid('param');
        const attachment = store.attachment(store.getSnapshot(id).id, itemId);
        if (!attachment) throw notFound('attachment', itemId, id);
        return c.json(attachment, 200);
      },
    );
}
