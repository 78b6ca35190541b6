// Restores files (ContentDocument / ContentVersion) and their sharing, R15–R19:
// - R15: the version is inserted with OwnerId = the backed-up owner and no FirstPublishLocationId,
//   so Salesforce files it in the owner's own library and gives the owner its automatic link;
//   CreatedById is whoever the connection runs as (the admin running the restore).
// - R16: only the backed-up (latest) version's content is written.
// - R17: every ContentDocumentLink is re-created with its ShareType and Visibility; a link that
//   already exists (DUPLICATE_VALUE, or found on an existing document) is not a failure, and an
//   existing link with other sharing is updated to the backed-up sharing.
// - R18: ContentModifiedDate is never sent, so the org stamps the time of the restore.
// - R19: the planner decides the action. `overwrite` (same content, different time) inserts a new
//   version carrying the same content: Salesforce cannot replace a version's VersionData in place,
//   and a version insert is the only write that moves the file's modification time to the restore
//   time (R18) while leaving the latest content as it was.

import { createHash } from 'node:crypto';
import type { FileTask, RecordItemResult, WriteError } from '@restorelab/contracts';
import { sameId, toId18 } from '@restorelab/salesforce';
import {
  API_LIMIT_CODE,
  type CallCounter,
  callWithRetry,
  DEFAULT_RETRY_POLICY,
  errorCodeOf,
  inParallel,
  isApiLimitError,
  type RetryPolicy,
} from '@restorelab/salesforce/client';
import { writeRecordBatch } from '@restorelab/worker';
import type { Connection } from 'jsforce';

export type FileRestoreAction = FileTask['action'] | 'skip';
export type FileLink = FileTask['links'][number];

/** What the writer needs of a file task (a contract FileTask fits, with `skip` added for callers). */
export interface FileRestore {
  itemId: string;
  action: FileRestoreAction;
  /** The live document to version or overwrite (newVersion / overwrite). */
  targetContentDocumentId?: string | undefined;
  ownerId: string;
  title: string;
  pathOnClient: string;
  /** Sharing links with snapshot ids; `targetIds` maps re-created records to their new ids. */
  links: readonly FileLink[];
  targetIds: Readonly<Record<string, string>>;
}

/** Reason recorded on the versions restorelab inserts, so people can tell them apart in the org. */
export const RESTORE_REASON = {
  newVersion: 'Restored by restorelab',
  overwrite: 'Restored by restorelab (same content as the backup: latest version overwritten)',
} as const;

export type LinkOutcome = FileLink & {
  /** The link as written: the live entity id (mapped through targetIds). */
  liveEntityId: string;
  outcome: 'created' | 'updated' | 'existing' | 'failed';
  id?: string;
  error?: WriteError;
};

export interface FileRestoreResult {
  itemId: string;
  action: FileRestoreAction;
  success: boolean;
  contentDocumentId?: string;
  contentVersionId?: string;
  /** Every sharing link considered (the owner's automatic link is not among them). */
  links: LinkOutcome[];
  /** Links written (created or updated): metafiles, R05. */
  linksWritten: number;
  error?: WriteError;
}

export interface FileRestoreInput {
  task: FileRestore;
  /** The backed-up content (not needed for skip). */
  content?: Uint8Array;
  /** A version inserted by an earlier delivery of the same task (from the service's ledger). */
  insertedVersionId?: string;
  /**
   * An earlier delivery was about to insert a version and never said whether it did (the writer
   * died mid-call; the org may have finished the insert). The org is asked first, so a crash never
   * leaves the same file restored twice.
   */
  mayHaveInserted?: boolean;
}

export interface RestoreFilesOptions {
  retry?: RetryPolicy;
  /** Called right after each version insert, so the caller can record it before going on. */
  onVersionInserted?: (itemId: string, contentVersionId: string) => Promise<void> | void;
  /** Called right before each version insert: the caller records the intent (see `mayHaveInserted`). */
  onVersionInserting?: (itemId: string) => Promise<void> | void;
  counter?: CallCounter;
  /** Suite power only: bends a version insert's fields (FileWriterSeams.versionFields). */
  versionFields?: (fields: Record<string, unknown>, task: FileRestore) => Record<string, unknown>;
}

