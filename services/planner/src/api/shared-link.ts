// The share links themselves, served OUTSIDE the bearer-protected /v1 API: whoever holds a link gets
// its one item, read-only, with the same safe headers as every download, until the link expires or
// is revoked. A link this planner did not sign answers 404, an expired or revoked one 410, both with
// no content. Every use is logged by share id and item; the link (its token) never is.
import { Readable } from 'node:stream';
import { downloadHeaders } from '@restorelab/planner-api';
import type { Logger } from '@restorelab/runtime';
import { openShare, SnapshotError, type SnapshotStore } from '@restorelab/snapshots';
import { Hono } from 'hono';

export const SHARED_PATH = '/shared/';

const REFUSED: Partial<Record<string, 404 | 410>> = {
  SHARE_TOKEN_INVALID: 404,
  ITEM_NOT_FOUND: 404,
  SNAPSHOT_NOT_FOUND: 404,
  SHARE_TOKEN_EXPIRED: 410,
  SHARE_REVOKED: 410,
};

export function sharedLinks(store: SnapshotStore, logger: Logger): Hono {
  const app = new Hono();
  const answer = async (token: string, head: boolean): Promise<Response> => {
    const at = new Date();
    try {
      const { share, download } = openShare(store, token, at);
      logger.info({ shareId: share.shareId, ...share.item, at: at.toISOString() }, 'share link used');
      const headers = downloadHeaders(download);
      if (head) return new Response(null, { status: 200, headers });
      return new Response(Readable.toWeb(await download.open()) as ReadableStream, { status: 200, headers });
    } catch (err) {
      const status = err instanceof SnapshotError ? REFUSED[err.code] : undefined;
      if (status === undefined) {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'share link failed');
        return new Response(null, { status: 500, headers: { 'cache-control': 'no-store' } });
      }
      logger.info({ code: (err as SnapshotError).code, at: at.toISOString() }, 'share link refused');
      return new Response(null, { status, headers: { 'cache-control': 'no-store' } });
    }
  };
  app.get(`${SHARED_PATH}:token`, (c) => answer(c.req.param('token'), false));
  app.on('HEAD', `${SHARED_PATH}:token`, (c) => answer(c.req.param('token'), true));
  app.all('*', () => new Response(null, { status: 404, headers: { 'cache-control': 'no-store' } }));
  return app;
}
