// Fills one snapshot. Record, file and attachment versions are stored once by content hash and
// shared; this snapshot's membership rows point at them. Everything is batched in transactions, and
// the snapshot row stays `complete = 0` (invisible to every query) until commit().
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { Readable } from 'node:stream';
import type { ObjectDescribe } from '@restorelab/salesforce';
import { toId18 } from '@restorelab/salesforce';
import { BackgroundRecords } from './background-records.ts';
import type { PutBlobResult } from './blob-store.ts';
import { canonicalJson, sha256 } from './canonical.ts';
import { SnapshotError } from './errors.ts';
import { type PageResult, prepareRecords, type RecordInput, RecordPages } from './record-pages.ts';
import type { SnapshotStore } from './store.ts';
import type { BackedUpAttachment, BackedUpFile, SnapshotInfo, SnapshotSchema } from './types.ts';

type Row = Record<string, SQLInputValue>;

/**
 * While a snapshot is written, SQLite's WAL is checkpointed only past this many pages (256 MB)
 * instead of its default 1,000 (4 MB). Each checkpoint copies the WAL into the database and fsyncs
 * both; with the default a backup checkpointed after nearly every page of records, and on a busy
 * disk those fsyncs were most of the store's time (a 50,000-row insert: 14 µs a row with them, 5
 * without). Nothing is less safe for it: in WAL mode with synchronous = NORMAL a commit never
 * fsyncs, a checkpoint is what makes data durable, and the snapshot stays invisible (complete = 0)
 * until commit(), which checkpoints once (endWrites). A power cut before that can lose only that
 * snapshot's rows (an invisible snapshot is removed by discardIncomplete()), never an earlier
 * snapshot. The cap keeps the WAL of a very large backup bounded.
 */
const BACKUP_CHECKPOINT_PAGES = 65_536;
/** SQLite's own default, restored when the writer ends. */
const DEFAULT_CHECKPOINT_PAGES = 1_000;

export type { RecordInput };

export interface WriterStats {
  records: number;
  newRecordVersions: number;
  files: number;
  newFileVersions: number;
  attachments: number;
  newAttachmentVersions: number;
  blobsAdded: number;
  blobBytesAdded: number;
  /** Records taken over unchanged from the previous snapshot without being read again. */
  carriedOver: number;
}

export class SnapshotWriter {
  readonly id: string;
  readonly orgId: string;
  readonly takenAt: string;
  readonly stats: WriterStats = {
    records: 0,
    newRecordVersions: 0,
    files: 0,
    newFileVersions: 0,
    attachments: 0,
    newAttachmentVersions: 0,
    blobsAdded: 0,
    blobBytesAdded: 0,
    carriedOver: 0,
  };
  private readonly store: SnapshotStore;
  private readonly db: DatabaseSync;
  private readonly seq: number;
  /** The org's latest complete snapshot when this one began: the base for reusing downloaded blobs. */
  private readonly previousSeq: number | undefined;
  /** The id of that snapshot. */
  readonly previousId: string | undefined;
  private readonly maxModstamp = new Map<string, string>();
  private previousObjects: Map<string, { count: number; maxModstamp: string | null }> | undefined;
  private readonly describes = new Map<string, ObjectDescribe>();
  private state: 'open' | 'committed' | 'aborted' = 'open';
  private readonly sql: Record<string, StatementSync>;
  /** Writes records on this connection (addRecords). */
  private pages: RecordPages | undefined;
  /** Writes records on a worker's connection (queueRecords), started on first use. */
  private background: BackgroundRecords | undefined;

