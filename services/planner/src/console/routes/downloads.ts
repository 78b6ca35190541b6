// Downloads always save (never render in the console's origin); images also serve inline for
// previews, and only the raster types a browser cannot run script from.
import { Readable } from 'node:stream';
import { downloadHeaders } from '@restorelab/planner-api';
import { downloadItem, type ShareItem } from '@restorelab/snapshots';
import { type Context, Hono } from 'hono';
import { PlannerError } from '../../errors.ts';
import { type ConsoleContext, checkedId } from '../context.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';

const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const KINDS = { records: 'record', files: 'file', attachments: 'attachment' } as const;

export function downloadRoutes({ store }: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const sendItem = async (c: Context<ConsoleEnv>, kind: keyof typeof KINDS, disposition: 'attachment' | 'inline') => {
    const item: ShareItem = {
      snapshotId: store.getSnapshot(c.req.param('snap') ?? '').id,
      kind: KINDS[kind],
      id: checkedId(c.req.param('id') ?? ''),
    };
    const download = downloadItem(store, item);
    if (disposition === 'inline' && !INLINE_IMAGE_TYPES.has(download.contentType.toLowerCase())) {
      throw new PlannerError('BAD_REQUEST', 'only images are shown inline; download the item instead');
    }
    const stream = await download.open();
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      status: 200,
      headers: downloadHeaders({
        fileName: download.fileName,
        contentType: disposition === 'inline' ? download.contentType : 'application/octet-stream',
        size: download.size,
        disposition,
      }),
    });
  };
  for (const kind of ['records', 'files', 'attachments'] as const) {
    app.get(`${CONSOLE_BASE}/snapshots/:snap/${kind}/:id/download`, (c) => sendItem(c, kind, 'attachment'));
    if (kind !== 'records')
      app.get(`${CONSOLE_BASE}/snapshots/:snap/${kind}/:id/inline`, (c) => sendItem(c, kind, 'inline'));
  }
  return app;
}