export interface RestoreFilesReport {
  results: FileRestoreResult[];
  apiCalls: number;
  retries: number;
  stoppedBy?: 'REQUEST_LIMIT_EXCEEDED';
}

const QUERY_CHUNK = 300;
/** Version inserts in flight at once (Salesforce allows 25 long-running requests per org). */
const INSERTS_AT_ONCE = 8;

function asWriteError(err: unknown): WriteError {
  const data = (err as { data?: { fields?: unknown } }).data;
  return {
    code: errorCodeOf(err) ?? 'UNKNOWN_ERROR',
    message: err instanceof Error ? err.message : String(err),
    fields: Array.isArray(data?.fields) ? (data.fields as string[]) : [],
  };
}

const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(',');
const soqlText = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The version an earlier, interrupted delivery inserted, if the org has it: the latest version with
 * this file's title, name and content checksum, created by the writer's own user (on the target
 * document, with restorelab's reason, for a new version or overwrite).
 */
async function findInsertedVersion(
  conn: Connection,
  task: FileRestore,
  content: Uint8Array,
  policy: RetryPolicy,
  counter: CallCounter,
): Promise<string | undefined> {
  const checksum = createHash('md5').update(content).digest('hex');
  const userId = conn.userInfo?.id;
  const where = [
    `Title = ${soqlText(task.title)}`,
    `PathOnClient = ${soqlText(task.pathOnClient)}`,
    `Checksum = ${soqlText(checksum)}`,
    'IsLatest = true',
    ...(userId ? [`CreatedById = '${userId}'`] : []),
    ...(task.action !== 'create' && task.targetContentDocumentId
      ? [`ContentDocumentId = '${task.targetContentDocumentId}'`]
      : []),
  ];
  const rows = await queryRows<{ Id: string }>(
    conn,
    `SELECT Id FROM ContentVersion WHERE ${where.join(' AND ')} ORDER BY CreatedDate DESC LIMIT 1`,
    policy,
    counter,
  );
  return rows[0] ? (toId18(rows[0].Id) ?? rows[0].Id) : undefined;
}

async function queryRows<R>(conn: Connection, soql: string, policy: RetryPolicy, counter: CallCounter): Promise<R[]> {
  const rows: R[] = [];
  let url: string | undefined = `/query?q=${encodeURIComponent(soql)}`;
  while (url) {
    const pageUrl: string = url;
    const page = await callWithRetry(
      () => conn.request<{ done: boolean; records: R[]; nextRecordsUrl?: string }>(pageUrl),
      policy,
      counter,
    );
    rows.push(...page.records);
    url = page.done ? undefined : page.nextRecordsUrl;
  }
  return rows;
}

function versionFields(task: FileRestore, content: Uint8Array): Record<string, unknown> {
  const common = {
    Title: task.title,
    PathOnClient: task.pathOnClient,
    VersionData: Buffer.from(content).toString('base64'),
  };
  if (task.action === 'create') return { ...common, OwnerId: task.ownerId };
  return {
    ...common,
    ContentDocumentId: task.targetContentDocumentId,
    ReasonForChange: task.action === 'overwrite' ? RESTORE_REASON.overwrite : RESTORE_REASON.newVersion,
  };
}

/**
 * Restores a set of files: one version insert per file content, then one query for the new
 * documents' ids, one for the links of existing documents, and sObject Collections calls for the
 * links. Results come back in input order; a file fails alone.
 */
export async function restoreFiles(
  conn: Connection,
  inputs: readonly FileRestoreInput[],
  options: RestoreFilesOptions = {},
): Promise<RestoreFilesReport> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const counter = options.counter ?? { calls: 0, retries: 0 };
  const results: FileRestoreResult[] = inputs.map(({ task }) => ({
    itemId: task.itemId,
    action: task.action,
    success: true,
    links: [],
    linksWritten: 0,
  }));
  let stoppedBy: RestoreFilesReport['stoppedBy'];
  const fail = (i: number, error: WriteError) => {
    const r = results[i] as FileRestoreResult;
    r.success = false;
    r.error = error;
  };

  // 1. One version insert per file (skip writes nothing, R19), a few at once: each is its own call.
  const insert = async (i: number, input: FileRestoreInput): Promise<void> => {
    const { task } = input;
    if (task.action === 'skip') return;
    if (stoppedBy) {
      fail(i, { code: API_LIMIT_CODE, message: 'not written: the org has no API requests left today', fields: [] });
      return;
    }
    if (task.action !== 'create' && !task.targetContentDocumentId) {
      fail(i, { code: 'MISSING_TARGET', message: `${task.action} needs the live ContentDocument id`, fields: [] });
      return;
    }
    if (input.insertedVersionId) {
      (results[i] as FileRestoreResult).contentVersionId = input.insertedVersionId;
      return;
    }
    if (!input.content) {
      fail(i, { code: 'CONTENT_MISSING', message: 'no content given for the file', fields: [] });
      return;
    }
    try {
      const content = input.content;
      if (input.mayHaveInserted) {
        const earlier = await findInsertedVersion(conn, task, content, policy, counter);
        if (earlier) {
          (results[i] as FileRestoreResult).contentVersionId = earlier;
          await options.onVersionInserted?.(task.itemId, earlier);
          return;
        }
      }
      await options.onVersionInserting?.(task.itemId);
      const fields = versionFields(task, content);
      const body = JSON.stringify(options.versionFields ? options.versionFields(fields, task) : fields);
      const saved = await callWithRetry(
        () =>
          conn.request<{ id: string }>({
            method: 'POST',
            url: '/sobjects/ContentVersion',
            body,
            headers: { 'content-type': 'application/json' },
          }),
        policy,
        counter,
      );
      (results[i] as FileRestoreResult).contentVersionId = saved.id;
      await options.onVersionInserted?.(task.itemId, saved.id);
    } catch (err) {
      if (isApiLimitError(err)) stoppedBy = 'REQUEST_LIMIT_EXCEEDED';
      fail(i, asWriteError(err));
    }
  };
  await inParallel(inputs, INSERTS_AT_ONCE, (input, i) => insert(i, input));

  // 2. Which document each written version belongs to (existing documents are known already).
  const needDocument = results.filter((r) => r.success && r.contentVersionId && r.action === 'create');
  for (let s = 0; s < needDocument.length && !stoppedBy; s += QUERY_CHUNK) {
    const chunk = needDocument.slice(s, s + QUERY_CHUNK);
    const rows = await queryRows<{ Id: string; ContentDocumentId: string }>(
      conn,
      `SELECT Id, ContentDocumentId FROM ContentVersion WHERE Id IN (${quoted(chunk.map((r) => r.contentVersionId as string))})`,
      policy,
      counter,
    );
    for (const r of chunk) {
      const row = rows.find((x) => sameId(x.Id, r.contentVersionId));
      if (row) r.contentDocumentId = toId18(row.ContentDocumentId) ?? row.ContentDocumentId;
    }
  }
  inputs.forEach(({ task }, i) => {
    const r = results[i] as FileRestoreResult;
    if (task.action !== 'create' && task.targetContentDocumentId && r.success) {
      r.contentDocumentId = toId18(task.targetContentDocumentId) ?? task.targetContentDocumentId;
    }
  });

  // 3. The links existing documents already have, so only missing or different ones are written.
  const existingDocs = inputs
    .map(({ task }, i) => ({ task, r: results[i] as FileRestoreResult }))
    .filter(({ task, r }) => r.success && r.contentDocumentId && task.action !== 'create' && task.action !== 'skip')
    .map(({ r }) => r.contentDocumentId as string);
  interface LinkRow {
    Id: string;
    ContentDocumentId: string;
    LinkedEntityId: string;
    ShareType: string;
    Visibility: string;
  }
  const liveLinks: LinkRow[] = [];
  for (let s = 0; s < existingDocs.length && !stoppedBy; s += QUERY_CHUNK) {
    liveLinks.push(
      ...(await queryRows<LinkRow>(
        conn,
        `SELECT Id, ContentDocumentId, LinkedEntityId, ShareType, Visibility FROM ContentDocumentLink WHERE ContentDocumentId IN (${quoted(existingDocs.slice(s, s + QUERY_CHUNK))})`,
        policy,
        counter,
      )),
    );
  }

  // 4. Links to create and links to update, then one Collections call per 200 of each.
  type Pending = { result: FileRestoreResult; link: LinkOutcome; fields: Record<string, unknown>; targetId?: string };
  const toCreate: Pending[] = [];
  const toUpdate: Pending[] = [];
  inputs.forEach(({ task }, i) => {
    const result = results[i] as FileRestoreResult;
    if (!result.success || !result.contentDocumentId || task.action === 'skip') return;
    const docId = result.contentDocumentId;
    for (const link of task.links) {
      const liveEntityId = task.targetIds[link.linkedEntityId] ?? link.linkedEntityId;
      // The owner's link comes with the document (R15); inserting it again is refused.
      if (sameId(liveEntityId, task.ownerId) && task.action === 'create') continue;
      const outcome: LinkOutcome = { ...link, liveEntityId, outcome: 'existing' };
      const live = liveLinks.find((l) => sameId(l.ContentDocumentId, docId) && sameId(l.LinkedEntityId, liveEntityId));
      if (live) {
        outcome.id = live.Id;
        // The owner's inferred link cannot be changed; any other differing link gets the backed-up sharing.
        if ((live.ShareType !== link.shareType || live.Visibility !== link.visibility) && live.ShareType !== 'I') {
          toUpdate.push({
            result,
            link: outcome,
            targetId: live.Id,
            fields: { ShareType: link.shareType, Visibility: link.visibility },
          });
        }
      } else {
        toCreate.push({
          result,
          link: outcome,
          fields: {
            ContentDocumentId: docId,
            LinkedEntityId: liveEntityId,
            ShareType: link.shareType,
            Visibility: link.visibility,
          },
        });
      }
      result.links.push(outcome);
    }
  });

  for (const [operation, pending] of [
    ['create', toCreate],
    ['update', toUpdate],
  ] as const) {
    if (pending.length === 0 || stoppedBy) continue;
    const report = await writeRecordBatch(
      conn,
      {
        objectType: 'ContentDocumentLink',
        operation,
        items: pending.map((p, n) => ({
          itemId: String(n),
          sourceId: p.link.liveEntityId,
          ...(p.targetId ? { targetId: p.targetId } : {}),
          fields: p.fields,
        })),
      },
      { retry: policy },
    );
    counter.calls += report.apiCalls;
    counter.retries += report.retries;
    if (report.stoppedBy) stoppedBy = report.stoppedBy;
    report.results.forEach((r: RecordItemResult, n) => {
      applyLinkResult(pending[n] as Pending, r, operation);
    });
  }

  for (const r of results) {
    r.linksWritten = r.links.filter((l) => l.outcome === 'created' || l.outcome === 'updated').length;
    const broken = r.links.find((l) => l.outcome === 'failed');
    if (r.success && broken?.error) {
      r.success = false;
      r.error = { ...broken.error, message: `sharing link to ${broken.liveEntityId}: ${broken.error.message}` };
    }
  }
  return { results, apiCalls: counter.calls, retries: counter.retries, ...(stoppedBy ? { stoppedBy } : {}) };
}

