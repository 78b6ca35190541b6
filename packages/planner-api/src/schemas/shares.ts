// Share links of backed-up items: what POST /v1/snapshots/{id}/{kind}/{itemId}/shares takes and
// answers, and what revoking answers. The link opens without the API token, read-only, until it
// expires or is revoked.
import { z } from 'zod';
import { ItemKindSchema } from './common.ts';

/** A link lives an hour unless asked otherwise, and at most seven days. */
export const SHARE_DEFAULT_SECONDS = 3600;
export const SHARE_MAX_SECONDS = 7 * 24 * 3600;

export const ShareRequestSchema = z
  .strictObject({
    expiresIn: z
      .number()
      .int()
      .min(60)
      .max(SHARE_MAX_SECONDS)
      .optional()
      .meta({ description: `Seconds the link lives (default ${SHARE_DEFAULT_SECONDS}, at most ${SHARE_MAX_SECONDS})` }),
  })
  .meta({ id: 'ShareRequest' });
export type ShareRequest = z.infer<typeof ShareRequestSchema>;

export const ShareSchema = z
  .object({
    shareId: z.string(),
    item: z.object({ snapshotId: z.string(), kind: ItemKindSchema, id: z.string() }),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().optional(),
  })
  .meta({ id: 'Share' });
export type Share = z.infer<typeof ShareSchema>;

/** A new share with its link: the only time the link is shown. */
export const CreatedShareSchema = ShareSchema.extend({ url: z.string() }).meta({ id: 'CreatedShare' });
export type CreatedShare = z.infer<typeof CreatedShareSchema>;

export const ShareIdParam = z.object({
  shareId: z
    .string()
    .regex(/^share-[A-Za-z0-9_-]{1,40}$/)
    .meta({ param: { name: 'shareId', in: 'path' }, example: 'share-abc' }),
});
