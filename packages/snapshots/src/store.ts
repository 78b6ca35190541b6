// The snapshot store: one SQLite file (store.sqlite) plus a content-addressed blob folder, holding
// many orgs and many snapshots. This module opens it and answers the queries the planner, browse and
// CLI need (records through store-records.ts, files and attachments through store-files.ts);
// snapshot-writer.ts fills it. Only complete snapshots are ever visible.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Readable } from 'node:stream';
import { toId18 } from '@restorelab/salesforce';
import { BlobStore } from './blob-store.ts';
import { sha256 } from './canonical.ts';
import { SnapshotError } from './errors.ts';
import { SnapshotWriter } from './snapshot-writer.ts';
import * as fileReads from './store-files.ts';
import * as recordReads from './store-records.ts';
import { message, type Row, toInfo } from './store-rows.ts';
import { STORE_DDL, STORE_FORMAT } from './store-schema.ts';
import type {
  BackedUpAttachment,
  BackedUpFile,
  BackedUpRecord,
  PageRequest,
  RecordHistoryEntry,
  RecordSummary,
  SnapshotInfo,
  SnapshotSchema,
} from './types.ts';

/**
 * Opens (creating if needed) the store in `dir`: `dir/store.sqlite` and `dir/blobs/`.
 * A file that is not a store gives a SnapshotError with code STORE_CORRUPT naming it.
 */
export function openSnapshotStore(dir: string): SnapshotStore {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'store.sqlite');
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (err) {
    throw new SnapshotError('STORE_OPEN_FAILED', `cannot open snapshot store ${path}`, { item: path, cause: err });
  }
  try {
    // A 64 MB page cache: the hash and membership indexes of a million-record snapshot do not fit the 2 MB default.
    db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536;',
    );
    db.exec(STORE_DDL);
    // Columns added after format 1 was first written: stores made before them gain them here.
    const columns = db.prepare('PRAGMA table_info(snapshots)').all() as Row[];
    if (!columns.some((c) => c.name === 'described_at')) db.exec('ALTER TABLE snapshots ADD COLUMN described_at TEXT');
    if (!columns.some((c) => c.name === 'partial'))
      db.exec('ALTER TABLE snapshots ADD COLUMN partial INTEGER NOT NULL DEFAULT 0');
    const format = db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as Row | undefined;
    if (!format) db.prepare("INSERT INTO meta (key, value) VALUES ('format', ?)").run(String(STORE_FORMAT));
    else if (format.value !== String(STORE_FORMAT)) {
      throw new SnapshotError('STORE_CORRUPT', `snapshot store ${path} has format ${String(format.value)}`, {
        item: path,
      });
    }
  } catch (err) {
    db.close();
    if (err instanceof SnapshotError) throw err;
    throw new SnapshotError('STORE_CORRUPT', `snapshot store ${path} is not a readable store: ${message(err)}`, {
      item: path,
      cause: err,
    });
  }
  return new SnapshotStore(dir, db, new BlobStore(join(dir, 'blobs')));
}

/**
 * The one order of snapshots, everywhere (store, API, CLI, console): newest first, by the time the
 * backup began, and of two begun at the same instant the one written later first.
 */
const NEWEST_FIRST = 'ORDER BY taken_at DESC, seq DESC';

/** Parsed schemas kept in memory (a backup and a restore each read one or two). */
const SCHEMAS_KEPT = 8;
/**
 * Compiled statements kept: the fixed ones number a few dozen; texts built per call (`IN (?, ?, …)`
 * lists of every length) would grow the map without end, so past this it starts again.
 */