  constructor(store: SnapshotStore, orgId: string, takenAt?: Date | string, partial = false) {
    this.store = store;
    this.db = store.db;
    this.orgId = orgId;
    const at = takenAt === undefined ? new Date() : new Date(takenAt);
    if (Number.isNaN(at.getTime())) throw new SnapshotError('BAD_INPUT', `bad snapshot time ${String(takenAt)}`);
    this.takenAt = at.toISOString();
    this.id = `snap-${this.takenAt.replace(/[-:.]/g, '').replace('T', '-')}-${randomBytes(4).toString('hex')}`;
    const previous = store.latestSnapshot(orgId);
    this.previousSeq = previous ? store.seqOf(previous.id) : undefined;
    this.previousId = previous?.id;
    const row = this.store
      .statement('INSERT INTO snapshots (id, org_id, taken_at, complete, partial) VALUES (?, ?, ?, 0, ?) RETURNING seq')
      .get(this.id, orgId, this.takenAt, partial ? 1 : 0) as Row;
    this.seq = Number(row.seq);
    this.db.exec(`PRAGMA wal_autocheckpoint = ${BACKUP_CHECKPOINT_PAGES}`);
    this.sql = {
      insertFile: store.statement(
        `INSERT INTO file_versions (hash, content_document_id, latest_version_id, title, json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (hash) DO NOTHING RETURNING id`,
      ),
      fileByHash: store.statement('SELECT id FROM file_versions WHERE hash = ?'),
      insertLink: store.statement('INSERT OR IGNORE INTO file_links (linked_entity_id, version) VALUES (?, ?)'),
      memberFile: store.statement(
        'INSERT OR REPLACE INTO snapshot_files (snapshot, content_document_id, version) VALUES (?, ?, ?)',
      ),
      insertAttachment: store.statement(
        `INSERT INTO attachment_versions (hash, attachment_id, parent_id, name, json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (hash) DO NOTHING RETURNING id`,
      ),
      attachmentByHash: store.statement('SELECT id FROM attachment_versions WHERE hash = ?'),
      memberAttachment: store.statement(
        'INSERT OR REPLACE INTO snapshot_attachments (snapshot, attachment_id, version) VALUES (?, ?, ?)',
      ),
    };
  }

  /**
   * The schema as described now; stored once by hash and used to tell reference fields apart.
   * `describedAt` is the org's own time of the describe (kept per snapshot, not in the shared schema).
   */
  setSchema(schema: SnapshotSchema, describedAt?: string): void {
    this.open();
    const known = this.previousSchemaHashIfSame(schema);
    const json = known === undefined ? canonicalJson(schema) : undefined;
    const hash = known ?? sha256(json as string);
    this.tx(() => {
      if (json !== undefined) {
        this.store.statement('INSERT OR IGNORE INTO schemas (hash, json) VALUES (?, ?)').run(hash, json);
      }
      this.store
        .statement('UPDATE snapshots SET schema_hash = ?, described_at = ? WHERE seq = ?')
        .run(hash, describedAt ?? null, this.seq);
    });
    for (const object of schema.objects) this.describes.set(object.name, object);
  }

  /**
   * The previous snapshot's schema hash when `schema` is made of that schema's own parts (the same
   * frozen object list and describes, in the same order): what an unchanged org's backup sends after
   * a 304. Serialising and hashing a schema costs a millisecond or more on every backup otherwise.
   */
  private previousSchemaHashIfSame(schema: SnapshotSchema): string | undefined {
    if (!this.previousId || !schema.global) return undefined;
    const previous = this.store.schema(this.previousId);
    if (previous.global !== schema.global || previous.objects.length !== schema.objects.length) return undefined;
    if (!previous.objects.every((o, i) => o === schema.objects[i])) return undefined;
    return this.store.schemaHash(this.previousId);
  }

  /** Adds records (one transaction per call: pass them a page at a time). */
  addRecords(records: readonly RecordInput[]): void {
    this.open();
    this.pages ??= new RecordPages(this.db, this.seq, (sql) => this.store.statement(sql));
    this.noteWritten(this.pages.write(prepareRecords(records, this.describes)));
  }

  /**
   * Hands a page of records to a background writer (a worker thread with its own connection) and
   * resolves as soon as it may take another: the caller reads the next page meanwhile. Call
   * `recordsWritten()` before any other method of the writer; they refuse (WRITER_BUSY) until then.
   * The schema must be set first (links are told apart by it).
   */
  async queueRecords(records: readonly RecordInput[]): Promise<void> {
    this.open(true);
    this.background ??= new BackgroundRecords(
      {
        path: join(this.store.dir, 'store.sqlite'),
        seq: this.seq,
        checkpointPages: BACKUP_CHECKPOINT_PAGES,
      },
      (result) => this.noteWritten(result),
    );
    // Serialising and hashing happen here, so the worker is handed strings (cheap to pass) and does
    // only SQLite's part: the two threads then take about the same time a page.
    await this.background.push(prepareRecords(records, this.describes));
  }

