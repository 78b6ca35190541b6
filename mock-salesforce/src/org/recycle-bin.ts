// Deleting as Salesforce does: a delete takes along the records that hang off the deleted one
// (master-detail and cascade-delete children, and what sits on it through a polymorphic link),
// is refused when a restricting lookup points at it, and clears every other lookup to it. What it
// took goes to the recycle bin, from which an undelete brings it all back (cleared lookups
// included) and a purge removes it for good.
import { type FieldDescribe, toId18 } from '@restorelab/salesforce';
import { SalesforceApiError } from '../errors.ts';
import type { OrgClock } from './clock.ts';
import type { WriteContext } from './org.ts';
import type { ObjectTable, RecordStore, StoredRecord } from './record-store.ts';
import { ANY_TARGET, AUDIT_SETTABLE, CASCADE_ANY } from './special-fields.ts';

interface ChildLink {
  table: ObjectTable;
  field: FieldDescribe;
  mode: 'cascade' | 'restrict' | 'clear';
}

interface RecycleEntry {
  deletedAt: number;
  deletedBy: string;
  /** The record whose delete took this one with it; itself for a direct delete. */
  root: string;
  /** Lookups cleared by this delete (restored on undelete). */
  cleared: Array<{ id: string; field: string }>;
}

export class RecycleBin {
  readonly #store: RecordStore;
  readonly #clock: OrgClock;
  /** Every deleted record still in the bin, by id. */
  readonly #entries = new Map<string, RecycleEntry>();
  readonly #childLinks = new Map<string, ChildLink[]>();

  constructor(store: RecordStore, clock: OrgClock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** When a record in the bin was deleted (ms on the org clock). */
  deletedAt(id18: string): number | undefined {
    return this.#entries.get(id18)?.deletedAt;
  }

  /**
   * Deletes `root` and what hangs off it: cascades follow it, a restricting lookup refuses the whole
   * delete, other lookups to it are cleared. Called inside the store's `atomically`, so the delete
   * is undone with the operation (an allOrNone batch) it is part of.
   */
  deleteTree(root: StoredRecord, ctx: WriteContext): void {
    const rootId = root.fields.Id as string;
    const doomed = new Map<string, StoredRecord>([[rootId, root]]);
    const cleared: Array<{ record: StoredRecord; field: string }> = [];
    let frontier: StoredRecord[] = [root];
    while (frontier.length > 0) {
      const byType = new Map<string, Set<string>>();
      for (const r of frontier) {
        const set = byType.get(r.type) ?? new Set<string>();
        byType.set(r.type, set);
        set.add(r.fields.Id as string);
      }
      const next: StoredRecord[] = [];
      for (const [type, ids] of byType) {
        for (const link of this.#childLinksOf(type)) {
          for (const child of link.table.records.values()) {
            const ref = child.fields[link.field.name];
            if (typeof ref !== 'string' || !ids.has(ref) || child.fields.IsDeleted === true) continue;
            const childId = child.fields.Id as string;
            if (doomed.has(childId)) continue;
            if (link.mode === 'cascade') {
              doomed.set(childId, child);
              next.push(child);
            } else if (link.mode === 'restrict') {
              const parent = this.#store.get(ref)!;
              throw new SalesforceApiError(
                'DELETE_FAILED',
                `Your attempt to delete ${displayName(parent)} could not be completed because it is associated with the following ${link.table.describe.label.toLowerCase()}s.: ${displayName(child)}`,
              );
            } else {
              cleared.push({ record: child, field: link.field.name });
            }
          }
        }
      }
      frontier = next;
    }
    const now = this.#clock.now();
    const nowText = this.#clock.nowText();
    const clearedIds: RecycleEntry['cleared'] = [];
    for (const { record, field } of cleared) {
      if (doomed.has(record.fields.Id as string)) continue;
      this.#store.patch(record, { [field]: undefined, LastModifiedDate: nowText, SystemModstamp: nowText });
      delete record.fields[field];
      clearedIds.push({ id: record.fields.Id as string, field });
    }
    for (const [id, record] of doomed) {
      this.#store.patch(record, { IsDeleted: true, SystemModstamp: nowText });
      const entry: RecycleEntry = {
        deletedAt: now,
        deletedBy: ctx.userId,
        root: rootId,
        cleared: id === rootId ? clearedIds : [],
      };
      const before = this.#entries.get(id);
      this.#entries.set(id, entry);
      this.#store.remember(() => (before ? this.#entries.set(id, before) : this.#entries.delete(id)));
    }
  }

  /** Which children follow, block or lose their link when a record of `objectName` is deleted. */
  #childLinksOf(objectName: string): ChildLink[] {
    let links = this.#childLinks.get(objectName);
    if (links) return links;
    links = [];
    const lower = objectName.toLowerCase();
    for (const table of this.#store.tables()) {
      for (const field of table.describe.fields) {
        if (field.type !== 'reference' || field.name === 'RecordTypeId') continue;
        if (AUDIT_SETTABLE.has(field.name) || field.name === 'OwnerId') continue;
        const key = `${table.name}.${field.name}`.toLowerCase();
        if (key === 'contentversion.firstpublishlocationid') continue;
        const targets = (field.referenceTo ?? []).map((n) => n.toLowerCase());
        const points = targets.includes(lower) || ANY_TARGET.has(key);
        if (!points) continue;
        const documentPart = lower === 'contentdocument' && field.name === 'ContentDocumentId';
        const mode =
          field.cascadeDelete || field.masterDetail || CASCADE_ANY.has(key) || documentPart
            ? 'cascade'
            : field.restrictedDelete
              ? 'restrict'
              : 'clear';
        links.push({ table, field, mode });
      }
    }
    this.#childLinks.set(objectName, links);
    return links;
  }

