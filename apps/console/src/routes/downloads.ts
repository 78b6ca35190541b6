// Downloads always save (never render in the console's origin); images also serve inline for
// previews, and only the raster types a browser cannot run script from. The content is the API's
// download, passed through with the safe download headers.
import { downloadHeaders } from '@restorelab/planner-api';
import { type Context, Hono } from 'hono';
import { type ConsoleContext, checkedId } from '../context.ts';
import { ConsoleError } from '../errors.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';

const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const KINDS = { records: 'record', files: 'file', attachments: 'attachment' } as const;

export function downloadRoutes({ api }: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const sendItem = async (c: Context<ConsoleEnv>, kind: keyof typeof KINDS, disposition: 'attachment' | 'inline') => {
    const id = checkedId(c.req.param('id') ?? '');
    const download = await api.download(c.req.param('snap') ?? '', KINDS[kind], id);
    const inline = disposition === 'inline';
    if (inline && !INLINE_IMAGE_TYPES.has(download.contentType.toLowerCase())) {
      await download.body.cancel();
      throw new ConsoleError('BAD_REQUEST', 'only images are shown inline; download the item instead');
    }
    return new Response(download.body, {
      status: 200,
      headers: downloadHeaders({
        fileName: download.fileName ?? id,
        contentType: inline ? download.contentType : 'application/octet-stream',
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
