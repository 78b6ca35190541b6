// Share links of backed-up items: create one (an expiring, signed, read-only link) and revoke it,
// under the bearer-protected /v1; the link itself is served outside /v1 by shared-link.ts.
import { createRoute } from '@hono/zod-openapi';
import {
  CreatedShareSchema,
  type ItemKind,
  ItemParams,
  SHARE_DEFAULT_SECONDS,
  ShareIdParam,
  ShareRequestSchema,
  ShareSchema,
} from '@restorelab/planner-api';
import { createShare, findShare, revokeShare } from '@restorelab/snapshots';
import { PlannerError } from '../../errors.ts';
import { type ApiDeps, apiRoutes, errors, json, secured } from '../openapi.ts';

const KINDS: Array<{ path: string; kind: ItemKind }> = [
  { path: 'records', kind: 'record' },
  { path: 'files', kind: 'file' },
  { path: 'attachments', kind: 'attachment' },
];

export function shareRoutes({ store, logger, shareUrl }: ApiDeps) {
  const app = apiRoutes();
  for (const { path, kind } of KINDS) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/v1/snapshots/{id}/${path}/{itemId}/shares`,
        security: secured,
        summary: `Share a backed-up ${kind}: an expiring, signed, read-only link that needs no token`,
        request: {
          params: ItemParams,
          body: { content: { 'application/json': { schema: ShareRequestSchema } }, required: false },
        },
        responses: {
          201: json(CreatedShareSchema, 'The share and its link (shown this once)'),
          400: errors[400],
          401: errors[401],
          404: errors[404],
        },
      }),
      async (c) => {
        const { id, itemId } = c.req.valid('param');
        const text = await c.req.text();
        const parsed = ShareRequestSchema.safeParse(text.trim() === '' ? {} : safeJson(text));
        if (!parsed.success)
          throw new PlannerError('BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
        const seconds = parsed.data.expiresIn ?? SHARE_DEFAULT_SECONDS;
        const { share, token } = createShare(
          store,
          { snapshotId: id, kind, id: itemId },
          new Date(Date.now() + seconds * 1000),
        );
        logger.info({ shareId: share.shareId, ...share.item, expiresAt: share.expiresAt }, 'share link created');
        return c.json({ ...share, url: shareUrl(token) }, 201);
      },
    );
    app.openapi(
      createRoute({
        method: 'delete',
        path: `/v1/snapshots/{id}/${path}/{itemId}/shares/{shareId}`,
        security: secured,
        summary: `Revoke a share of a ${kind}: its link answers 410 from now on`,
        request: { params: ItemParams.extend(ShareIdParam.shape) },
        responses: { 200: json(ShareSchema, 'The revoked share'), 401: errors[401], 404: errors[404] },
      }),
      (c) => {
        const { id, itemId, shareId } = c.req.valid('param');
        const share = findShare(store, shareId);
        if (
          !share ||
          share.item.snapshotId !== id ||
          share.item.kind !== kind ||
          share.item.id.slice(0, 15) !== itemId.slice(0, 15)
        ) {
          throw new PlannerError('NOT_FOUND', `no share ${shareId} of ${kind} ${itemId}`);
        }
        return c.json(revoke(shareId), 200);
      },
    );
  }
  const revoke = (shareId: string) => {
    const share = revokeShare(store, shareId);
    logger.info({ shareId, ...share.item }, 'share link revoked');
    return share;
  };
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/shares/{shareId}',
      security: secured,
      summary: 'Revoke a share by its id',
      request: { params: ShareIdParam },
      responses: { 200: json(ShareSchema, 'The revoked share'), 401: errors[401], 404: errors[404] },
    }),
    (c) => c.json(revoke(c.req.valid('param').shareId), 200),
  );
  return app;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PlannerError('BAD_REQUEST', 'the body is not valid JSON');
  }
}
