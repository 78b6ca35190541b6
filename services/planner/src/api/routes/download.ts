// Downloads: a record as JSON, a file's latest version, an attachment's body, with their original
// names and types and the safe download headers every download carries (planner-api's).
import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { downloadHeaders, type ItemKind, ItemParams } from '@restorelab/planner-api';
import { downloadItem } from '@restorelab/snapshots';
import { type ApiDeps, apiRoutes, errors, secured } from '../openapi.ts';

const KINDS: Array<{ path: string; kind: ItemKind; what: string }> = [
  { path: 'records', kind: 'record', what: 'a record as backed up (JSON)' },
  { path: 'files', kind: 'file', what: "a file's latest version as backed up" },
  { path: 'attachments', kind: 'attachment', what: "an attachment's body as backed up" },
];

export function downloadRoutes({ store }: ApiDeps) {
  const app = apiRoutes();
  for (const { path, kind, what } of KINDS) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `/v1/snapshots/{id}/${path}/{itemId}/download`,
        security: secured,
        summary: `Download ${what}`,
        request: { params: ItemParams },
        responses: {
          200: {
            description: 'The content, saved rather than shown (Content-Disposition: attachment)',
            content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
          },
          400: errors[400],
          401: errors[401],
          404: errors[404],
        },
      }),
      async (c) => {
        const { id, itemId } = c.req.valid('param');
        const download = downloadItem(store, { snapshotId: id, kind, id: itemId });
        const stream = await download.open();
        return new Response(Readable.toWeb(stream) as ReadableStream, {
          status: 200,
          headers: downloadHeaders(download),
        });
      },
    );
  }
  return app;
}