  /** Pages queued and not yet written (while any are, only queueRecords and recordsWritten may be called). */
  get recordsQueued(): number {
    return this.background?.pending ?? 0;
  }

  /** Waits until every queued page is written; throws the first failure (the snapshot should then be aborted). */
  async recordsWritten(): Promise<void> {
    await this.background?.settle();
  }

  private noteWritten(result: PageResult): void {
    this.stats.records += result.records;
    this.stats.newRecordVersions += result.newVersions;
    for (const [type, stamp] of Object.entries(result.maxModstamps)) this.noteModstamp(type, stamp);
  }

  /**
   * Takes records over from the org's previous snapshot unchanged (same version, no re-read): the
   * incremental backup's path for records whose SystemModstamp has not moved. Returns the ids carried
   * (18-character); ids the previous snapshot did not hold are left for the caller to read.
   */
  carryOver(type: string, ids: readonly string[]): Set<string> {
    this.open();
    const carried = new Set<string>();
    if (this.previousSeq === undefined || ids.length === 0) return carried;
    const previousSeq = this.previousSeq;
    const wanted = ids.map((i) => toId18(i)).filter((i): i is string => i !== undefined);
    this.tx(() => {
      for (let i = 0; i < wanted.length; i += 500) {
        const part = wanted.slice(i, i + 500);
        const rows = this.store
          .statement(
            `INSERT OR IGNORE INTO snapshot_records (snapshot, record_id, type, version)
             SELECT ?, record_id, type, version FROM snapshot_records
             WHERE snapshot = ? AND type = ? AND record_id IN (${part.map(() => '?').join(',')})
             RETURNING record_id`,
          )
          .all(this.seq, previousSeq, type, ...part) as Row[];
        for (const row of rows) carried.add(String(row.record_id));
      }
    });
    if (carried.size > 0) {
      const previous = this.previousObject(type);
      if (previous?.maxModstamp) this.noteModstamp(type, previous.maxModstamp);
    }
    this.stats.records += carried.size;
    this.stats.carriedOver += carried.size;
    return carried;
  }

  /**
   * Takes over every record of `type` the previous snapshot held that this one does not hold yet:
   * the path for an object whose count shows that nothing was deleted. Returns how many.
   */
  carryOverAll(type: string): number {
    this.open();
    const previousSeq = this.previousSeq;
    if (previousSeq === undefined) return 0;
    let carried = 0;
    this.tx(() => {
      const result = this.store
        .statement(
          `INSERT OR IGNORE INTO snapshot_records (snapshot, record_id, type, version)
           SELECT ?, record_id, type, version FROM snapshot_records WHERE snapshot = ? AND type = ?`,
        )
        .run(this.seq, previousSeq, type);
      carried = Number(result.changes);
    });
    const previous = this.previousObject(type);
    if (carried > 0 && previous?.maxModstamp) this.noteModstamp(type, previous.maxModstamp);
    this.stats.records += carried;
    this.stats.carriedOver += carried;
    return carried;
  }

  /** How many of `ids` the previous snapshot held. */
  previousHolds(ids: readonly string[]): number {
    if (this.previousSeq === undefined) return 0;
    let held = 0;
    const wanted = ids.map((i) => toId18(i)).filter((i): i is string => i !== undefined);
    for (let i = 0; i < wanted.length; i += 500) {
      const part = wanted.slice(i, i + 500);
      const row = this.store
        .statement(
          `SELECT count(*) AS n FROM snapshot_records WHERE snapshot = ? AND record_id IN (${part.map(() => '?').join(',')})`,
        )
        .get(this.previousSeq, ...part) as Row;
      held += Number(row.n);
    }
    return held;
  }

