// Writing one page of records into a snapshot: each record serialised and hashed once
// (prepareRecords), its version stored once by hash with its links and search text when new, and its
// membership row, in one transaction (RecordPages). Used on the store's own connection
// (SnapshotWriter.addRecords) and split across threads for queued pages (record-worker.ts), so both
// paths write exactly the same rows.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { ObjectDescribe } from '@restorelab/salesforce';
import { toId18 } from '@restorelab/salesforce';
import { canonicalJson, sha256, withoutAttributes } from './canonical.ts';
import { SnapshotError } from './errors.ts';
import { displayNameOf, referencesOf, searchTextOf } from './references.ts';

type Row = Record<string, SQLInputValue>;

/** A record as read from the org: its object type and field values (an `attributes` key is ignored). */
export interface RecordInput {
  type: string;
  fields: Record<string, unknown>;
}

/**
 * A page made ready to store: each record serialised and hashed once, its links and search text
 * worked out. Column by column (arrays of strings), because that is what passes to a worker cheaply:
 * an object per record and per link cost more to copy than to build.
 */
export interface PreparedPage {
  ids: string[];
  types: string[];
  hashes: string[];
  names: string[];
  lastModified: string[];
  texts: string[];
  searches: string[];
  /** Links, four entries each, in record order: record index, target id, field, 1 when followed. */
  refs: (string | number)[];
  /** The latest SystemModstamp seen per object. */
  maxModstamps: Record<string, string>;
}

/** What a page added: records, new versions, and the latest SystemModstamp seen per object. */
export interface PageResult {
  records: number;
  newVersions: number;
  maxModstamps: Record<string, string>;
}

/**
 * The CPU half of writing records, apart from SQLite: a backup runs it on its own thread and hands
 * the result (strings, cheap to pass to a worker) to the background writer. BAD_INPUT for a record
 * without a valid Id.
 */
export function prepareRecords(
  records: readonly RecordInput[],
  describes: ReadonlyMap<string, ObjectDescribe>,
): PreparedPage {
  const page: PreparedPage = {
    ids: [],
    types: [],
    hashes: [],
    names: [],
    lastModified: [],
    texts: [],
    searches: [],
    refs: [],
    maxModstamps: {},
  };
  for (const [index, input] of records.entries()) {
    const fields = withoutAttributes(input.fields);
    const id = typeof fields.Id === 'string' ? toId18(fields.Id) : undefined;
    if (!id) throw new SnapshotError('BAD_INPUT', `a ${input.type} record has no valid Id`, { item: input.type });
    const text = canonicalJson(fields);
    const stamp = fields.SystemModstamp;
    if (typeof stamp === 'string' && stamp !== '') {
      const current = page.maxModstamps[input.type];
      if (current === undefined || Date.parse(stamp) > Date.parse(current)) page.maxModstamps[input.type] = stamp;
    }
    page.ids.push(id);
    page.types.push(input.type);
    page.hashes.push(sha256(`${input.type}\n${text}`));
    page.names.push(displayNameOf(fields));
    page.lastModified.push(typeof fields.LastModifiedDate === 'string' ? fields.LastModifiedDate : '');
    page.texts.push(text);
    page.searches.push(searchTextOf(fields));
    for (const ref of referencesOf(fields, describes.get(input.type))) {
      page.refs.push(index, ref.targetId, ref.field, ref.follow ? 1 : 0);
    }
  }
  return page;
}

const SQL = {
  insertVersion: `INSERT INTO record_versions (hash, record_id, type, name, last_modified, fields) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (hash) DO NOTHING RETURNING id`,
  versionByHash: 'SELECT id FROM record_versions WHERE hash = ?',
  insertRef: 'INSERT OR IGNORE INTO version_refs (target_id, version, field, source_id, follow) VALUES (?, ?, ?, ?, ?)',
  insertText: 'INSERT INTO version_text (rowid, name, body) VALUES (?, ?, ?)',
  member: 'INSERT OR REPLACE INTO snapshot_records (snapshot, record_id, type, version) VALUES (?, ?, ?, ?)',
  stillOpen: 'SELECT 1 AS open FROM snapshots WHERE seq = ? AND complete = 0',
} as const;

/** The SQLite half: a prepared page's rows, in one transaction. */
export class RecordPages {
  readonly #db: DatabaseSync;
  readonly #seq: number;
  readonly #sql: Record<keyof typeof SQL, StatementSync>;

  /** `prepare` compiles a statement (the store passes its cache; a worker its own connection's). */
  constructor(db: DatabaseSync, seq: number, prepare: (sql: string) => StatementSync) {
    this.#db = db;
    this.#seq = seq;
    const sql: Partial<Record<keyof typeof SQL, StatementSync>> = {};
    for (const [name, text] of Object.entries(SQL)) sql[name as keyof typeof SQL] = prepare(text);
    this.#sql = sql as Record<keyof typeof SQL, StatementSync>;
  }

  /**
   * Writes the page in one transaction. With `mustBeOpen` (another connection writing), a snapshot
   * that was meanwhile aborted or committed gets nothing: no row is left pointing at a snapshot gone.
   */
  write(page: PreparedPage, mustBeOpen = false): PageResult {
    const result: PageResult = { records: 0, newVersions: 0, maxModstamps: page.maxModstamps };
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      if (mustBeOpen && !this.#sql.stillOpen.get(this.#seq)) {
        throw new SnapshotError('WRITER_CLOSED', `snapshot ${this.#seq} is no longer being written`);
      }
      const { ids, types, hashes, names, refs } = page;
      let link = 0;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as string;
        const type = types[i] as string;
        const hash = hashes[i] as string;
        let row = this.#sql.insertVersion.get(
          hash,
          id,
          type,
          names[i] ?? '',
          page.lastModified[i] ?? '',
          page.texts[i] ?? '',
        ) as Row | undefined;
        const isNew = row !== undefined;
        if (row) {
          result.newVersions++;
          this.#sql.insertText.run(Number(row.id), names[i] ?? '', page.searches[i] ?? '');
        } else {
          row = this.#sql.versionByHash.get(hash) as Row;
        }
        const version = Number(row.id);
        // This record's links: stored with a new version only (an existing version has them already).
        for (; link < refs.length && refs[link] === i; link += 4) {
          if (isNew)
            this.#sql.insertRef.run(
              refs[link + 1] as string,
              version,
              refs[link + 2] as string,
              id,
              refs[link + 3] as number,
            );
        }
        this.#sql.member.run(this.#seq, id, type, version);
        result.records++;
      }
      this.#db.exec('COMMIT');
    } catch (err) {
      this.#db.exec('ROLLBACK');
      throw err;
    }
    return result;
  }
}
