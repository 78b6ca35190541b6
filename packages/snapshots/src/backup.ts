// Backup: reads an org through jsforce into a new snapshot. Global describe → objects to back up
// (object-selection.ts); object describes → the snapshot's schema; every record, page by page;
// the latest version of every file with its sharing links; every attachment with its body. Blobs
// stream into the store. Any failure aborts the snapshot (it never becomes visible) and throws a
// BackupError naming the step. API calls are counted by wrapping the connection's request method,
// through which every jsforce REST call (describe, query, queryMore, blob) passes.

import type { FieldDescribe, ObjectDescribe, PicklistValue, RecordTypeInfo } from '@restorelab/salesforce';
import { toId18 } from '@restorelab/salesforce';
import { BATCH_SUBREQUESTS, type QueryPage as BatchQueryPage, queryBatch } from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';
import { BackupError } from './errors.ts';
import { type GlobalObject, selectObjects } from './object-selection.ts';
import { describedSince, requestWithDate } from './org-clock.ts';
import type { SnapshotWriter } from './snapshot-writer.ts';
import type { SnapshotStore } from './store.ts';
import type { BackedUpAttachment, BackedUpFile, BackedUpFileLink, SnapshotInfo } from './types.ts';

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
}

export const INCREMENTAL_MIN_RECORDS = 2000;

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
  /** REST requests this backup sent. */
  apiCalls: number;
  /** The org's API usage as its last answer reported it (Sforce-Limit-Info), when it did. */
  apiUsage?: { used: number; limit: number };
  warnings: string[];
  durationMs: number;
}

const LINK_CHUNK = 200;
const WRITE_BATCH = 200;