  /**
   * Removes for good every delete one of `ids` was part of, the records it took along included
   * (`Org.purgeDeleted` says why). Live records and unknown ids are left alone. Returns how many
   * records went.
   */
  purge(ids: readonly string[]): number {
    const roots = new Set<string>();
    for (const id of ids) {
      const id18 = id.length === 18 ? id : toId18(id);
      const entry = id18 ? this.#entries.get(id18) : undefined;
      if (entry) roots.add(entry.root);
    }
    if (roots.size === 0) return 0;
    let purged = 0;
    for (const [id, entry] of this.#entries) {
      if (!roots.has(entry.root)) continue;
      const table = this.#store.tableOfId(id);
      if (table && this.#store.drop(table, id)) purged++;
      this.#entries.delete(id);
    }
    return purged;
  }

  /** Brings a directly deleted record back with the records its delete took along; ids are kept. */
  undelete(id18: string, ctx: WriteContext): void {
    const record = this.#store.get(id18);
    if (!record) throw new SalesforceApiError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    const entry = this.#entries.get(id18);
    if (record.fields.IsDeleted !== true || !entry) {
      throw new SalesforceApiError('UNDELETE_FAILED', 'Entity is not in the recycle bin');
    }
    if (entry.root !== id18) {
      throw new SalesforceApiError(
        'UNDELETE_FAILED',
        'Entity is not in the recycle bin: it was deleted with its parent; undelete the parent instead',
      );
    }
    this.#store.atomically(() => {
      // A master-detail parent still deleted blocks the undelete.
      const table = this.#store.table(record.type)!;
      for (const field of table.describe.fields) {
        const ref = record.fields[field.name];
        if (field.masterDetail && typeof ref === 'string' && this.#store.get(ref)?.fields.IsDeleted === true) {
          throw new SalesforceApiError('UNDELETE_FAILED', 'Undelete failed: the master record is deleted');
        }
      }
      const nowText = this.#clock.nowText();
      for (const [otherId, other] of this.#entries) {
        if (other.root !== id18) continue;
        const r = this.#store.get(otherId)!;
        this.#store.patch(r, {
          IsDeleted: false,
          SystemModstamp: nowText,
          LastModifiedDate: nowText,
          LastModifiedById: ctx.userId,
        });
        this.#entries.delete(otherId);
        this.#store.remember(() => this.#entries.set(otherId, other));
      }
      for (const { id: childId, field } of entry.cleared) {
        const child = this.#store.get(childId);
        if (child && child.fields.IsDeleted !== true && child.fields[field] === undefined) {
          this.#store.patch(child, { [field]: id18, SystemModstamp: nowText });
        }
      }
    });
  }
}

function displayName(record: StoredRecord): string {
  const f = record.fields;
  return String(f.Name ?? f.Title ?? f.Subject ?? f.CaseNumber ?? f.ContractNumber ?? f.OrderNumber ?? f.Id);
}
