// One in-memory Salesforce org: its schema, its records (one Map per object, id → compact record),
// its clock, and the API's create, update and delete, which run Salesforce's data rules for each
// write in turn. The rules live beside it: `record-input.ts` reads a write's input (unknown,
// read-only and required fields, defaults, record types), `value-checks.ts` checks values against
// the org (picklists, references, unique fields), `recycle-bin.ts` deletes (cascade, restrict,
// clear, undelete, purge), and object-specific behaviour (files, contracts, leads...) plugs in
// through `object-rules.ts`. Records are kept in a `RecordStore`, whose journal makes a failed
// operation, or an allOrNone batch, leave no trace.
import { type FieldDescribe, type ObjectDescribe, toId18 } from '@restorelab/salesforce';
import { entityIsDeleted, invalidType, malformedId, notFound, readOnlyField, SalesforceApiError } from '../errors.ts';
import { OrgClock } from './clock.ts';
import { compoundName, formatAutoNumber } from './derived-fields.ts';
import { OBJECT_RULES, type ObjectRules } from './object-rules.ts';
import {
  checkRecordType,
  fillDefaults,
  readInput,
  requireOnCreate,
  requireOnUpdate,
  stampCreate,
} from './record-input.ts';
import { type ObjectTable, RecordStore, type StoredRecord } from './record-store.ts';
import { RecycleBin } from './recycle-bin.ts';
import { ValueChecks } from './value-checks.ts';

export type { ObjectTable, StoredRecord } from './record-store.ts';

/** The describe-shaped schema an org is built from (the schema module's OrgSchema). */
export interface OrgSchemaLike {
  objects: ObjectDescribe[];
}

/** Who is writing. `system` writes (seeding, the org's own bookkeeping) skip the API's access rules. */
export interface WriteContext {
  userId: string;
  system?: boolean;
}

export interface OrgOptions {
  schema: OrgSchemaLike;
  /** Distinguishes this org's ids from other orgs' in the same server (3 characters of every id). */
  pod?: string;
  /** "Set Audit Fields upon Record Creation": CreatedDate/ById and LastModifiedDate/ById settable on insert. */
  auditFieldsOnCreate?: boolean;
}

export class Org {
  readonly clock = new OrgClock();
  readonly auditFieldsOnCreate: boolean;
  readonly #store: RecordStore;
  readonly #recycleBin: RecycleBin;
  readonly #checks: ValueChecks;
  /** Next number per auto-number field (`Object.Field`); numbers are never handed out twice. */
  readonly #autoNumbers = new Map<string, number>();
  /** When the org's metadata last changed (org clock, ms): what `If-Modified-Since` on describes compares. */
  #schemaChangedAt: number;

  constructor(options: OrgOptions) {
    this.auditFieldsOnCreate = options.auditFieldsOnCreate ?? true;
    this.#store = new RecordStore(options.schema.objects, options.pod ?? '5g0');
    this.#recycleBin = new RecycleBin(this.#store, this.clock);
    this.#checks = new ValueChecks(this.#store);
    this.#schemaChangedAt = this.clock.now();
  }

  /** When the metadata last changed (ms on the org clock). */
  get schemaChangedAt(): number {
    return this.#schemaChangedAt;
  }

  /** Records a metadata change (whoever edits a describe in place calls this), so cached describes revalidate. */
  touchSchema(): void {
    this.#schemaChangedAt = Math.max(this.clock.now(), this.#schemaChangedAt + 1);
  }

  // ---- reading ----

  /** Case-insensitive lookup of an object's table. */
  table(objectName: string): ObjectTable | undefined {
    return this.#store.table(objectName);
  }

  tables(): IterableIterator<ObjectTable> {
    return this.#store.tables();
  }

  describe(objectName: string): ObjectDescribe | undefined {
    return this.table(objectName)?.describe;
  }

  /** Live and deleted rows of an object (the SOQL data source contract). */
  records(objectName: string): Iterable<StoredRecord> {
    return this.table(objectName)?.records.values() ?? [];
  }

  /** Any record, live or deleted, by a 15- or 18-character id. */
  get(id: string): StoredRecord | undefined {
    return this.#store.get(id);
  }

  /** Ids of the rows of an object pointing at `id18` through `fieldName`, when that field is indexed. */
  referencing(objectName: string, fieldName: string, id18: string): Iterable<string> | undefined {
    const table = this.table(objectName);
    return table ? this.#store.referencing(table, fieldName, id18) : undefined;
  }

  tableOfId(id18: string): ObjectTable | undefined {
    return this.#store.tableOfId(id18);
  }

  recordCount(): number {
    return this.#store.recordCount();
  }

  deletedAt(id18: string): number | undefined {
    return this.#recycleBin.deletedAt(id18);
  }

  /**
   * The values a record type allows for a picklist: the record type's own list when the schema
   * gives one (the master's included), otherwise every active value.
   */
  allowedPicklistValues(table: ObjectTable, field: FieldDescribe, recordTypeId: string): ReadonlySet<string> {
    return this.#checks.allowedPicklistValues(table, field, recordTypeId);
  }