type SfRecord = Record<string, unknown>;
type QueryPage = BatchQueryPage<SfRecord>;
type Requester = (request: unknown, options?: unknown) => Promise<unknown> & { stream(): NodeJS.ReadableStream };

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
  const holder = conn as unknown as { request: Requester };
  const original = holder.request;
  let apiCalls = 0;
  holder.request = function countedRequest(this: unknown, request: unknown, requestOptions?: unknown) {
    apiCalls++;
    return original.call(this, request, requestOptions);
  } as Requester;

  let step = 'start';
  let writer: SnapshotWriter | undefined;
  const warnings: string[] = [];
  try {
    step = 'identify the org';
    const orgId = await orgIdOf(conn, options.orgId);

    step = 'global describe';
    progress({ phase: 'describe', done: 0, message: 'reading the list of objects' });
    const { global: globalObjects, unchanged, describedAt } = await describeGlobal(conn, store, orgId, options);
    const selection = selectObjects(globalObjects, options.objects);
    const names = new Set(globalObjects.filter((o) => o.queryable).map((o) => o.name));

    const describes: ObjectDescribe[] = [];
    for (const [i, name] of selection.backup.entries()) {
      const reused = unchanged?.find((o) => o.name === name);
      if (reused) {
        describes.push(reused);
        continue;
      }
      step = `describe ${name}`;
      progress({
        phase: 'describe',
        object: name,
        done: i,
        total: selection.backup.length,
        message: `describing ${name}`,
      });
      const raw = (await conn.describe(name)) as unknown as SfRecord;
      const describe = trimDescribe(raw);
      await addRecordTypePicklists(conn, describe, warnings);
      describes.push(describe);
    }

    writer = store.beginSnapshot({ orgId, takenAt });
    const w = writer;
    w.setSchema({ objects: describes, global: globalObjects }, describedAt);

    const counts: Record<string, number> = {};
    const attachmentRows: SfRecord[] = [];
    const previousSchema = w.previousId ? store.schema(w.previousId) : undefined;
    const sinceOf = (describe: ObjectDescribe) =>
      options.incremental === false
        ? undefined
        : deltaStart(w, describe, previousSchema, options.incrementalMinRecords ?? INCREMENTAL_MIN_RECORDS);
    // Objects read whole that the previous snapshot held few records of: their first (and, almost
    // surely, only) pages come in Composite Batch calls, 25 objects a call, instead of a call each.
    // Objects of unknown or larger size are read one by one, so no answer holds more than a page.
    step = 'query small objects';
    const firstPages = await firstPagesOf(
      conn,
      describes.filter((d) => {
        if (sinceOf(d) !== undefined) return false;
        // Backed up last time (an object with no records has no count row): its size is known.
        if (!previousSchema?.objects.some((o) => o.name === d.name)) return false;
        return (w.previousObject(d.name)?.count ?? 0) < BATCHED_OBJECT_MAX;
      }),
      (n) => {
        apiCalls += n;
      },
    );
    // Objects whose first page held all their records go into the store in one transaction: a
    // commit per object would cost more than the few rows each one writes.
    const whole = new Map<string, SfRecord[]>();
    for (const [name, page] of firstPages) if (page.done) whole.set(name, page.records.map(withoutAttributes));
    const wholeRows = [...whole].flatMap(([type, records]) => records.map((fields) => ({ type, fields })));
    if (wholeRows.length > 0) w.addRecords(wholeRows);
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
      const since = sinceOf(describe);
      const stored = since === undefined ? whole.get(name) : undefined;
      if (stored) {
        noteRead(stored);
        counts[name] = read;
        continue;
      }
      if (since === undefined) {
        step = `query ${name}`;
        await eachPage(conn, select, take, firstPages.get(name));
        counts[name] = read;
        continue;
      }
      // Incremental: read what moved since the previous snapshot, take the rest over unread, and
      // read any record the previous snapshot did not hold (created or undeleted with an old stamp).
      step = `query ${name} (changed since ${since})`;
      const fetched = new Set<string>();
      await eachPage(conn, `${select} WHERE SystemModstamp >= ${since}`, (records) => {
        for (const r of records) fetched.add(toId18(String(r.Id)) ?? String(r.Id));
        take(records);
      });
      // One COUNT() tells whether anything was deleted: if the org holds exactly the previous records
      // plus the new ones just read, take the rest over whole; otherwise list the ids to see which.
      step = `count ${name}`;
      const total = ((await conn.query(`SELECT COUNT() FROM ${name}`)) as unknown as { totalSize: number }).totalSize;
      const previousCount = w.previousObject(name)?.count ?? 0;
      const added = fetched.size - w.previousHolds([...fetched]);
      let carried = 0;
      if (total === previousCount + added) {
        carried = w.carryOverAll(name);
      } else {
        step = `query ${name} ids`;
        const missing: string[] = [];
        await eachPage(conn, `SELECT Id FROM ${name}`, (records) => {
          const ids = records.map((r) => toId18(String(r.Id)) ?? String(r.Id)).filter((id) => !fetched.has(id));
          const taken = w.carryOver(name, ids);
          carried += taken.size;
          for (const id of ids) if (!taken.has(id)) missing.push(id);
        });
        for (let k = 0; k < missing.length; k += LINK_CHUNK) {
          const part = missing.slice(k, k + LINK_CHUNK);
          step = `query ${name} (records new to this snapshot)`;
          await eachPage(conn, `${select} WHERE Id IN (${quoteIds(part)})`, take);
        }
      }
      carriedOver += carried;
      counts[name] = read + carried;
    }

    let blobsReused = 0;
    if (options.files !== false && names.has('ContentVersion')) {
      blobsReused += await backupFiles(conn, w, names.has('ContentDocument'), progress, (s) => {
        step = s;
      });
    }
    if (options.attachments !== false && counts.Attachment !== undefined) {
      blobsReused += await backupAttachments(conn, w, attachmentRows, progress, (s) => {
        step = s;
      });
    }

    step = 'commit';
    progress({ phase: 'commit', done: 0, message: 'completing the snapshot' });
    const snapshot = w.commit();
    const usage = (conn as unknown as { limitInfo?: { apiUsage?: { used: number; limit: number } } }).limitInfo
      ?.apiUsage;
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
      apiCalls,
      ...(usage ? { apiUsage: { used: usage.used, limit: usage.limit } } : {}),
      warnings,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    writer?.abort();
    throw new BackupError(step, err);
  } finally {
    holder.request = original;
  }
}

/**
 * The global describe, asked with If-Modified-Since when the previous snapshot kept the object list.
 * A 304 means no object's metadata changed since: the previous object list comes back, with the
 * previous describes as `unchanged`. `describedAt` is the org's time of this answer, for the next
 * backup to ask about.
 */
