// An org's records as stored: one table per object (its describe, its rows by id, indexes over its
// unique and external-id fields), found by object name or by the key prefix of an id; the ids the
// org hands out; and the journal that undoes every write of an operation that fails. No Salesforce
// rule is applied here: the org checks a write first, then stores it through this.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type FieldDescribe, makeId, type ObjectDescribe, toId18 } from '@restorelab/salesforce';
import { type DerivedFields, derivedFieldsOf } from './derived-fields.ts';
import { FieldIndex, indexKey } from './field-index.ts';
import { isIndexedReference, ReferenceIndex } from './reference-index.ts';

/** A stored row: exactly the SOQL module's SoqlRecord shape, so queries read the store directly. */
export interface StoredRecord {
  readonly type: string;
  fields: Record<string, unknown>;
}

export interface ObjectTable {
  readonly name: string;
  readonly describe: ObjectDescribe;
  readonly fieldByLower: ReadonlyMap<string, FieldDescribe>;
  readonly records: Map<string, StoredRecord>;
  /** Fields the org fills in for this object (compound name, auto-numbers). */
  readonly derived: DerivedFields;
  /** Unique and external-id fields: normalised value → ids of live records holding it. */
  readonly indexes: ReadonlyMap<string, FieldIndex>;
  /** Lookup and master-detail fields: id pointed at → ids of the rows (live or deleted) pointing at it. */
  readonly references: ReadonlyMap<string, ReferenceIndex>;
}

function tableOf(describe: ObjectDescribe): ObjectTable {
  const fieldByLower = new Map(describe.fields.map((f) => [f.name.toLowerCase(), f] as const));
  const indexes = new Map<string, FieldIndex>();
  const references = new Map<string, ReferenceIndex>();
  for (const f of describe.fields) {
    if (f.unique || f.externalId) indexes.set(f.name, new FieldIndex());
    if (isIndexedReference(f)) references.set(f.name, new ReferenceIndex());
  }
  return {
    name: describe.name,
    describe,
    fieldByLower,
    records: new Map(),
    derived: derivedFieldsOf(describe),
    indexes,
    references,
  };
}

/** An open multi-request transaction (Composite allOrNone, one Composite Graph graph). */
interface AmbientTransaction {
  readonly store: RecordStore;
  readonly journal: Array<() => void>;
  /** False once the transaction has ended: work it scheduled for later (a Bulk job) writes on its own. */
  open: boolean;
}

/**
 * The transaction a request runs in when it is a subrequest of one that spans awaits. Async-local,
 * so writes of other requests answered in the meantime never land in that transaction's journal.
 */
const ambient = new AsyncLocalStorage<AmbientTransaction>();

export class RecordStore {
  readonly #tables = new Map<string, ObjectTable>();
  readonly #byPrefix = new Map<string, ObjectTable>();
  readonly #sequence = new Map<string, number>();
  readonly #pod: string;
  #journal: Array<() => void> | undefined;

  /** `pod` distinguishes this org's ids from other orgs' in the same server (3 characters of every id). */
  constructor(objects: readonly ObjectDescribe[], pod: string) {
    this.#pod = pod;
    for (const describe of objects) {
      const table = tableOf(describe);
      this.#tables.set(describe.name.toLowerCase(), table);
      if (describe.keyPrefix) this.#byPrefix.set(describe.keyPrefix, table);
    }
  }

  // ---- reading ----

  /** Case-insensitive lookup of an object's table. */
  table(objectName: string): ObjectTable | undefined {
    return this.#tables.get(objectName.toLowerCase());
  }

  tables(): IterableIterator<ObjectTable> {
    return this.#tables.values();
  }

  /** Any record, live or deleted, by a 15- or 18-character id. */
  get(id: string): StoredRecord | undefined {
    const id18 = id.length === 18 ? id : toId18(id);
    if (!id18) return undefined;
    return this.#byPrefix.get(id18.slice(0, 3))?.records.get(id18);
  }

  tableOfId(id18: string): ObjectTable | undefined {
    return this.#byPrefix.get(id18.slice(0, 3));
  }