  // ---- transactions ----

  /**
   * Runs `fn` so that if it throws, every write it made is undone. Nested calls join the outer
   * transaction. Ids handed out inside are never reused, as in Salesforce.
   */
  atomically<T>(fn: () => T): T {
    return this.#store.atomically(fn);
  }

  /**
   * The async form of `atomically`, for work that spans requests (Composite allOrNone, a Composite
   * Graph graph): every write made in `fn`'s async context is undone if it rejects.
   */
  atomicallyAsync<T>(fn: () => Promise<T>): Promise<T> {
    return this.#store.atomicallyAsync(fn);
  }

  /** Writes fields onto a record (journaled, indexes kept); no rules applied. */
  patch(record: StoredRecord, changes: Record<string, unknown>): void {
    this.#store.patch(record, changes);
  }

  // ---- ids ----

  /** A fresh id with the object's key prefix, never handed out before in this org. */
  newId(keyPrefix: string): string {
    return this.#store.newId(keyPrefix);
  }

  /** Parses an id the client sent, refusing malformed ones with MALFORMED_ID. */
  parseId(text: unknown, label = 'Record ID'): string {
    const id18 = typeof text === 'string' ? toId18(text) : undefined;
    if (!id18) throw malformedId(label, String(text));
    return id18;
  }

  // ---- create ----

  /**
   * Inserts a record from API input and returns its 18-character id.
   * @example org.create('Account', { Name: 'Acme' }, { userId })
   */
  create(objectName: string, input: Record<string, unknown>, ctx: WriteContext, forcedId?: string): string {
    const table = this.table(objectName);
    if (!table) throw invalidType(objectName);
    return this.atomically(() => this.#create(table, input, ctx, forcedId));
  }

  #create(table: ObjectTable, input: Record<string, unknown>, ctx: WriteContext, forcedId?: string): string {
    const describe = table.describe;
    const rules: ObjectRules | undefined = OBJECT_RULES[table.name];
    if (!ctx.system && (!describe.createable || rules?.createable === false)) {
      throw new SalesforceApiError('INVALID_TYPE_FOR_OPERATION', `entity type ${table.name} does not support insert`);
    }
    const values = readInput(table, input, 'insert', ctx, this.auditFieldsOnCreate);
    const now = this.clock.nowText();

    fillDefaults(table, values, ctx);
    if (table.fieldByLower.has('recordtypeid')) {
      values.RecordTypeId = checkRecordType(table, values.RecordTypeId ?? null);
    }
    rules?.beforeCreate?.(this, table, values, ctx);
    this.#fillDerived(table, values);
    requireOnCreate(table, values);

    this.#checks.checkValues(table, values, Object.keys(values), values.RecordTypeId as string | undefined, ctx);

    const id = forcedId ?? this.newId(describe.keyPrefix);
    const fields: Record<string, unknown> = { Id: id };
    for (const field of describe.fields) {
      if (field.name === 'Id') continue;
      const v = values[field.name];
      if (v !== undefined && v !== null) fields[field.name] = v;
    }
    if (table.fieldByLower.has('isdeleted')) fields.IsDeleted = false;
    stampCreate(table, fields, values, ctx, now);
    const record: StoredRecord = { type: table.name, fields };
    this.#store.put(table, record);
    rules?.afterCreate?.(this, table, record, ctx);
    return id;
  }