async function describeGlobal(
  conn: Connection,
  store: SnapshotStore,
  orgId: string,
  options: BackupOptions,
): Promise<{ global: GlobalObject[]; unchanged?: readonly ObjectDescribe[]; describedAt: string | undefined }> {
  const previous = options.conditionalDescribes === false ? undefined : store.latestSnapshot(orgId);
  const schema = previous ? store.schema(previous.id) : undefined;
  const conditional =
    previous && schema?.global ? { previous, global: schema.global, objects: schema.objects } : undefined;
  const { body, date } = await requestWithDate<{ sobjects?: GlobalObject[] } | '' | undefined>(conn, {
    method: 'GET',
    url: '/sobjects',
    ...(conditional
      ? { headers: { 'If-Modified-Since': describedSince(conditional.previous, options.describeClockSkewMs) } }
      : {}),
  });
  // jsforce hands a 304 over as an empty body.
  if (!body && conditional) return { global: conditional.global, unchanged: conditional.objects, describedAt: date };
  if (!body) throw new Error('the org answered the global describe with no body');
  return { global: trimGlobal(body.sobjects ?? []), describedAt: date };
}

/** The global describe as object selection reads it (and as the snapshot keeps it). */
function trimGlobal(objects: readonly GlobalObject[]): GlobalObject[] {
  return objects.map((o) => ({ name: o.name, queryable: o.queryable, keyPrefix: o.keyPrefix ?? null }));
}

async function orgIdOf(conn: Connection, given: string | undefined): Promise<string> {
  const known = given ?? conn.userInfo?.organizationId;
  if (known) return toId18(known) ?? known;
  const result = await conn.query<{ Id: string }>('SELECT Id FROM Organization');
  const id = result.records[0]?.Id;
  if (!id) throw new Error('the org did not say its id');
  return toId18(id) ?? id;
}

/** Runs a query and hands each page to `onPage` as it arrives (nothing accumulates here). */
async function eachPage(
  conn: Connection,
  soql: string,
  onPage: (records: SfRecord[]) => void,
  first?: QueryPage,
): Promise<void> {
  let page = first ?? ((await conn.query(soql)) as unknown as QueryPage);
  onPage(page.records.map(withoutAttributes));
  while (!page.done && page.nextRecordsUrl) {
    const locator = page.nextRecordsUrl.split('/').pop() as string;
    page = (await conn.queryMore(locator)) as unknown as QueryPage;
    onPage(page.records.map(withoutAttributes));
  }
}

/** Objects the previous snapshot held fewer records of than this have their first page batched. */
const BATCHED_OBJECT_MAX = 200;

/**
 * The first query page of each object, by object name, read through Composite Batch. Each
 * subrequest is a call on the org's allocation: `countSubrequests` adds them to the backup's count
 * (the batch call itself is counted like any request). A failed query fails the backup naming it.
 */
async function firstPagesOf(
  conn: Connection,
  describes: readonly ObjectDescribe[],
  countSubrequests: (n: number) => void,
): Promise<Map<string, QueryPage>> {
  const pages = new Map<string, QueryPage>();
  for (let i = 0; i < describes.length; i += BATCH_SUBREQUESTS) {
    const part = describes.slice(i, i + BATCH_SUBREQUESTS);
    if (part.length === 1) continue; // one object: its own query costs the same
    const answers = await queryBatch<SfRecord>(
      conn,
      part.map((d) => ({ label: d.name, soql: `SELECT ${queryableFields(d).join(', ')} FROM ${d.name}` })),
    );
    countSubrequests(part.length);
    for (const [k, d] of part.entries()) pages.set(d.name, answers[k] as QueryPage);
  }
  return pages;
}

function withoutAttributes(record: SfRecord): SfRecord {
  const { attributes: _attributes, ...fields } = record;
  return fields;
}

/**
 * Where an incremental read of an object starts (a SOQL datetime literal), or undefined for a full
 * read. Attachments are always read whole: their rows also feed the Attachments folder.
 */
