// A snapshot's folders (Objects, one folder per type, Files, Attachments), paged, and its search.
import { type Context, Hono } from 'hono';
import { type ConsoleContext, decodePath } from '../context.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { FOLDER_PAGE_SIZE, folderPage, searchPage } from '../views/snapshots.ts';

export function snapshotRoutes({ api }: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const browse = async (c: Context<ConsoleEnv>, path: string) => {
    const snapshot = await api.snapshot(c.req.param('snap') ?? '');
    const offset = Math.max(0, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0);
    const listing = await api.folder(snapshot.id, path, { offset, limit: FOLDER_PAGE_SIZE });
    return c.html(folderPage(c.var.session.csrf, snapshot, listing, offset));
  };
  app.get(`${CONSOLE_BASE}/snapshots/:snap`, (c) =>
    c.redirect(`${CONSOLE_BASE}/snapshots/${encodeURIComponent(c.req.param('snap'))}/browse`, 302),
  );
  app.get(`${CONSOLE_BASE}/snapshots/:snap/browse`, (c) => browse(c, ''));
  app.get(`${CONSOLE_BASE}/snapshots/:snap/browse/:path{.+}`, (c) => browse(c, decodePath(c.req.param('path'))));

  app.get(`${CONSOLE_BASE}/snapshots/:snap/search`, async (c) => {
    const snapshot = await api.snapshot(c.req.param('snap'));
    const q = (c.req.query('q') ?? '').trim().slice(0, 500);
    if (q === '') return c.redirect(`${CONSOLE_BASE}/snapshots/${encodeURIComponent(snapshot.id)}/browse`, 303);
    return c.html(searchPage(c.var.session.csrf, snapshot, q, await api.search(snapshot.id, q, { limit: 100 })));
  });
  return app;
}