function applyLinkResult(pending: { link: LinkOutcome }, r: RecordItemResult, operation: 'create' | 'update'): void {
  const { link } = pending;
  if (r.success) {
    link.outcome = operation === 'create' ? 'created' : 'updated';
    if (r.newId) link.id = r.newId;
  } else if (r.error?.code === 'DUPLICATE_VALUE') {
    // Already linked (an earlier delivery, or someone shared it again): the sharing is there.
    link.outcome = 'existing';
  } else {
    link.outcome = 'failed';
    if (r.error) link.error = r.error;
  }
}

/**
 * Restores one file: `restoreFiles` for a single task.
 *
 * ```ts
 * const r = await restoreFile(conn, { itemId: 'f1', action: 'create', ownerId, title: 'Plan',
 *   pathOnClient: 'plan.pdf', links: [{ linkedEntityId: acct, shareType: 'V', visibility: 'AllUsers' }],
 *   targetIds: {} }, bytes);
 * // r.contentDocumentId, r.contentVersionId, r.links[0].outcome === 'created'
 * ```
 */
export async function restoreFile(
  conn: Connection,
  task: FileRestore,
  content?: Uint8Array,
  options: RestoreFilesOptions = {},
): Promise<FileRestoreResult> {
  const report = await restoreFiles(conn, [{ task, ...(content ? { content } : {}) }], options);
  return report.results[0] as FileRestoreResult;
}