  /** What the org's previous snapshot held of an object: its record count and latest SystemModstamp. */
  previousObject(type: string): { count: number; maxModstamp: string | null } | undefined {
    if (this.previousSeq === undefined) return undefined;
    // A backup asks about every object a few times: the previous snapshot's rows are read once.
    if (!this.previousObjects) {
      const rows = this.store
        .statement('SELECT type, count, max_modstamp FROM snapshot_objects WHERE snapshot = ?')
        .all(this.previousSeq) as Row[];
      this.previousObjects = new Map(
        rows.map((row) => [
          String(row.type),
          { count: Number(row.count), maxModstamp: row.max_modstamp == null ? null : String(row.max_modstamp) },
        ]),
      );
    }
    return this.previousObjects.get(type);
  }

  private noteModstamp(type: string, stamp: unknown): void {
    if (typeof stamp !== 'string' || stamp === '') return;
    const current = this.maxModstamp.get(type);
    if (current === undefined || Date.parse(stamp) > Date.parse(current)) this.maxModstamp.set(type, stamp);
  }

  /** Adds files (latest version with links; the content blob must already be in the store). */
  addFiles(files: readonly BackedUpFile[]): void {
    this.open();
    this.tx(() => {
      for (const input of files) {
        const docId = toId18(input.contentDocumentId);
        if (!docId) throw new SnapshotError('BAD_INPUT', `bad ContentDocument id ${input.contentDocumentId}`);
        const file: BackedUpFile = {
          ...input,
          contentDocumentId: docId,
          links: [...input.links]
            .map((l) => ({ ...l, linkedEntityId: toId18(l.linkedEntityId) ?? l.linkedEntityId }))
            .sort((a, b) => a.linkedEntityId.localeCompare(b.linkedEntityId)),
        };
        const json = canonicalJson(file);
        const hash = sha256(json);
        let row = this.sql.insertFile!.get(hash, docId, file.latestVersionId, file.title, json) as Row | undefined;
        if (row) {
          this.stats.newFileVersions++;
          for (const link of file.links) this.sql.insertLink!.run(link.linkedEntityId, Number(row.id));
        } else {
          row = this.sql.fileByHash!.get(hash) as Row;
        }
        this.sql.memberFile!.run(this.seq, docId, Number(row.id));
        this.stats.files++;
      }
    });
  }

  /** Adds attachments (metadata; the body blob, when kept, must already be in the store). */
  addAttachments(attachments: readonly BackedUpAttachment[]): void {
    this.open();
    this.tx(() => {
      for (const input of attachments) {
        const id = toId18(input.id);
        const parentId = toId18(input.parentId);
        if (!id || !parentId) throw new SnapshotError('BAD_INPUT', `bad attachment ids ${input.id}/${input.parentId}`);
        const attachment: BackedUpAttachment = { ...input, id, parentId };
        const json = canonicalJson(attachment);
        const hash = sha256(json);
        let row = this.sql.insertAttachment!.get(hash, id, parentId, attachment.name, json) as Row | undefined;
        if (row) this.stats.newAttachmentVersions++;
        else row = this.sql.attachmentByHash!.get(hash) as Row;
        this.sql.memberAttachment!.run(this.seq, id, Number(row.id));
        this.stats.attachments++;
      }
    });
  }

  /** Streams content into the blob folder (hashing as it goes) and counts it when it is new. */
  async putBlob(source: Readable | AsyncIterable<Uint8Array> | Uint8Array | string): Promise<PutBlobResult> {
    this.open();
    const result = await this.store.blobs.put(source);
    if (result.added) {
      this.stats.blobsAdded++;
      this.stats.blobBytesAdded += result.size;
    }
    return result;
  }

  /**
   * The file as the org's previous snapshot held it, when its blob is still in the store: a backup
   * compares it with what the org reports now and skips the download when nothing moved.
   */
  async previousFile(contentDocumentId: string): Promise<BackedUpFile | undefined> {
    if (this.previousSeq === undefined) return undefined;
    const row = this.store
      .statement(
        `SELECT f.json FROM snapshot_files m JOIN file_versions f ON f.id = m.version
         WHERE m.snapshot = ? AND m.content_document_id = ?`,
      )
      .get(this.previousSeq, toId18(contentDocumentId) ?? contentDocumentId) as Row | undefined;
    if (!row) return undefined;
    const file = JSON.parse(String(row.json)) as BackedUpFile;
    return (await this.store.blobs.has(file.contentHash)) ? file : undefined;
  }

