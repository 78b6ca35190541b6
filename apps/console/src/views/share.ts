// Sharing a backed-up item: the form on each item page (how long the link lives) and the page that
// shows a new link once, with its expiry and a button that revokes it.
import type { CreatedShare, ItemKind } from '@restorelab/planner-api';
import { CONSOLE_BASE } from '../guard.ts';
import { csrfField, type Html, h, itemUrl, page, seg, snapshotUrl, when } from './layout.ts';

const PLURAL: Record<ItemKind, string> = { record: 'records', file: 'files', attachment: 'attachments' };

/** How long a link may live, as the form offers it (seconds). */
export const SHARE_CHOICES: ReadonlyArray<[number, string]> = [
  [3600, '1 hour'],
  [86400, '1 day'],
  [7 * 86400, '7 days'],
];

export function shareForm(csrf: string, snapshotId: string, kind: ItemKind, id: string): Html {
  return h`<form method="post" action="${snapshotUrl(snapshotId, `/${PLURAL[kind]}/${seg(id)}/share`)}" class="actions">
  ${csrfField(csrf)}
  <label for="share-expires">Share link lives</label>
  <select id="share-expires" name="expiresIn">${SHARE_CHOICES.map(([s, label]) => h`<option value="${s}">${label}</option>`)}</select>
  <button type="submit" class="secondary">Create a share link</button>
  <span class="hint">Anyone with the link can download this item, read-only and without logging in, until it expires or you revoke it.</span>
</form>`;
}

export function sharePage(csrf: string, share: CreatedShare): Html {
  const back = itemUrl(share.item.snapshotId, share.item.kind, share.item.id);
  return page(
    { title: 'Share link', csrf, crumbs: [{ label: 'Orgs', href: CONSOLE_BASE }, { label: 'Share link' }] },
    h`<p>A read-only link to <a href="${back}">${share.item.kind} ${share.item.id}</a>, good until ${when(share.expiresAt)}.
Copy it now: it is shown only this once.</p>
<p><label for="share-url">Link</label> <input id="share-url" type="text" readonly value="${share.url}" size="80"></p>
<form method="post" action="${CONSOLE_BASE}/shares/${seg(share.shareId)}/revoke" class="actions">
  ${csrfField(csrf)}
  <button type="submit" class="danger">Revoke this link</button>
  <span class="hint">Share <code>${share.shareId}</code>. A revoked link stops working at once.</span>
</form>`,
  );
}

export function revokedPage(csrf: string, shareId: string, back: string): Html {
  return page(
    { title: 'Share link revoked', csrf, crumbs: [{ label: 'Orgs', href: CONSOLE_BASE }, { label: 'Share link' }] },
    h`<p role="status">Share <code>${shareId}</code> is revoked: its link no longer opens.</p>
<p><a href="${back}">Back to the item</a></p>`,
  );
}