  recordCount(): number {
    let n = 0;
    for (const t of this.#tables.values()) n += t.records.size;
    return n;
  }

  /** Live records whose `field` matches `value` (text case-insensitively), by index when the field has one. */
  holders(table: ObjectTable, field: FieldDescribe, value: unknown): StoredRecord[] {
    const index = table.indexes.get(field.name);
    const found: StoredRecord[] = [];
    if (index) {
      for (const id of index.ids(value)) {
        const record = table.records.get(id);
        if (record && record.fields.IsDeleted !== true) found.push(record);
      }
      return found;
    }
    const key = indexKey(value);
    if (key === undefined) return found;
    for (const record of table.records.values()) {
      if (record.fields.IsDeleted === true) continue;
      if (indexKey(record.fields[field.name]) === key) found.push(record);
    }
    return found;
  }

  /**
   * Ids of the rows of `table` (live or deleted) whose `fieldName` points at `id18`, or undefined when
   * that field has no reference index (the caller scans instead).
   */
  referencing(table: ObjectTable, fieldName: string, id18: string): Iterable<string> | undefined {
    return table.references.get(fieldName)?.holders(id18);
  }

  // ---- ids ----

  /** A fresh id with the object's key prefix, never handed out before in this org. */
  newId(keyPrefix: string): string {
    const table = this.#byPrefix.get(keyPrefix);
    let seq = this.#sequence.get(keyPrefix) ?? 0;
    let id: string;
    do {
      seq++;
      id = makeId(keyPrefix, seq, this.#pod);
    } while (table?.records.has(id));
    this.#sequence.set(keyPrefix, seq);
    return id;
  }

  // ---- writing ----

  /**
   * Runs `fn` so that if it throws, every write it made is undone. Nested calls join the outer
   * transaction. Ids handed out inside are never reused, as in Salesforce.
   */
  atomically<T>(fn: () => T): T {
    const outer = this.#journal;
    const joins = outer ?? this.#ambientJournal();
    const journal: Array<() => void> = [];
    this.#journal = journal;
    try {
      const result = fn();
      if (joins) joins.push(...journal);
      return result;
    } catch (error) {
      for (let i = journal.length - 1; i >= 0; i--) journal[i]!();
      throw error;
    } finally {
      this.#journal = outer;
    }
  }

  /**
   * Runs an async `fn` (which may answer whole requests) as one transaction: every write made in its
   * async context joins it, and if `fn` rejects they are all undone. Nested calls join the outer one.
   */
  async atomicallyAsync<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.#ambientJournal();
    const tx: AmbientTransaction = { store: this, journal: [], open: true };
    try {
      const result = await ambient.run(tx, fn);
      if (outer) outer.push(...tx.journal);
      return result;
    } catch (error) {
      for (let i = tx.journal.length - 1; i >= 0; i--) tx.journal[i]!();
      throw error;
    } finally {
      tx.open = false;
    }
  }

  #ambientJournal(): Array<() => void> | undefined {
    const tx = ambient.getStore();
    return tx?.store === this && tx.open ? tx.journal : undefined;
  }

  /** Journals `undo` for a change made outside the store (the recycle bin's entries). */
  remember(undo: () => void): void {
    (this.#journal ?? this.#ambientJournal())?.push(undo);
  }

  /** Stores a record, new or replacing the row with its id (journaled, indexes kept). */
  put(table: ObjectTable, record: StoredRecord): void {
    const id = record.fields.Id as string;
    const before = table.records.get(id);
    table.records.set(id, record);
    if (before) this.#unindex(table, before.fields, id);
    this.#index(table, record.fields, id);
    this.remember(() => {
      this.#unindex(table, record.fields, id);
      if (before) {
        table.records.set(id, before);
        this.#index(table, before.fields, id);
      } else table.records.delete(id);
    });
  }

  /** Writes fields onto a record (journaled, indexes kept); no rules applied. */
  patch(record: StoredRecord, changes: Record<string, unknown>): void {
    const fields = record.fields;
    const before: Record<string, unknown> = {};
    const absent: string[] = [];
    const table = this.#tables.get(record.type.toLowerCase());
    const id = fields.Id as string;
    for (const key of Object.keys(changes)) {
      if (Object.hasOwn(fields, key)) before[key] = fields[key];
      else absent.push(key);
      if (table) this.#reindex(table, key, id, fields[key], changes[key]);
      fields[key] = changes[key];
    }
    this.remember(() => {
      if (table) for (const key of Object.keys(changes)) this.#reindex(table, key, id, fields[key], before[key]);
      Object.assign(fields, before);
      for (const key of absent) delete fields[key];
    });
  }

  /** Removes a row for good, unjournaled (purging is the org's own clean-up, never undone); false if none. */
  drop(table: ObjectTable, id: string): boolean {
    const record = table.records.get(id);
    if (!record) return false;
    this.#unindex(table, record.fields, id);
    table.records.delete(id);
    return true;
  }

  #index(table: ObjectTable, fields: Readonly<Record<string, unknown>>, id: string): void {
    for (const [name, index] of table.indexes) index.add(fields[name], id);
    for (const [name, index] of table.references) index.add(fields[name], id);
  }

  #unindex(table: ObjectTable, fields: Readonly<Record<string, unknown>>, id: string): void {
    for (const [name, index] of table.indexes) index.remove(fields[name], id);
    for (const [name, index] of table.references) index.remove(fields[name], id);
  }

  /** Moves row `id` from `from` to `to` in whichever indexes field `key` has. */
  #reindex(table: ObjectTable, key: string, id: string, from: unknown, to: unknown): void {
    const unique = table.indexes.get(key);
    if (unique) {
      unique.remove(from, id);
      unique.add(to, id);
    }
    const reference = table.references.get(key);
    if (reference) {
      reference.remove(from, id);
      reference.add(to, id);
    }
  }
}
