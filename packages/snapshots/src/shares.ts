// Share links of backed-up items: an expiring, signed, read-only link to one record, file or
// attachment of one snapshot, that can be revoked. The signing secret is random per store, made on
// first use and kept in the store's meta table; it never leaves this package. Each share has a row
// (item, expiry, revocation) so a link can be revoked before it expires; the link is not stored.
import { randomBytes } from 'node:crypto';
import { toId18 } from '@restorelab/salesforce';
import { type Download, downloadItem } from './browse.ts';
import { SnapshotError } from './errors.ts';
import { createShareToken, readShareToken, type ShareItem } from './share-token.ts';
import type { SnapshotStore } from './store.ts';
import type { Row } from './store-rows.ts';

export interface Share {
  shareId: string;
  item: ShareItem;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
}

/** The store's share secret, made (32 random bytes) the first time one is needed. */
function secretOf(store: SnapshotStore): string {
  const read = () => store.statement("SELECT value FROM meta WHERE key = 'share_secret'").get() as Row | undefined;
  const found = read();
  if (found) return String(found.value);
  store
    .statement("INSERT OR IGNORE INTO meta (key, value) VALUES ('share_secret', ?)")
    .run(randomBytes(32).toString('base64url'));
  return String((read() as Row).value);
}

/**
 * A new share of an item that the snapshot holds (ITEM_NOT_FOUND otherwise) and its token, the part
 * of the link only its holder knows.
 */
export function createShare(store: SnapshotStore, item: ShareItem, expiresAt: Date): { share: Share; token: string } {
  downloadItem(store, item); // the item must be there: ITEM_NOT_FOUND / SNAPSHOT_NOT_FOUND otherwise
  const shareId = `share-${randomBytes(9).toString('base64url')}`;
  const id = toId18(item.id) ?? item.id;
  const token = createShareToken({ ...item, id }, expiresAt, secretOf(store), shareId);
  const share: Share = {
    shareId,
    item: { ...item, id },
    createdAt: new Date().toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
  store
    .statement('INSERT INTO shares (id, snapshot_id, kind, item_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(shareId, item.snapshotId, item.kind, id, share.createdAt, share.expiresAt);
  return { share, token };
}

/** A share by id, or undefined. */
export function findShare(store: SnapshotStore, shareId: string): Share | undefined {
  const row = store.statement('SELECT * FROM shares WHERE id = ?').get(shareId) as Row | undefined;
  if (!row) return undefined;
  return {
    shareId: String(row.id),
    item: { snapshotId: String(row.snapshot_id), kind: String(row.kind) as ShareItem['kind'], id: String(row.item_id) },
    createdAt: String(row.created_at),
    expiresAt: String(row.expires_at),
    ...(row.revoked_at == null ? {} : { revokedAt: String(row.revoked_at) }),
  };
}

/** Revokes a share (SHARE_NOT_FOUND when there is none); revoking twice keeps the first time. */
export function revokeShare(store: SnapshotStore, shareId: string): Share {
  if (!findShare(store, shareId)) throw new SnapshotError('SHARE_NOT_FOUND', `no share ${shareId}`, { item: shareId });
  store
    .statement('UPDATE shares SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?')
    .run(new Date().toISOString(), shareId);
  return findShare(store, shareId) as Share;
}

/**
 * What a link's token opens: the share and its download. SHARE_TOKEN_INVALID for a token this store
 * did not sign (or one naming no share), SHARE_TOKEN_EXPIRED, SHARE_REVOKED.
 */
export function openShare(
  store: SnapshotStore,
  token: string,
  now: Date = new Date(),
): { share: Share; download: Download } {
  const content = readShareToken(token, secretOf(store), now);
  const share = content.shareId === undefined ? undefined : findShare(store, content.shareId);
  if (!share) throw new SnapshotError('SHARE_TOKEN_INVALID', 'share link is not valid');
  if (share.revokedAt !== undefined) {
    throw new SnapshotError('SHARE_REVOKED', `share ${share.shareId} was revoked`, { item: share.shareId });
  }
  return { share, download: downloadItem(store, share.item) };
}
