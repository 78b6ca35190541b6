// One backed-up item's page: a record (fields, children, files and attachments with previews, the
// restore choice), a file (its sharing) or an attachment (its parent, metadata-only restore).
import { toId18 } from '@restorelab/salesforce';
import { previewRecord, SnapshotError } from '@restorelab/snapshots';
import { Hono } from 'hono';
import { readPreview } from '../content.ts';
import { type ConsoleContext, checkedId, ID_RE, nameOf } from '../context.ts';
import { CONSOLE_BASE, type ConsoleEnv } from '../guard.ts';
import { attachmentPage, type ContentPreview, filePage, recordPage } from '../views/record.ts';

export function itemRoutes({ store }: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();

  app.get(`${CONSOLE_BASE}/snapshots/:snap/records/:id`, async (c) => {
    const snapshot = store.getSnapshot(c.req.param('snap'));
    const id = checkedId(c.req.param('id'));
    const preview = previewRecord(store, snapshot.id, id);
    const refs = preview.fields
      .filter((f) => f.type === 'reference' && typeof f.value === 'string' && ID_RE.test(f.value))
      .map((f) => f.value as string);
    const linkable = new Set(store.records(snapshot.id, refs).map((r) => r.id));
    for (const ref of refs) if (linkable.has(toId18(ref) ?? '')) linkable.add(ref);
    const filePreviews = new Map<string, ContentPreview>();
    for (const f of preview.files) {
      const p = await readPreview(store, { snapshotId: snapshot.id, kind: 'file', id: f.contentDocumentId });
      if (p) filePreviews.set(f.contentDocumentId, p);
    }
    const attachmentPreviews = new Map<string, ContentPreview>();
    for (const a of preview.attachments) {
      const p = await readPreview(store, { snapshotId: snapshot.id, kind: 'attachment', id: a.id });
      if (p) attachmentPreviews.set(a.id, p);
    }
    return c.html(recordPage(c.var.session.csrf, { snapshot, preview, linkable, filePreviews, attachmentPreviews }));
  });

  app.get(`${CONSOLE_BASE}/snapshots/:snap/files/:id`, async (c) => {
    const snapshot = store.getSnapshot(c.req.param('snap'));
    const id = checkedId(c.req.param('id'));
    const file = store.file(snapshot.id, id);
    if (!file) throw new SnapshotError('ITEM_NOT_FOUND', `file ${id} is not in snapshot ${snapshot.id}`, { item: id });
    const linked = new Map(
      store
        .records(
          snapshot.id,
          file.links.map((l) => l.linkedEntityId),
        )
        .map((r) => [r.id, nameOf(r.fields) || r.id]),
    );
    const preview = await readPreview(store, { snapshotId: snapshot.id, kind: 'file', id });
    return c.html(filePage(c.var.session.csrf, snapshot, file, preview, linked));
  });

  app.get(`${CONSOLE_BASE}/snapshots/:snap/attachments/:id`, async (c) => {
    const snapshot = store.getSnapshot(c.req.param('snap'));
    const id = checkedId(c.req.param('id'));
    const attachment = store.attachment(snapshot.id, id);
    if (!attachment)
      throw new SnapshotError('ITEM_NOT_FOUND', `attachment ${id} is not in snapshot ${snapshot.id}`, { item: id });
    const parent = store.record(snapshot.id, attachment.parentId);
    const preview = await readPreview(store, { snapshotId: snapshot.id, kind: 'attachment', id });
    return c.html(
      attachmentPage(c.var.session.csrf, snapshot, attachment, preview, parent ? nameOf(parent.fields) : undefined),
    );
  });
  return app;
}
