// Restores Attachments (00P) of Salesforce Classic: created again under the parent's live id (the
// new id when the parent was re-created, R06/R14), or overwritten in place.
// R13: attachments restored from the Objects folder carry metadata only. Salesforce requires a
// Body on insert, so such an attachment gets a short text placeholder saying the content was not
// backed up; its Name, ContentType, IsPrivate, OwnerId and Description are the backed-up ones.
// Overwriting a metadata-only attachment leaves the org's Body untouched.

import type { AttachmentTask, WriteError } from '@restorelab/contracts';
import {
  type CallCounter,
  callWithRetry,
  DEFAULT_RETRY_POLICY,
  errorCodeOf,
  type RetryPolicy,
} from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';

export const METADATA_ONLY_PLACEHOLDER =
  'restorelab: this attachment was restored from its metadata only; its content was not in the backup.\n';

export type AttachmentRestore = Pick<
  AttachmentTask,
  'itemId' | 'action' | 'targetId' | 'parentId' | 'name' | 'contentType' | 'isPrivate' | 'ownerId' | 'description'
>;

export interface AttachmentRestoreResult {
  itemId: string;
  success: boolean;
  /** The live attachment id: new on create, the target on overwrite. */
  attachmentId?: string;
  /** True when the placeholder body was written (R13). */
  placeholderBody: boolean;
  error?: WriteError;
}

/**
 * Restores one attachment. `body` undefined means metadata only (R13).
 *
 * ```ts
 * await restoreAttachment(conn, { itemId: 'a1', action: 'create', parentId: newAccountId, name: 'x.txt',
 *   contentType: 'text/plain', isPrivate: false, ownerId, description: null }, bytes);
 * ```
 */
export async function restoreAttachment(
  conn: Connection,
  task: AttachmentRestore,
  body?: Uint8Array,
  options: { retry?: RetryPolicy; counter?: CallCounter } = {},
): Promise<AttachmentRestoreResult> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const counter = options.counter ?? { calls: 0, retries: 0 };
  const fields: Record<string, unknown> = {
    Name: task.name,
    ContentType: task.contentType,
    IsPrivate: task.isPrivate,
    OwnerId: task.ownerId,
    Description: task.description,
  };
  const placeholderBody = body === undefined && task.action === 'create';
  if (body !== undefined) fields.Body = Buffer.from(body).toString('base64');
  else if (placeholderBody) fields.Body = Buffer.from(METADATA_ONLY_PLACEHOLDER).toString('base64');
  try {
    if (task.action === 'create') {
      const saved = await callWithRetry(
        () =>
          conn.request<{ id: string }>({
            method: 'POST',
            url: '/sobjects/Attachment',
            body: JSON.stringify({ ...fields, ParentId: task.parentId }),
            headers: { 'content-type': 'application/json' },
          }),
        policy,
        counter,
      );
      return { itemId: task.itemId, success: true, attachmentId: saved.id, placeholderBody };
    }
    if (!task.targetId) {
      return {
        itemId: task.itemId,
        success: false,
        placeholderBody,
        error: { code: 'MISSING_TARGET', message: 'overwrite needs the live attachment id', fields: [] },
      };
    }
    const targetId = task.targetId;
    await callWithRetry(
      () =>
        conn.request({
          method: 'PATCH',
          url: `/sobjects/Attachment/${targetId}`,
          body: JSON.stringify(fields),
          headers: { 'content-type': 'application/json' },
        }),
      policy,
      counter,
    );
    return { itemId: task.itemId, success: true, attachmentId: targetId, placeholderBody };
  } catch (err) {
    const data = (err as { data?: { fields?: unknown } }).data;
    return {
      itemId: task.itemId,
      success: false,
      placeholderBody,
      error: {
        code: errorCodeOf(err) ?? 'UNKNOWN_ERROR',
        message: err instanceof Error ? err.message : String(err),
        fields: Array.isArray(data?.fields) ? (data.fields as string[]) : [],
      },
    };
  }
}
