// Backup: reads an org through jsforce into a new snapshot. Global describe → objects to back up
// (object-selection.ts); object describes → the snapshot's schema; every record, page by page;
// the latest version of every file with its sharing links; every attachment with its body. Blobs
// stream into the store. Any failure aborts the snapshot (it never becomes visible) and throws a
// BackupError naming the step. Every call goes through backup-calls.ts: counted into this backup's
// own counter (the connection may be shared; it is never changed) and retried while it fails
// transiently; a used-up API allocation stops the backup. The steps live beside this file:
// backup-describe.ts (schema), backup-records.ts (records), backup-files.ts (files and attachments).

import type { ObjectDescribe } from '@restorelab/salesforce';
import { toId18 } from '@restorelab/salesforce';
import type { RetryPolicy } from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';
import type { SfRecord } from './backup-answers.ts';
import { BULK_QUERY_MIN_RECORDS } from './backup-bulk.ts';
import { OrgCalls } from './backup-calls.ts';
import { addRecordTypePicklists, describeGlobal, orgIdOf, trimDescribe } from './backup-describe.ts';
import { backupAttachments, backupFiles } from './backup-files.ts';
import {
  type BulkReading,
  deltaStart,
  eachPage,
  FirstPages,
  LINK_CHUNK,
  queryableFields,
  quoteIds,
  readObject,
} from './backup-records.ts';
import { BackupError, SnapshotError } from './errors.ts';
import { describeRefused, malformedObjectNames, selectObjects } from './object-selection.ts';
import type { SnapshotWriter } from './snapshot-writer.ts';
import type { SnapshotStore } from './store.ts';
import type { SnapshotInfo } from './types.ts';

export interface BackupProgress {
  phase: 'describe' | 'records' | 'files' | 'attachments' | 'commit';
  /** The object being read, in the records phase. */
  object?: string;
  done: number;
  total?: number;
  message: string;
}

export interface BackupOptions {
  onProgress?: (progress: BackupProgress) => void;
  /** Back up only these objects (by API name); default: every object object-selection.ts accepts. */
  objects?: readonly string[];
  /** Back up Lightning files (latest versions and links). Default true. */
  files?: boolean;
  /** Back up Classic attachment bodies. Default true (when Attachment is backed up). */
  attachments?: boolean;
  /** The org id; default: the one jsforce learnt at login, else one query of Organization. */
  orgId?: string;
  takenAt?: Date;
  /**
   * Read only records whose SystemModstamp moved since the org's previous snapshot and take the
   * others over unchanged; a COUNT() shows whether anything was deleted (if so, one Id query lists
   * what is left). Default true; an object is read whole when the previous snapshot has none or few
   * of its records (`incrementalMinRecords`), it has no SystemModstamp, or its fields changed.
   */
  incremental?: boolean;
  /**
   * Objects the previous snapshot held fewer records of are read whole: one page costs one call,
   * fewer than the two (delta + count) an incremental read needs. Default 2000 (one query page).
   */
  incrementalMinRecords?: number;
  /**
   * Ask the global describe with If-Modified-Since the previous snapshot's describe (on the org's
   * own clock, from its Date header); on 304 no object's metadata changed, and the previous
   * snapshot's object list and describes are reused: one call instead of one per object. Default true.
   */
  conditionalDescribes?: boolean;
  /**
   * For a previous snapshot without the org's time of its describe: how far this machine's clock
   * may run ahead of the org's. Default 30 s.
   */
  describeClockSkewMs?: number;
  /**
   * How transient failures (row locks, 5xx, socket resets) are retried; default the shared
   * DEFAULT_RETRY_POLICY. Tests pass one whose `sleep` does not wait.
   */
  retry?: RetryPolicy;
  /**
   * Read objects of many records (default from BULK_QUERY_MIN_RECORDS on) through Bulk API 2.0
   * query, falling back to REST pages where the org or the object refuses it; false → REST only.
   */
  bulk?: BulkReading | false;
}

export const INCREMENTAL_MIN_RECORDS = 2000;
/** Pages of fewer records than a full REST page (an object's last or only page) are written here. */
const QUEUE_MIN_RECORDS = 2000;

export interface BackupReport {
  snapshot: SnapshotInfo;
  orgId: string;
  /** Records read per object. */
  objects: Record<string, number>;
  skippedObjects: { name: string; reason: string }[];
  newRecordVersions: number;
  files: number;
  newFileVersions: number;
  attachments: number;
  newAttachmentVersions: number;
  blobsAdded: number;
  blobBytesAdded: number;
  /** Records taken over unchanged from the previous snapshot (incremental backup). */
  recordsCarriedOver: number;
  /** Blobs not downloaded because the previous snapshot already held the same, unmoved content. */
  blobsReused: number;
  /**
   * REST calls this backup made, each retry included (every one is a call on the org's allocation;
   * a Composite call is one, whatever its subrequests). Only this backup's: others on the same connection are not.
   */
  apiCalls: number;
  /** How many of `apiCalls` were retries of transient failures. */
  apiRetries: number;
  /** The org's API usage as its last answer reported it (Sforce-Limit-Info), when it did. */
  apiUsage?: { used: number; limit: number };
  warnings: string[];
  durationMs: number;
}