function deltaStart(
  w: SnapshotWriter,
  describe: ObjectDescribe,
  previousSchema: { objects: ObjectDescribe[] } | undefined,
  minRecords: number,
): string | undefined {
  if (describe.name === 'Attachment') return undefined;
  if (!describe.fields.some((f) => f.name === 'SystemModstamp')) return undefined;
  const previous = w.previousObject(describe.name);
  if (!previous?.maxModstamp || previous.count < minRecords) return undefined;
  const before = previousSchema?.objects.find((o) => o.name === describe.name);
  if (!before || queryableFields(before).join(',') !== queryableFields(describe).join(',')) return undefined;
  const at = Date.parse(previous.maxModstamp);
  if (Number.isNaN(at)) return undefined;
  // SOQL datetime literals take whole seconds; >= on the truncated second re-reads a few, misses none.
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Fields read for records: all but blobs (downloaded separately) and compound fields (their parts are fields). */
export function queryableFields(describe: ObjectDescribe): string[] {
  const skip = new Set(['base64', 'address', 'location']);
  return describe.fields.filter((f) => !skip.has(f.type as string)).map((f) => f.name);
}

function quoteIds(ids: readonly string[]): string {
  return ids.map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(', ');
}

async function backupFiles(
  conn: Connection,
  w: SnapshotWriter,
  hasDocuments: boolean,
  progress: (p: BackupProgress) => void,
  setStep: (step: string) => void,
): Promise<number> {
  const documentModified = new Map<string, string>();
  if (hasDocuments) {
    setStep('query ContentDocument');
    await eachPage(conn, 'SELECT Id, LastModifiedDate FROM ContentDocument', (records) => {
      for (const r of records) documentModified.set(String(r.Id), String(r.LastModifiedDate));
    });
  }
  setStep('query ContentVersion');
  const versions: SfRecord[] = [];
  await eachPage(
    conn,
    // The file's owner is the document's: a version's OwnerId is whoever uploaded that version (an
    // admin adding a version to someone else's file), so it is read as a parent field, in the same call.
    'SELECT Id, ContentDocumentId, ContentDocument.OwnerId, Title, PathOnClient, OwnerId, VersionNumber, ContentModifiedDate, ContentSize, FileType, LastModifiedDate FROM ContentVersion WHERE IsLatest = true',
    (records) => versions.push(...records),
  );
  const links = new Map<string, BackedUpFileLink[]>();
  const documentIds = [...new Set(versions.map((v) => String(v.ContentDocumentId)))];
  for (let i = 0; i < documentIds.length; i += LINK_CHUNK) {
    const part = documentIds.slice(i, i + LINK_CHUNK);
    setStep(`query ContentDocumentLink (documents ${i + 1}-${i + part.length})`);
    await eachPage(
      conn,
      `SELECT ContentDocumentId, LinkedEntityId, ShareType, Visibility FROM ContentDocumentLink WHERE ContentDocumentId IN (${quoteIds(part)})`,
      (records) => {
        for (const r of records) {
          const docId = String(r.ContentDocumentId);
          const list = links.get(docId) ?? [];
          list.push({
            linkedEntityId: String(r.LinkedEntityId),
            shareType: r.ShareType as BackedUpFileLink['shareType'],
            visibility: r.Visibility as BackedUpFileLink['visibility'],
          });
          links.set(docId, list);
        }
      },
    );
  }

  let reused = 0;
  let batch: BackedUpFile[] = [];
  for (const [i, v] of versions.entries()) {
    const docId = String(v.ContentDocumentId);
    const versionId = String(v.Id);
    const lastModifiedDate = documentModified.get(docId) ?? String(v.LastModifiedDate);
    const contentModifiedDate = v.ContentModifiedDate == null ? null : String(v.ContentModifiedDate);
    const previous = await w.previousFile(docId);
    let contentHash: string;
    let contentSize: number;
    if (
      previous &&
      previous.latestVersionId === versionId &&
      previous.contentSize === Number(v.ContentSize) &&
      previous.contentModifiedDate === contentModifiedDate
    ) {
      contentHash = previous.contentHash;
      contentSize = previous.contentSize;
      reused++;
    } else {
      setStep(`download ContentVersion ${versionId}`);
      const put = await downloadBlob(conn, w, 'ContentVersion', versionId, 'VersionData');
      contentHash = put.hash;
      contentSize = put.size;
    }
    batch.push({
      contentDocumentId: docId,
      latestVersionId: versionId,
      title: String(v.Title ?? ''),
      pathOnClient: String(v.PathOnClient ?? ''),
      ownerId: documentOwner(v),
      lastModifiedDate,
      contentModifiedDate,
      versionNumber: String(v.VersionNumber ?? ''),
      contentHash,
      contentSize,
      fileType: v.FileType == null ? null : String(v.FileType),
      links: links.get(docId) ?? [],
    });
    if (batch.length >= WRITE_BATCH || i === versions.length - 1) {
      w.addFiles(batch);
      batch = [];
      progress({
        phase: 'files',
        done: i + 1,
        total: versions.length,
        message: `files: ${i + 1} of ${versions.length}`,
      });
    }
  }
  return reused;
}

/** The owner of a version's document (falls back to the version's own owner if the parent is not readable). */
function documentOwner(v: SfRecord): string {
  const doc = v.ContentDocument as { OwnerId?: unknown } | null | undefined;
  return String(doc?.OwnerId ?? v.OwnerId ?? '');
}

async function backupAttachments(
  conn: Connection,
  w: SnapshotWriter,
  rows: readonly SfRecord[],
  progress: (p: BackupProgress) => void,
  setStep: (step: string) => void,
): Promise<number> {
  let reused = 0;
  let batch: BackedUpAttachment[] = [];
  for (const [i, r] of rows.entries()) {
    const id = String(r.Id);
    const lastModifiedDate = String(r.LastModifiedDate ?? '');
    const bodyLength = Number(r.BodyLength ?? 0);
    const previous = await w.previousAttachment(id);
    let bodyHash: string;
    let length: number;
    if (previous?.bodyHash && previous.lastModifiedDate === lastModifiedDate && previous.bodyLength === bodyLength) {
      bodyHash = previous.bodyHash;
      length = previous.bodyLength;
      reused++;
    } else {
      setStep(`download Attachment ${id}`);
      const put = await downloadBlob(conn, w, 'Attachment', id, 'Body');
      bodyHash = put.hash;
      length = put.size;
    }
    batch.push({
      id,
      parentId: String(r.ParentId),
      name: String(r.Name ?? ''),
      contentType: r.ContentType == null ? null : String(r.ContentType),
      isPrivate: r.IsPrivate === true,
      ownerId: String(r.OwnerId ?? ''),
      description: r.Description == null ? null : String(r.Description),
      lastModifiedDate,
      bodyHash,
      bodyLength: length,
    });
    if (batch.length >= WRITE_BATCH || i === rows.length - 1) {
      w.addAttachments(batch);
      batch = [];
      progress({
        phase: 'attachments',
        done: i + 1,
        total: rows.length,
        message: `attachments: ${i + 1} of ${rows.length}`,
      });
    }
  }
  return reused;
}

/**
 * Streams one blob field into the store. jsforce hands out the response as a stream; if the request
 * fails the stream is destroyed so the store removes its temp file, and the API error is what throws.
 */
async function downloadBlob(conn: Connection, w: SnapshotWriter, type: string, id: string, field: string) {
  const request = (conn as unknown as { request: Requester }).request({
    method: 'GET',
    url: `/sobjects/${type}/${id}/${field}`,
  });
  const stream = request.stream() as unknown as import('node:stream').Readable;
  const settled = request.then(
    () => undefined,
    (err: unknown) => {
      stream.destroy(err instanceof Error ? err : new Error(String(err)));
      throw err;
    },
  );
  // Wait for both: the store must have removed its temp file before the error travels on.
  const [put, done] = await Promise.allSettled([w.putBlob(stream), settled]);
  if (done.status === 'rejected') throw done.reason;
  if (put.status === 'rejected') throw put.reason;
  return put.value;
}

/** The describe answer trimmed to restorelab's ObjectDescribe (what the planner plans from). */
export function trimDescribe(raw: SfRecord): ObjectDescribe {
  const fields = ((raw.fields as SfRecord[]) ?? []).map(trimField);
  return {
    name: String(raw.name),
    label: String(raw.label ?? raw.name),
    keyPrefix: String(raw.keyPrefix ?? ''),
    custom: raw.custom === true,
    createable: raw.createable === true,
    updateable: raw.updateable === true,
    deletable: raw.deletable === true,
    queryable: raw.queryable !== false,
    undeletable: raw.undeletable === true,
    fields,
    recordTypeInfos: ((raw.recordTypeInfos as SfRecord[]) ?? []).map(
      (rt): RecordTypeInfo => ({
        recordTypeId: String(rt.recordTypeId),
        developerName: String(rt.developerName ?? rt.name ?? ''),
        name: String(rt.name ?? ''),
        active: rt.active !== false,
        available: rt.available !== false,
        master: rt.master === true,
        defaultRecordTypeMapping: rt.defaultRecordTypeMapping === true,
        ...(rt.picklistValues ? { picklistValues: rt.picklistValues as Record<string, string[]> } : {}),
      }),
    ),
    childRelationships: ((raw.childRelationships as SfRecord[]) ?? []).map((c) => ({
      childSObject: String(c.childSObject),
      field: String(c.field),
      relationshipName: c.relationshipName == null ? null : String(c.relationshipName),
      cascadeDelete: c.cascadeDelete === true,
      restrictedDelete: c.restrictedDelete === true,
    })),
  };
}

function trimField(f: SfRecord): FieldDescribe {
  const out: FieldDescribe = {
    name: String(f.name),
    label: String(f.label ?? f.name),
    type: String(f.type) as FieldDescribe['type'],
    nillable: f.nillable === true,
    createable: f.createable === true,
    updateable: f.updateable === true,
    defaultedOnCreate: f.defaultedOnCreate === true,
  };
  if (typeof f.length === 'number') out.length = f.length;
  if (f.calculated === true) out.calculated = true;
  if (f.externalId === true) out.externalId = true;
  if (f.unique === true) out.unique = true;
  if (Array.isArray(f.referenceTo) && f.referenceTo.length > 0) out.referenceTo = f.referenceTo.map(String);
  if (f.relationshipName !== undefined)
    out.relationshipName = f.relationshipName == null ? null : String(f.relationshipName);
  if (f.cascadeDelete === true) out.cascadeDelete = true;
  if (f.restrictedDelete === true) out.restrictedDelete = true;
  if (f.updateableMasterDetail === true) out.updateableMasterDetail = true;
  // Real describes mark master-detail fields with relationshipOrder; the mock may say masterDetail.
  if (f.masterDetail === true || (f.type === 'reference' && typeof f.relationshipOrder === 'number')) {
    out.masterDetail = true;
  }
  if (Array.isArray(f.picklistValues) && f.picklistValues.length > 0) {
    out.picklistValues = (f.picklistValues as SfRecord[]).map(
      (p): PicklistValue => ({
        value: String(p.value),
        label: String(p.label ?? p.value),
        active: p.active !== false,
        defaultValue: p.defaultValue === true,
      }),
    );
  }
  if (f.restrictedPicklist === true) out.restrictedPicklist = true;
  if (f.defaultValue !== undefined && f.defaultValue !== null && typeof f.defaultValue !== 'object') {
    out.defaultValue = f.defaultValue as string | number | boolean;
  }
  return out;
}

/**
 * Record types restrict picklist values. When the object describe does not carry them (the real
 * API does not), they come from the layouts describe (`recordTypeMappings[].picklistsForRecordType`):
 * one call per object that has record types beyond the master.
 */
async function addRecordTypePicklists(conn: Connection, describe: ObjectDescribe, warnings: string[]): Promise<void> {
  const custom = describe.recordTypeInfos.filter((rt) => !rt.master);
  if (custom.length === 0 || describe.recordTypeInfos.every((rt) => rt.picklistValues !== undefined)) return;
  try {
    const layouts = (await conn.request(`/sobjects/${describe.name}/describe/layouts`)) as {
      recordTypeMappings?: {
        recordTypeId: string;
        picklistsForRecordType?: { picklistName: string; picklistValues: { value: string }[] }[];
      }[];
    };
    for (const mapping of layouts.recordTypeMappings ?? []) {
      const rt = describe.recordTypeInfos.find((r) => toId18(r.recordTypeId) === toId18(mapping.recordTypeId));
      if (!rt || rt.picklistValues) continue;
      rt.picklistValues = Object.fromEntries(
        (mapping.picklistsForRecordType ?? []).map((p) => [p.picklistName, p.picklistValues.map((v) => v.value)]),
      );
    }
  } catch (err) {
    warnings.push(
      `record type picklist values of ${describe.name} unavailable: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