const STATEMENTS_KEPT = 256;
/** Snapshot ids whose sequence number is kept (a restore reads one or two snapshots, many times). */
const SEQS_KEPT = 1024;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export class SnapshotStore {
  /** Parsed schemas by hash, least recently used first. */
  readonly #schemas = new Map<string, SnapshotSchema>();
  readonly #statements = new Map<string, StatementSync>();
  /** Sequence numbers of complete snapshots by id (see seqOf). */
  readonly #seqs = new Map<string, number>();
  readonly dir: string;
  /** @internal used by SnapshotWriter */
  readonly db: DatabaseSync;
  /** @internal */
  readonly blobs: BlobStore;

  constructor(dir: string, db: DatabaseSync, blobs: BlobStore) {
    this.dir = dir;
    this.db = db;
    this.blobs = blobs;
  }

  /** Remembers that a restore re-created records of `orgId` under new ids (old id → new id, R08). */
  recordRestoredIds(orgId: string, pairs: Readonly<Record<string, string>>): void {
    const entries = Object.entries(pairs);
    if (entries.length === 0) return;
    const org = toId18(orgId) ?? orgId;
    const at = new Date().toISOString();
    const insert = this.statement(
      'INSERT INTO restored_ids (org_id, old_id, new_id, restored_at) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, old_id) DO UPDATE SET new_id = excluded.new_id, restored_at = excluded.restored_at',
    );
    this.db.exec('BEGIN');
    try {
      for (const [oldId, newId] of entries) insert.run(org, toId18(oldId) ?? oldId, toId18(newId) ?? newId, at);
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** The id each of `oldIds` was last restored under in `orgId` (ids never re-created are absent). */
  restoredIdsOf(orgId: string, oldIds: readonly string[]): Map<string, string> {
    const org = toId18(orgId) ?? orgId;
    const found = new Map<string, string>();
    // Most orgs were never restored into: one look spares a lookup per id (200k of them cost 0.4 s).
    if (!this.statement('SELECT 1 AS any FROM restored_ids WHERE org_id = ? LIMIT 1').get(org)) return found;
    const select = this.statement('SELECT new_id FROM restored_ids WHERE org_id = ? AND old_id = ?');
    for (const id of new Set(oldIds)) {
      const row = select.get(org, toId18(id) ?? id) as Row | undefined;
      if (row) found.set(id, String(row.new_id));
    }
    return found;
  }

  close(): void {
    this.#statements.clear();
    if (this.db.isOpen) this.db.close();
  }

  /**
   * @internal The statement for an SQL text, compiled once: SQLite's compile is most of the cost of a
   * small read, and a backup or a restore asks the same few dozen texts again and again. Statements
   * are only run to completion (get, all, run), never iterated, so sharing one is safe.
   */
  statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= STATEMENTS_KEPT) this.#statements.clear();
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** Starts a snapshot; it stays invisible until `commit()`. One writer per store at a time. */
  beginSnapshot(options: { orgId: string; takenAt?: Date | string; partial?: boolean }): SnapshotWriter {
    return new SnapshotWriter(this, options.orgId, options.takenAt, options.partial ?? false);
  }

  /** Removes snapshots whose backup never completed (e.g. the process died); returns how many. */
  discardIncomplete(): number {
    return this.guard('incomplete snapshots', () => {
      const rows = this.statement('SELECT seq FROM snapshots WHERE complete = 0').all() as Row[];
      for (const row of rows) SnapshotWriter.discard(this.db, Number(row.seq));
      return rows.length;
    });
  }

  // ---- snapshots ---------------------------------------------------------------------------

  listOrgs(): string[] {
    return this.guard('orgs', () =>
      (this.statement('SELECT DISTINCT org_id FROM snapshots WHERE complete = 1 ORDER BY org_id').all() as Row[]).map(
        (r) => String(r.org_id),
      ),
    );
  }

  /** Complete snapshots of an org (of every org without one), newest first. */
  listSnapshots(orgId?: string): SnapshotInfo[] {
    return this.guard(`snapshots of ${orgId ?? 'every org'}`, () =>
      (orgId === undefined
        ? (this.statement(`SELECT * FROM snapshots WHERE complete = 1 ${NEWEST_FIRST}`).all() as Row[])
        : (this.statement(`SELECT * FROM snapshots WHERE org_id = ? AND complete = 1 ${NEWEST_FIRST}`).all(
            orgId,
          ) as Row[])
      ).map(toInfo),
    );
  }

  latestSnapshot(orgId: string): SnapshotInfo | undefined {
    return this.guard(`snapshots of ${orgId}`, () => {
      const row = this.statement(
        `SELECT * FROM snapshots WHERE org_id = ? AND complete = 1 ${NEWEST_FIRST} LIMIT 1`,
      ).get(orgId) as Row | undefined;
      return row ? toInfo(row) : undefined;
    });
  }

  /**
   * The newest complete snapshot of the org that holds `id` (a record, file or attachment): the
   * default snapshot to show, download or restore it from. A partial snapshot without it is passed over.
   */
  latestSnapshotHolding(orgId: string, id: string): SnapshotInfo | undefined {
    const id18 = toId18(id);
    if (!id18) return undefined;
    return this.guard(`snapshots of ${orgId} holding ${id18}`, () => {
      const row = this.statement(
        `SELECT s.* FROM snapshots s WHERE s.org_id = ? AND s.complete = 1 AND (
           EXISTS (SELECT 1 FROM snapshot_records m WHERE m.snapshot = s.seq AND m.record_id = ?)
           OR EXISTS (SELECT 1 FROM snapshot_files f WHERE f.snapshot = s.seq AND f.content_document_id = ?)
           OR EXISTS (SELECT 1 FROM snapshot_attachments a WHERE a.snapshot = s.seq AND a.attachment_id = ?))
         ${NEWEST_FIRST} LIMIT 1`,
      ).get(orgId, id18, id18, id18) as Row | undefined;
      return row ? toInfo(row) : undefined;
    });
  }

  /** The last complete snapshot taken at or before `at`: the org as it was then. */
  snapshotAsOf(orgId: string, at: Date | string): SnapshotInfo | undefined {
    const iso = typeof at === 'string' ? new Date(at).toISOString() : at.toISOString();
    return this.guard(`snapshots of ${orgId}`, () => {
      const row = this.statement(
        `SELECT * FROM snapshots WHERE org_id = ? AND complete = 1 AND taken_at <= ? ${NEWEST_FIRST} LIMIT 1`,
      ).get(orgId, iso) as Row | undefined;
      return row ? toInfo(row) : undefined;
    });
  }

  /** A complete snapshot; SNAPSHOT_NOT_FOUND otherwise (an incomplete one is not found either). */
  getSnapshot(snapshotId: string): SnapshotInfo {
    return toInfo(this.snapshotRow(snapshotId));
  }

  findSnapshot(snapshotId: string): SnapshotInfo | undefined {
    try {
      return this.getSnapshot(snapshotId);
    } catch (err) {
      if (err instanceof SnapshotError && err.code === 'SNAPSHOT_NOT_FOUND') return undefined;
      throw err;
    }
  }

  /**
   * The schema a snapshot was taken with. Schemas are stored by content hash and never change, so
   * the last few are kept parsed (and frozen: callers share them); the hash is checked on first read.
   */
  schema(snapshotId: string): SnapshotSchema {
    const row = this.snapshotRow(snapshotId);
    if (row.schema_hash === null) return { objects: [] };
    const hash = String(row.schema_hash);
    const cached = this.#schemas.get(hash);
    if (cached) {
      this.#schemas.delete(hash);
      this.#schemas.set(hash, cached);
      return cached;
    }
    const schema = this.guard(`schema of snapshot ${snapshotId}`, () => {
      const s = this.statement('SELECT json FROM schemas WHERE hash = ?').get(hash) as Row | undefined;
      if (!s || sha256(String(s.json)) !== hash) {
        throw new SnapshotError('STORE_CORRUPT', `the schema of snapshot ${snapshotId} is missing or damaged`, {
          item: snapshotId,
        });
      }
      return deepFreeze(JSON.parse(String(s.json)) as SnapshotSchema);
    });
    this.#schemas.set(hash, schema);
    if (this.#schemas.size > SCHEMAS_KEPT) this.#schemas.delete(this.#schemas.keys().next().value as string);
    return schema;
  }

  /** The content hash of the schema a snapshot was taken with (undefined when it has none). */
  schemaHash(snapshotId: string): string | undefined {
    const hash = this.snapshotRow(snapshotId).schema_hash;
    return hash === null ? undefined : String(hash);
  }

  /** Records per object type in a snapshot, by type name. */
  objectCounts(snapshotId: string): { type: string; count: number }[] {
    const seq = this.seqOf(snapshotId);
    return this.guard(`snapshot ${snapshotId}`, () =>
      (
        this.statement('SELECT type, count FROM snapshot_objects WHERE snapshot = ? ORDER BY type').all(seq) as Row[]
      ).map((r) => ({ type: String(r.type), count: Number(r.count) })),
    );
  }

  // ---- records -----------------------------------------------------------------------------

  /** The record as of the snapshot (15- or 18-character id), or undefined when it did not exist then. */
  record(snapshotId: string, id: string): BackedUpRecord | undefined {
    return recordReads.record(this, snapshotId, id);
  }

  /** The records among `ids` that the snapshot holds, in the order of `ids` (missing ones left out). */
  records(snapshotId: string, ids: readonly string[]): BackedUpRecord[] {
    return recordReads.records(this, snapshotId, ids);
  }

  /** Records of one object type, by id, a page at a time. */
  recordsOfType(snapshotId: string, type: string, page?: PageRequest): { items: RecordSummary[]; total: number } {
    return recordReads.recordsOfType(this, snapshotId, type, page);
  }

  /**
   * The records that point straight at `id` through a followed link (see references.ts), with the
   * field that points.
   */
  children(snapshotId: string, id: string): { field: string; record: RecordSummary }[] {
    return recordReads.children(this, snapshotId, id);
  }

  /**
   * Every record beneath `id` as of the snapshot (R01 "with related records"): records whose followed
   * links point at it, then at those, and so on. Breadth first, no record twice, the start record
   * excluded; loops end because a record is visited once.
   */
  descendants(snapshotId: string, id: string): BackedUpRecord[] {
    return recordReads.descendants(this, snapshotId, id);
  }

  /** A record's versions across the org's complete snapshots, oldest first (only snapshots that held it). */
  history(orgId: string, id: string): RecordHistoryEntry[] {
    return recordReads.history(this, orgId, id);
  }

  // ---- files and attachments ---------------------------------------------------------------

  /** Files (latest versions) linked to any of the records, as of the snapshot. */
  filesOf(snapshotId: string, recordIds: readonly string[]): BackedUpFile[] {
    return fileReads.filesOf(this, snapshotId, recordIds);
  }

  file(snapshotId: string, contentDocumentId: string): BackedUpFile | undefined {
    return fileReads.file(this, snapshotId, contentDocumentId);
  }

  listFiles(snapshotId: string, page?: PageRequest): { items: BackedUpFile[]; total: number } {
    return fileReads.listFiles(this, snapshotId, page);
  }

  /** Attachments whose parent is one of the records, as of the snapshot. */
  attachmentsOf(snapshotId: string, recordIds: readonly string[]): BackedUpAttachment[] {
    return fileReads.attachmentsOf(this, snapshotId, recordIds);
  }

  attachment(snapshotId: string, id: string): BackedUpAttachment | undefined {
    return fileReads.attachment(this, snapshotId, id);
  }

  listAttachments(snapshotId: string, page?: PageRequest): { items: BackedUpAttachment[]; total: number } {
    return fileReads.listAttachments(this, snapshotId, page);
  }

  // ---- blobs -------------------------------------------------------------------------------

  /** A blob's whole content, verified against its hash (BLOB_CORRUPT / BLOB_MISSING otherwise). */
  readBlob(hash: string): Promise<Buffer> {
    return this.blobs.read(hash);
  }

  /** A verified stream of a blob (checked before the first byte and again at the end). */
  blobStream(hash: string): Promise<Readable> {
    return this.blobs.stream(hash);
  }

  // ---- internals ---------------------------------------------------------------------------

  /** @internal the internal sequence number of a complete snapshot. */
  seqOf(snapshotId: string): number {
    // A complete snapshot's row never changes and is never removed: its number is looked up once.
    const known = this.#seqs.get(snapshotId);
    if (known !== undefined) return known;
    const seq = Number(this.snapshotRow(snapshotId).seq);
    if (this.#seqs.size >= SEQS_KEPT) this.#seqs.clear();
    this.#seqs.set(snapshotId, seq);
    return seq;
  }

  private snapshotRow(snapshotId: string): Row {
    const row = this.guard(`snapshot ${snapshotId}`, () =>
      this.statement('SELECT * FROM snapshots WHERE id = ?').get(snapshotId),
    ) as Row | undefined;
    if (!row || Number(row.complete) !== 1) {
      throw new SnapshotError('SNAPSHOT_NOT_FOUND', `no complete snapshot ${snapshotId}`, { item: snapshotId });
    }
    return row;
  }

  /** Runs a read, turning SQLite's corruption errors into STORE_CORRUPT naming what was being read. */
  guard<T>(item: string, read: () => T): T {
    try {
      return read();
    } catch (err) {
      if (err instanceof SnapshotError) throw err;
      const code = (err as { errcode?: number }).errcode;
      if (code !== undefined && [11, 26].includes(code & 0xff)) {
        throw new SnapshotError('STORE_CORRUPT', `snapshot store is corrupt (reading ${item}): ${message(err)}`, {
          item,
          cause: err,
        });
      }
      if (err instanceof SyntaxError) {
        throw new SnapshotError('STORE_CORRUPT', `stored data for ${item} is not valid JSON`, { item, cause: err });
      }
      throw err;
    }
  }
}
