// Sharing from the console: an item page's form creates a link through the API (shown once, with a
// revoke button); revoking is a POST like every state change, CSRF-checked.
import { Hono } from 'hono';
import { type ConsoleContext, checkedForm, checkedId, checkedKey } from '../context.ts';
import { ConsoleError } from '../errors.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { itemUrl } from '../views/layout.ts';
import { revokedPage, SHARE_CHOICES, sharePage } from '../views/share.ts';

const KINDS = { records: 'record', files: 'file', attachments: 'attachment' } as const;

export function shareRoutes(ctx: ConsoleContext) {
  const { api, log } = ctx;
  const app = new Hono<ConsoleEnv>();
  for (const [path, kind] of Object.entries(KINDS)) {
    app.post(`${CONSOLE_BASE}/snapshots/:snap/${path}/:id/share`, async (c) => {
      const checked = await checkedForm(ctx, c);
      if (checked.refused) return checked.refused;
      const expiresIn = Number(checked.form.expiresIn);
      if (!SHARE_CHOICES.some(([s]) => s === expiresIn))
        throw new ConsoleError('BAD_REQUEST', 'choose how long the link lives');
      const share = await api.share(checkedKey(c.req.param('snap')), kind, checkedId(c.req.param('id')), { expiresIn });
      log.info({ shareId: share.shareId, ...share.item }, 'share link created from the console');
      return c.html(sharePage(c.var.session.csrf, share), 201);
    });
  }
  app.post(`${CONSOLE_BASE}/shares/:share/revoke`, async (c) => {
    const checked = await checkedForm(ctx, c);
    if (checked.refused) return checked.refused;
    const share = await api.revokeShare(checkedKey(c.req.param('share')));
    log.info({ shareId: share.shareId }, 'share link revoked from the console');
    return c.html(
      revokedPage(c.var.session.csrf, share.shareId, itemUrl(share.item.snapshotId, share.item.kind, share.item.id)),
    );
  });
  return app;
}