/**
 * `const report = await backupOrg(conn, store, { onProgress: (p) => console.log(p.message) })`
 */
export async function backupOrg(
  conn: Connection,
  store: SnapshotStore,
  options: BackupOptions = {},
): Promise<BackupReport> {
  const started = Date.now();
  // A snapshot is as of the moment its backup began (SnapshotInfo.takenAt).
  const takenAt = options.takenAt ?? new Date(started);
  const progress = options.onProgress ?? (() => {});
  const calls = new OrgCalls(conn, options.retry);
  // A chosen object list is checked before anything is read: a typo must not become a snapshot.
  const malformed = malformedObjectNames(options.objects ?? []);
  if (malformed.length > 0) {
    throw refusedObjects(malformed.map((name) => ({ name, reason: 'not an object API name' })));
  }
  // Chosen objects, or files or attachments left out: the snapshot holds part of the org.
  const partial = options.objects !== undefined || options.files === false || options.attachments === false;

  let step = 'start';
  let writer: SnapshotWriter | undefined;
  const warnings: string[] = [];
  try {
    step = 'identify the org';
    const orgId = await orgIdOf(calls, options.orgId ?? conn.userInfo?.organizationId);

    step = 'global describe';
    progress({ phase: 'describe', done: 0, message: 'reading the list of objects' });
    const { global: globalObjects, unchanged, describedAt } = await describeGlobal(calls, store, orgId, options);
    const selection = selectObjects(globalObjects, options.objects);
    // With a chosen list, `skipped` holds exactly the chosen names that will not be read.
    if (options.objects && selection.skipped.length > 0) throw refusedObjects(selection.skipped);
    const names = new Set(globalObjects.filter((o) => o.queryable).map((o) => o.name));

    // Describes the previous snapshot cannot lend come 25 to a Composite call (one call each).
    const toDescribe = selection.backup.filter((name) => !unchanged?.some((o) => o.name === name));
    step = toDescribe.length === 1 ? `describe ${toDescribe[0]}` : `describe ${toDescribe.length} objects`;
    if (toDescribe.length > 0) {
      progress({
        phase: 'describe',
        done: 0,
        total: selection.backup.length,
        message: `describing ${toDescribe.length} object${toDescribe.length === 1 ? '' : 's'}`,
      });
    }
    const answers = new Map((await calls.describeMany(toDescribe)).map((d, k) => [toDescribe[k]!, d] as const));
    const describes: ObjectDescribe[] = [];
    for (const name of selection.backup) {
      const reused = unchanged?.find((o) => o.name === name);
      if (reused) {
        describes.push(reused);
        continue;
      }
      step = `describe ${name}`;
      const describe = trimDescribe(answers.get(name)!);
      await addRecordTypePicklists(calls, describe, warnings);
      describes.push(describe);
    }

    writer = store.beginSnapshot({ orgId, takenAt, partial });
    const w = writer;
    w.setSchema({ objects: describes, global: globalObjects }, describedAt);

    const counts: Record<string, number> = {};
    const attachmentRows: SfRecord[] = [];
    const previousSchema = w.previousId ? store.schema(w.previousId) : undefined;
    const sinceOf = (describe: ObjectDescribe) =>
      options.incremental === false
        ? undefined
        : deltaStart(w, describe, previousSchema, options.incrementalMinRecords ?? INCREMENTAL_MIN_RECORDS);
    // Objects read whole start with their first pages, five to a Composite call (one call), fetched
    // group by group as the loop below reaches them, so no more than five pages wait in memory.
    // Objects known to be large go straight to Bulk API 2.0 and are left out.
    const bulkMin =
      options.bulk === false ? Number.POSITIVE_INFINITY : (options.bulk?.minRecords ?? BULK_QUERY_MIN_RECORDS);
    const readWhole = describes.filter((d) => {
      if (sinceOf(d) !== undefined) return false;
      const known = previousSchema ? w.previousObject(d.name)?.count : undefined;
      return known === undefined || known < bulkMin;
    });
    const firstPages = new FirstPages(
      calls,
      readWhole,
      (d) => `SELECT ${queryableFields(d).join(', ')} FROM ${d.name}`,
    );
    let carriedOver = 0;
    for (const [i, describe] of describes.entries()) {
      const name = describe.name;
      const fields = queryableFields(describe);
      const select = `SELECT ${fields.join(', ')} FROM ${name}`;
      let read = 0;
      const noteRead = (records: SfRecord[]) => {
        if (name === 'Attachment') attachmentRows.push(...records);
        read += records.length;
        progress({
          phase: 'records',
          object: name,
          done: read,
          message: `${name}: ${read} records (object ${i + 1} of ${describes.length})`,
        });
      };
      const take = (records: SfRecord[]) => {
        w.addRecords(records.map((fields) => ({ type: name, fields })));
        noteRead(records);
      };
      // A large object's pages go to the background writer: the next page is read while SQLite
      // writes the last ones (the store's writes cost as much as the reads). A lone part page (a
      // small object) is written here: a worker is not worth starting for it.
      const queue = async (records: SfRecord[]) => {
        if (w.recordsQueued === 0 && records.length < QUEUE_MIN_RECORDS) return take(records);
        noteRead(records);
        await w.queueRecords(records.map((fields) => ({ type: name, fields })));
      };
      const since = sinceOf(describe);
      if (since === undefined) {
        step = `query ${name}`;
        const known = previousSchema ? w.previousObject(name)?.count : undefined;
        const first = await firstPages.take(name);
        await readObject(calls, describe, select, queue, first, known, options.bulk ?? {});
        counts[name] = read;
        continue;
      }
      // Incremental: read what moved since the previous snapshot, take the rest over unread, and
      // read any record the previous snapshot did not hold (created or undeleted with an old stamp).
      // Records queued for earlier objects are written first: the steps below use the writer directly.
      await w.recordsWritten();
      step = `query ${name} (changed since ${since})`;
      const fetched = new Set<string>();
      await eachPage(calls, `${select} WHERE SystemModstamp >= ${since}`, (records) => {
        for (const r of records) fetched.add(toId18(String(r.Id)) ?? String(r.Id));
        take(records);
      });
      // One COUNT() tells whether anything was deleted: if the org holds exactly the previous records
      // plus the new ones just read, take the rest over whole; otherwise list the ids to see which.
      step = `count ${name}`;
      const total = await calls.count(`SELECT COUNT() FROM ${name}`);
      const previousCount = w.previousObject(name)?.count ?? 0;
      const added = fetched.size - w.previousHolds([...fetched]);
      let carried = 0;
      if (total === previousCount + added) {
        carried = w.carryOverAll(name);
      } else {
        step = `query ${name} ids`;
        const missing: string[] = [];
        await eachPage(calls, `SELECT Id FROM ${name}`, (records) => {
          const ids = records.map((r) => toId18(String(r.Id)) ?? String(r.Id)).filter((id) => !fetched.has(id));
          const taken = w.carryOver(name, ids);
          carried += taken.size;
          for (const id of ids) if (!taken.has(id)) missing.push(id);
        });
        for (let k = 0; k < missing.length; k += LINK_CHUNK) {
          const part = missing.slice(k, k + LINK_CHUNK);
          step = `query ${name} (records new to this snapshot)`;
          await eachPage(calls, `${select} WHERE Id IN (${quoteIds(part)})`, take);
        }
      }
      carriedOver += carried;
      counts[name] = read + carried;
    }

    step = 'write records';
    await w.recordsWritten();
    let blobsReused = 0;
    if (options.files !== false && names.has('ContentVersion')) {
      blobsReused += await backupFiles(calls, w, names.has('ContentDocument'), progress, (s) => {
        step = s;
      });
    }
    if (options.attachments !== false && counts.Attachment !== undefined) {
      blobsReused += await backupAttachments(calls, w, attachmentRows, progress, (s) => {
        step = s;
      });
    }

    step = 'commit';
    progress({ phase: 'commit', done: 0, message: 'completing the snapshot' });
    const snapshot = w.commit();
    // jsforce keeps the last Sforce-Limit-Info it saw on the connection (any caller's answer).
    const usage = conn.limitInfo.apiUsage;
    return {
      snapshot,
      orgId,
      objects: counts,
      skippedObjects: selection.skipped,
      newRecordVersions: w.stats.newRecordVersions,
      recordsCarriedOver: carriedOver,
      files: w.stats.files,
      newFileVersions: w.stats.newFileVersions,
      attachments: w.stats.attachments,
      newAttachmentVersions: w.stats.newAttachmentVersions,
      blobsAdded: w.stats.blobsAdded,
      blobBytesAdded: w.stats.blobBytesAdded,
      blobsReused,
      apiCalls: calls.counter.calls,
      apiRetries: calls.counter.retries,
      ...(usage ? { apiUsage: { used: usage.used, limit: usage.limit } } : {}),
      warnings,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    // Pages still being written finish (or fail) before the snapshot is dropped.
    await writer?.recordsWritten().catch(() => {});
    writer?.abort();
    if (err instanceof SnapshotError && err.code === 'UNKNOWN_OBJECTS') throw err;
    throw new BackupError(step, err);
  }
}

/** UNKNOWN_OBJECTS naming each chosen object that cannot be backed up, and why. */
function refusedObjects(refused: readonly { name: string; reason: string }[]): SnapshotError {
  return new SnapshotError('UNKNOWN_OBJECTS', `cannot back up ${describeRefused(refused)}: nothing was backed up`, {
    item: refused.map((r) => r.name).join(','),
  });
}