  /** Compound name and auto-numbers for a new record (a system write may bring its own numbers). */
  #fillDerived(table: ObjectTable, values: Record<string, unknown>): void {
    const { compoundName: compound, autoNumbers } = table.derived;
    if (compound) values.Name = compoundName(values);
    for (const auto of autoNumbers) {
      if (values[auto.field.name] !== undefined && values[auto.field.name] !== null) continue;
      const key = `${table.name}.${auto.field.name}`;
      const n = this.#autoNumbers.get(key) ?? auto.startingNumber;
      this.#autoNumbers.set(key, n + 1);
      values[auto.field.name] = formatAutoNumber(auto.displayFormat, n, new Date(this.clock.now()));
    }
  }

  // ---- update ----

  /** Updates a live record from API input. `objectName` (when given) must be the record's object. */
  update(objectName: string | undefined, id: unknown, input: Record<string, unknown>, ctx: WriteContext): string {
    const record = this.#liveRecordForWrite(objectName, id);
    const table = this.table(record.type)!;
    this.atomically(() => this.#update(table, record, input, ctx));
    return record.fields.Id as string;
  }

  #update(table: ObjectTable, record: StoredRecord, input: Record<string, unknown>, ctx: WriteContext): void {
    const rules = OBJECT_RULES[table.name];
    if (!ctx.system && (!table.describe.updateable || rules?.updateable === false)) {
      throw new SalesforceApiError('INVALID_TYPE_FOR_OPERATION', `entity type ${table.name} does not support update`);
    }
    const values = readInput(table, input, 'update', ctx, this.auditFieldsOnCreate);
    // Master-detail reparenting needs the field to allow it.
    if (!ctx.system) {
      const reparented = Object.keys(values).filter((name) => {
        const f = table.fieldByLower.get(name.toLowerCase())!;
        return f.masterDetail && !f.updateableMasterDetail && !sameValue(values[name], record.fields[name]);
      });
      if (reparented.length > 0) throw readOnlyField(reparented);
    }
    rules?.beforeUpdate?.(this, table, record, values, ctx);
    requireOnUpdate(table, values);
    let recordTypeId = record.fields.RecordTypeId as string | undefined;
    if (Object.hasOwn(values, 'RecordTypeId')) {
      recordTypeId = checkRecordType(table, values.RecordTypeId);
      values.RecordTypeId = recordTypeId;
    }
    this.#checks.checkValues(table, values, Object.keys(values), recordTypeId, ctx, record.fields.Id as string);
    const changes: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(values)) changes[name] = v === null ? undefined : v;
    if (table.derived.compoundName && ('FirstName' in changes || 'LastName' in changes)) {
      changes.Name = compoundName({ ...record.fields, ...changes });
    }
    const now = this.clock.nowText();
    if (table.fieldByLower.has('lastmodifieddate')) changes.LastModifiedDate = now;
    if (table.fieldByLower.has('lastmodifiedbyid')) changes.LastModifiedById = ctx.userId;
    if (table.fieldByLower.has('systemmodstamp')) changes.SystemModstamp = now;
    this.patch(record, changes);
    for (const [name, v] of Object.entries(changes)) if (v === undefined) delete record.fields[name];
    rules?.afterUpdate?.(this, table, record, values, ctx);
  }

  /** The live record an update or delete targets, with Salesforce's errors for the other cases. */
  #liveRecordForWrite(objectName: string | undefined, id: unknown): StoredRecord {
    if (objectName !== undefined && !this.table(objectName)) throw invalidType(objectName);
    const id18 = this.parseId(id);
    const record = this.get(id18);
    if (!record || (objectName !== undefined && record.type.toLowerCase() !== objectName.toLowerCase())) {
      throw new SalesforceApiError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', { status: 404 });
    }
    if (record.fields.IsDeleted === true) throw entityIsDeleted();
    return record;
  }

  // ---- delete / undelete ----

  /** Deletes a record and what hangs off it (cascade, restrict, clear), into the recycle bin. */
  delete(objectName: string | undefined, id: unknown, ctx: WriteContext): string {
    const record = this.#liveRecordForWrite(objectName, id);
    const table = this.table(record.type)!;
    const rules = OBJECT_RULES[table.name];
    if (!ctx.system && (!table.describe.deletable || rules?.deletable === false)) {
      throw new SalesforceApiError(
        'DELETE_FAILED',
        rules?.deleteRefusal ?? `entity type ${table.name} cannot be deleted`,
      );
    }
    this.atomically(() => {
      rules?.beforeDelete?.(this, table, record, ctx);
      this.#recycleBin.deleteTree(record, ctx);
    });
    return record.fields.Id as string;
  }

  /**
   * Removes deleted records for good: each given record that sits in the recycle bin, with every
   * record its delete took along (or, for a record taken along, the whole delete it was part of).
   * Live records and unknown ids are left alone. This is the org's own clean-up (Salesforce empties
   * the oldest entries when the recycle bin is full), done at once: an org that lives through
   * thousands of create-and-delete runs stays as small as the data it holds, so queries and deletes,
   * which look at deleted rows too, do not slow down as the run goes on. Returns how many records went.
   */
  purgeDeleted(ids: readonly string[]): number {
    return this.#recycleBin.purge(ids);
  }

  /** Brings a directly deleted record back with the records its delete took along; ids are kept. */
  undelete(id: unknown, ctx: WriteContext): string {
    const id18 = this.parseId(id);
    this.#recycleBin.undelete(id18, ctx);
    return id18;
  }

  // ---- reading for the API ----

  /** A live record for GET, with 404 NOT_FOUND / ENTITY_IS_DELETED as Salesforce answers. */
  retrieve(objectName: string, id: unknown): StoredRecord {
    const table = this.table(objectName);
    if (!table) throw notFound();
    const id18 = this.parseId(id, `${table.describe.label} ID`);
    const record = table.records.get(id18);
    if (!record) throw notFound();
    if (record.fields.IsDeleted === true) throw entityIsDeleted(404);
    return record;
  }

  /** Live records of an object whose `field` equals `value` (text compared case-insensitively). */
  findBy(objectName: string, fieldName: string, value: unknown): StoredRecord[] {
    const table = this.table(objectName);
    const field = table?.fieldByLower.get(fieldName.toLowerCase());
    return table && field ? this.#store.holders(table, field, value) : [];
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return toId18(a) === toId18(b) || a === b;
  return (a ?? null) === (b ?? null);
}