  /** Like previousFile, for an attachment. */
  async previousAttachment(id: string): Promise<BackedUpAttachment | undefined> {
    if (this.previousSeq === undefined) return undefined;
    const row = this.store
      .statement(
        `SELECT a.json FROM snapshot_attachments m JOIN attachment_versions a ON a.id = m.version
         WHERE m.snapshot = ? AND m.attachment_id = ?`,
      )
      .get(this.previousSeq, toId18(id) ?? id) as Row | undefined;
    if (!row) return undefined;
    const attachment = JSON.parse(String(row.json)) as BackedUpAttachment;
    if (attachment.bodyHash !== null && !(await this.store.blobs.has(attachment.bodyHash))) return undefined;
    return attachment;
  }

  /** Makes the snapshot whole and visible. */
  commit(): SnapshotInfo {
    this.open();
    this.tx(() => {
      this.store
        .statement(
          `INSERT OR REPLACE INTO snapshot_objects (snapshot, type, count)
           SELECT snapshot, type, count(*) FROM snapshot_records WHERE snapshot = ? GROUP BY type`,
        )
        .run(this.seq);
      const stamp = this.store.statement(
        'UPDATE snapshot_objects SET max_modstamp = ? WHERE snapshot = ? AND type = ?',
      );
      for (const [type, max] of this.maxModstamp) stamp.run(max, this.seq, type);
      const count = (sql: string): number => Number((this.store.statement(sql).get(this.seq) as Row).n);
      const records = count('SELECT count(*) AS n FROM snapshot_records WHERE snapshot = ?');
      const files = count('SELECT count(*) AS n FROM snapshot_files WHERE snapshot = ?');
      const attachments = count('SELECT count(*) AS n FROM snapshot_attachments WHERE snapshot = ?');
      this.store
        .statement(
          'UPDATE snapshots SET complete = 1, completed_at = ?, records = ?, files = ?, attachments = ? WHERE seq = ?',
        )
        .run(new Date().toISOString(), records, files, attachments, this.seq);
    });
    this.state = 'committed';
    this.background?.close();
    // Within the backup's time, on purpose: checkpointing from the worker after the commit made the
    // next backup (the second, unchanged one) pay for it instead (0.38 of the first at 10k once).
    this.endWrites();
    return this.store.getSnapshot(this.id);
  }

  /** Drops the snapshot. Versions it stored stay (unreferenced, and reused by the next backup). */
  abort(): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    // Pages still queued find the snapshot gone and write nothing (RecordPages' mustBeOpen).
    this.background?.close();
    if (!this.db.isOpen) return;
    SnapshotWriter.discard(this.db, this.seq);
    this.endWrites();
  }

  /**
   * Back to SQLite's usual checkpoints, and one now: the backup's rows reach the database file (and
   * the disk) once, each page written however often the backup changed it. PASSIVE never waits for
   * readers; what a reader still holds is copied by the next checkpoint.
   */
  private endWrites(): void {
    this.db.exec(`PRAGMA wal_autocheckpoint = ${DEFAULT_CHECKPOINT_PAGES}; PRAGMA wal_checkpoint(PASSIVE);`);
  }

  /** @internal removes a snapshot's rows. */
  static discard(db: DatabaseSync, seq: number): void {
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const table of ['snapshot_records', 'snapshot_files', 'snapshot_attachments', 'snapshot_objects']) {
        db.prepare(`DELETE FROM ${table} WHERE snapshot = ?`).run(seq);
      }
      db.prepare('DELETE FROM snapshots WHERE seq = ?').run(seq);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Throws unless the snapshot is open and (unless `queueing`) no queued records are still being written. */
  private open(queueing = false): void {
    if (this.state !== 'open') {
      throw new SnapshotError('WRITER_CLOSED', `snapshot ${this.id} is already ${this.state}`, { item: this.id });
    }
    if (!queueing && this.background && this.background.pending > 0) {
      throw new SnapshotError('WRITER_BUSY', `snapshot ${this.id} has queued records: await recordsWritten() first`, {
        item: this.id,
      });
    }
  }

  private tx(work: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }
}
