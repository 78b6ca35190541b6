// Share links: an expiring, HMAC-SHA256-signed token naming one item of one snapshot. The item is a
// typed reference (snapshot id, kind, Salesforce id) validated on both sides, never a path, so a
// token cannot name anything outside the store.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isSalesforceId, toId18 } from '@restorelab/salesforce';
import { z } from 'zod';
import { SnapshotError } from './errors.ts';

export const ShareItemSchema = z.object({
  snapshotId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/),
  kind: z.enum(['record', 'file', 'attachment']),
  id: z.string().refine(isSalesforceId, 'not a Salesforce id'),
});

/** What a share link downloads: a record as JSON, a file's latest version, or an attachment's body. */
export type ShareItem = z.infer<typeof ShareItemSchema>;

const PayloadSchema = z.object({ item: ShareItemSchema, exp: z.number().int(), sid: z.string().optional() });

/** What a verified token says: the item, the share it belongs to (when it names one), its expiry. */
export interface ShareTokenContent {
  item: ShareItem;
  shareId: string | undefined;
  expiresAt: Date;
}

/** `createShareToken({ snapshotId, kind: 'file', id }, new Date(Date.now() + 3600_000), secret)` */
export function createShareToken(
  item: ShareItem,
  expiresAt: Date,
  secret: string | Uint8Array,
  /** The share the token belongs to (so it can be revoked); signed with the rest. */
  shareId?: string,
): string {
  const parsed = ShareItemSchema.safeParse(item);
  if (!parsed.success) throw new SnapshotError('BAD_INPUT', `cannot share ${JSON.stringify(item)}`);
  if (secret.length < 16) throw new SnapshotError('BAD_INPUT', 'a share secret needs at least 16 bytes');
  const payload = {
    item: { ...parsed.data, id: toId18(parsed.data.id) as string },
    exp: expiresAt.getTime(),
    ...(shareId === undefined ? {} : { sid: shareId }),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(body, secret)}`;
}

/** The item a token names, or SHARE_TOKEN_INVALID / SHARE_TOKEN_EXPIRED. */
export function verifyShareToken(token: string, secret: string | Uint8Array, now: Date = new Date()): ShareItem {
  return readShareToken(token, secret, now).item;
}

/** The item, share id and expiry a token names, or SHARE_TOKEN_INVALID / SHARE_TOKEN_EXPIRED. */
export function readShareToken(token: string, secret: string | Uint8Array, now: Date = new Date()): ShareTokenContent {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) throw invalid();
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  let payload: z.infer<typeof PayloadSchema>;
  try {
    payload = PayloadSchema.parse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
  } catch (err) {
    throw invalid(err);
  }
  if (payload.exp <= now.getTime()) {
    throw new SnapshotError('SHARE_TOKEN_EXPIRED', `share link expired at ${new Date(payload.exp).toISOString()}`);
  }
  return { item: payload.item, shareId: payload.sid, expiresAt: new Date(payload.exp) };
}

function sign(body: string, secret: string | Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

function invalid(cause?: unknown): SnapshotError {
  return new SnapshotError('SHARE_TOKEN_INVALID', 'share link is not valid', { cause });
}
