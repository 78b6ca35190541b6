// One backed-up item's page: a record (fields, children, files and attachments with previews, the
// restore choice), a file (its sharing) or an attachment (its parent, metadata-only restore).
import { toId18 } from '@restorelab/salesforce';
import { Hono } from 'hono';
import { type ContentInfo, inspectContent } from '../content.ts';
import { type ConsoleContext, checkedId, ID_RE } from '../context.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { attachmentPage, filePage, recordPage } from '../views/record.ts';

export function itemRoutes({ api }: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();

  /** The names of the records among `ids` that the snapshot holds, by the ids as asked (15 or 18 characters). */
  const recordNames = async (snapshotId: string, ids: string[]): Promise<Map<string, string>> => {
    if (ids.length === 0) return new Map();
    const found = new Map(
      (await api.items(snapshotId, ids)).filter((h) => h.kind === 'record').map((h) => [h.id, h.name]),
    );
    const names = new Map<string, string>();
    for (const id of ids) {
      const name = found.get(toId18(id) ?? id);
      if (name !== undefined) names.set(id, name);
    }
    return names;
  };

  app.get(`${CONSOLE_BASE}/snapshots/:snap/records/:id`, async (c) => {
    const snapshot = await api.snapshot(c.req.param('snap'));
    const preview = await api.preview(snapshot.id, checkedId(c.req.param('id')));
    const refs = preview.fields.flatMap((f) =>
      f.type === 'reference' && typeof f.value === 'string' && ID_RE.test(f.value) ? [f.value] : [],
    );
    const linkable = await recordNames(snapshot.id, refs);
    const fileContents = new Map<string, ContentInfo>();
    for (const f of preview.files) {
      const content = await inspectContent(api, snapshot.id, 'file', f.contentDocumentId);
      if (content) fileContents.set(f.contentDocumentId, content);
    }
    const attachmentContents = new Map<string, ContentInfo>();
    for (const a of preview.attachments) {
      const content = await inspectContent(api, snapshot.id, 'attachment', a.id);
      if (content) attachmentContents.set(a.id, content);
    }
    return c.html(recordPage(c.var.session.csrf, { snapshot, preview, linkable, fileContents, attachmentContents }));
  });

  app.get(`${CONSOLE_BASE}/snapshots/:snap/files/:id`, async (c) => {
    const snapshot = await api.snapshot(c.req.param('snap'));
    const file = await api.file(snapshot.id, checkedId(c.req.param('id')));
    const linked = await recordNames(
      snapshot.id,
      file.links.map((l) => l.linkedEntityId),
    );
    const content = await inspectContent(api, snapshot.id, 'file', file.contentDocumentId);
    return c.html(filePage(c.var.session.csrf, snapshot, file, content, linked));
  });

  app.get(`${CONSOLE_BASE}/snapshots/:snap/attachments/:id`, async (c) => {
    const snapshot = await api.snapshot(c.req.param('snap'));
    const attachment = await api.attachment(snapshot.id, checkedId(c.req.param('id')));
    const parentName = (await recordNames(snapshot.id, [attachment.parentId])).get(attachment.parentId);
    const content = await inspectContent(api, snapshot.id, 'attachment', attachment.id);
    return c.html(attachmentPage(c.var.session.csrf, snapshot, attachment, content, parentName));
  });
  return app;
}
