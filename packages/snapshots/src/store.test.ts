import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeId } from '@restorelab/salesforce';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SnapshotError } from './errors.ts';
import type { RecordInput } from './snapshot-writer.ts';
import { openSnapshotStore, type SnapshotStore } from './store.ts';

// The machine is shared: under load, real HTTP and SQLite work can outlast vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const ORG = '00D5g0000000001AAA';
const user = makeId('005', 1);
const acc1 = makeId('001', 1);
const acc2 = makeId('001', 2);
const con1 = makeId('003', 1);
const con2 = makeId('003', 2);
const proj = makeId('a00', 1);
const task = makeId('a01', 1);

function account(id: string, name: string, modified = '2026-01-01T00:00:00.000+0000'): RecordInput {
  return {
    type: 'Account',
    fields: { Id: id, Name: name, OwnerId: user, CreatedById: user, LastModifiedDate: modified },
  };
}
function contact(id: string, accountId: string, lastName: string): RecordInput {
  return {
    type: 'Contact',
    fields: {
      Id: id,
      LastName: lastName,
      AccountId: accountId,
      OwnerId: user,
      LastModifiedDate: '2026-01-01T00:00:00.000+0000',
    },
  };
}

let dir: string;
let store: SnapshotStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'snapshots-'));
  store = openSnapshotStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function snapshotOf(records: RecordInput[], takenAt: string) {
  const w = store.beginSnapshot({ orgId: ORG, takenAt });
  w.addRecords(records);
  return { info: w.commit(), stats: w.stats };
}

describe('snapshot store', () => {
  it('stores an unchanged record version once and shares it between snapshots', () => {
    const base = [account(acc1, 'Acme'), account(acc2, 'Globex'), contact(con1, acc1, 'Ng')];
    const first = snapshotOf(base, '2026-01-01T00:00:00Z');
    const second = snapshotOf(base, '2026-01-02T00:00:00Z');
    expect(first.stats.newRecordVersions).toBe(3);
    expect(second.stats.newRecordVersions).toBe(0);
    const versions = store.db.prepare('SELECT count(*) AS n FROM record_versions').get() as { n: number };
    expect(versions.n).toBe(3);
    expect(store.listSnapshots(ORG).map((s) => s.id)).toEqual([second.info.id, first.info.id]);
    expect(second.info.counts.records).toBe(3);
  });

  it('lists snapshots newest first, the later of two begun at once first, as latestSnapshot says', () => {
    const at = '2026-01-03T00:00:00Z';
    const older = snapshotOf([account(acc1, 'Acme')], '2026-01-01T00:00:00Z').info;
    const a = snapshotOf([account(acc1, 'Acme')], at).info;
    const b = snapshotOf([account(acc1, 'Acme')], at).info;
    expect(store.listSnapshots(ORG).map((s) => s.id)).toEqual([b.id, a.id, older.id]);
    expect(store.listSnapshots().map((s) => s.id)).toEqual([b.id, a.id, older.id]);
    expect(store.latestSnapshot(ORG)?.id).toBe(b.id);
  });

  it('answers each snapshot as of its own time', () => {
    const s1 = snapshotOf([account(acc1, 'Acme'), contact(con1, acc1, 'Ng')], '2026-01-01T00:00:00Z').info;
    const s2 = snapshotOf(
      [account(acc1, 'Acme Corp', '2026-01-02T00:00:00.000+0000'), account(acc2, 'Globex')],
      '2026-01-02T00:00:00Z',
    ).info;
    expect(store.record(s1.id, acc1)?.fields.Name).toBe('Acme');
    expect(store.record(s2.id, acc1)?.fields.Name).toBe('Acme Corp');
    expect(store.record(s1.id, acc2)).toBeUndefined();
    expect(store.record(s2.id, con1)).toBeUndefined();
    // 15-character ids name the same record.
    expect(store.record(s2.id, acc1.slice(0, 15))?.id).toBe(acc1);
    expect(store.latestSnapshot(ORG)?.id).toBe(s2.id);
    expect(store.snapshotAsOf(ORG, '2026-01-01T12:00:00Z')?.id).toBe(s1.id);
    expect(store.snapshotAsOf(ORG, '2025-12-31T00:00:00Z')).toBeUndefined();
    const history = store.history(ORG, acc1);
    expect(history.map((h) => [h.snapshot.id, h.record.fields.Name, h.changed])).toEqual([
      [s1.id, 'Acme', true],
      [s2.id, 'Acme Corp', true],
    ]);
    expect(store.objectCounts(s2.id)).toEqual([{ type: 'Account', count: 2 }]);
  });

  it('finds descendants transitively, through loops, never through owner or audit links', () => {
    const s = snapshotOf(
      [
        // the root itself points at the task beneath it: acc1 -> task -> proj -> acc1 is a loop
        { type: 'Account', fields: { ...account(acc1, 'Acme').fields, Task__c: task } },
        account(acc2, 'Globex'),
        contact(con1, acc1, 'Ng'),
        contact(con2, acc2, 'Other'),
        { type: 'Project__c', fields: { Id: proj, Name: 'P', Contact__c: con1, Account__c: acc1 } },

        { type: 'Task__c', fields: { Id: task, Name: 'T', Project__c: proj } },
        { type: 'Account', fields: { Id: makeId('001', 3), Name: 'Loop', Task__c: task } },
      ],
      '2026-01-01T00:00:00Z',
    ).info;
    const ids = store.descendants(s.id, acc1).map((r) => r.id);
    expect(new Set(ids)).toEqual(new Set([con1, proj, task, makeId('001', 3)]));
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids).not.toContain(acc1);
    // The user everyone points at through OwnerId/CreatedById has no descendants.
    expect(store.descendants(s.id, user)).toEqual([]);
    expect(
      store
        .children(s.id, acc1)
        .map((c) => c.record.id)
        .sort(),
    ).toEqual([con1, proj].sort());
  });

  it('keeps an aborted or unfinished snapshot invisible', () => {
    const w = store.beginSnapshot({ orgId: ORG, takenAt: '2026-01-01T00:00:00Z' });
    w.addRecords([account(acc1, 'Acme')]);
    expect(store.listSnapshots(ORG)).toEqual([]);
    expect(() => store.record(w.id, acc1)).toThrow(SnapshotError);
    w.abort();
    expect(store.listSnapshots(ORG)).toEqual([]);
    const left = store.beginSnapshot({ orgId: ORG });
    left.addRecords([account(acc2, 'Globex')]);
    expect(store.discardIncomplete()).toBe(1);
    expect(store.listSnapshots(ORG)).toEqual([]);
  });

  it('reports a blob whose content no longer matches its hash, naming it', async () => {
    const w = store.beginSnapshot({ orgId: ORG });
    const put = await w.putBlob('hello file');
    const again = await w.putBlob('hello file');
    expect(again).toEqual({ ...put, added: false });
    expect(w.stats.blobsAdded).toBe(1);
    expect((await store.readBlob(put.hash)).toString()).toBe('hello file');
    expect(await store.blobs.size(put.hash)).toBe('hello file'.length);
    expect(await store.blobs.size('0'.repeat(64))).toBeUndefined();
    writeFileSync(join(dir, 'blobs', put.hash.slice(0, 2), put.hash.slice(2)), 'tampered!!');
    await expect(store.readBlob(put.hash)).rejects.toMatchObject({ code: 'BLOB_CORRUPT', item: put.hash });
    await expect(store.blobStream(put.hash)).rejects.toMatchObject({ code: 'BLOB_CORRUPT', item: put.hash });
    await expect(store.readBlob('0'.repeat(64))).rejects.toMatchObject({ code: 'BLOB_MISSING' });
    expect(readdirSync(join(dir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('refuses a damaged record row and a file that is not a store', () => {
    const s = snapshotOf([account(acc1, 'Acme')], '2026-01-01T00:00:00Z').info;
    store.db.prepare("UPDATE record_versions SET fields = replace(fields, 'Acme', 'Evil')").run();
    expect(() => store.record(s.id, acc1)).toThrow(expect.objectContaining({ code: 'RECORD_CORRUPT', item: acc1 }));
    const bad = mkdtempSync(join(tmpdir(), 'snapshots-bad-'));
    writeFileSync(join(bad, 'store.sqlite'), 'this is not sqlite at all, not even close '.repeat(200));
    try {
      expect(() => openSnapshotStore(bad)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  it("opens a store made before snapshots kept the org's describe time, adding the column", () => {
    const w = store.beginSnapshot({ orgId: ORG });
    w.setSchema({ objects: [] }, '2026-03-04T09:59:58.000Z');
    w.commit();
    const old = store.beginSnapshot({ orgId: ORG });
    old.commit();
    store.db.exec('ALTER TABLE snapshots DROP COLUMN described_at');
    store.close();
    store = openSnapshotStore(dir);
    const [first, second] = store.listSnapshots(ORG);
    expect(first?.describedAt).toBeUndefined();
    expect(second?.describedAt).toBeUndefined();
    const next = store.beginSnapshot({ orgId: ORG });
    next.setSchema({ objects: [] }, '2026-03-04T10:00:01.000Z');
    next.commit();
    expect(store.latestSnapshot(ORG)?.describedAt).toBe('2026-03-04T10:00:01.000Z');
  });

  it("gives a schema made of the previous snapshot's own parts that snapshot's hash, and any other schema its content's", () => {
    type Schema = Parameters<ReturnType<SnapshotStore['beginSnapshot']>['setSchema']>[0];
    const schemaOf = (label: string) =>
      ({
        objects: [
          { name: 'Account', label, keyPrefix: '001', fields: [], recordTypeInfos: [], childRelationships: [] },
        ],
        global: [{ name: 'Account', queryable: true, keyPrefix: '001' }],
      }) as unknown as Schema;
    const take = (schema: Schema) => {
      const w = store.beginSnapshot({ orgId: ORG });
      w.setSchema(schema);
      return w.commit().id;
    };
    const first = take(schemaOf('Account'));
    const base = store.schema(first);
    // The very parts (what a backup sends after a 304): the previous hash, and no new schema row.
    const reused = take({ objects: [...base.objects], global: base.global as Schema['global'] });
    expect(store.schemaHash(reused)).toBe(store.schemaHash(first));
    // An equal copy hashes to the same content; a changed describe does not.
    const copied = take(structuredClone({ objects: [...base.objects], global: [...(base.global ?? [])] }));
    expect(store.schemaHash(copied)).toBe(store.schemaHash(first));
    const changed = take({ ...schemaOf('Client'), global: store.schema(copied).global as Schema['global'] });
    expect(store.schemaHash(changed)).not.toBe(store.schemaHash(first));
    expect(store.schema(changed).objects[0]?.label).toBe('Client');
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM schemas').get() as { n: number }).n).toBe(2);
  });

  it('reports damaged database pages as a corrupt store, naming the file', () => {
    const w = store.beginSnapshot({ orgId: ORG });
    w.addRecords(Array.from({ length: 2000 }, (_, i) => account(makeId('001', 100 + i), `Account ${i}`)));
    w.commit();
    store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    store.close();
    const path = join(dir, 'store.sqlite');
    const fd = openSync(path, 'r+');
    // Overwrite every b-tree page header after the first with an invalid page type.
    for (let offset = 4096; offset < statSync(path).size; offset += 4096) {
      writeSync(fd, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0d, 0x00, 0x01]), 0, 7, offset);
    }
    closeSync(fd);
    expect(() => openSnapshotStore(dir)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT', item: path }));
    // afterEach closes and removes whatever store the test leaves: give it a fresh one.
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'snapshots-'));
    store = openSnapshotStore(dir);
  });
});

describe('ids restored under new ids (R08)', () => {
  it('answers the latest new id of each old id asked, in the form asked, for that org only', () => {
    const other = '00D5g0000000002AAA';
    // More ids than one lookup takes, so the answer spans several.
    const old = Array.from({ length: 1_203 }, (_, i) => makeId('001', 100 + i));
    const renewed = old.map((_, i) => makeId('001', 5_000 + i));
    expect(store.restoredIdsOf(ORG, old).size).toBe(0);
    store.recordRestoredIds(ORG, Object.fromEntries(old.map((id, i) => [id, renewed[i]!])));
    // Restored again later: the newer id wins.
    store.recordRestoredIds(ORG, { [old[7]!]: makeId('001', 9_999) });
    store.recordRestoredIds(other, { [old[0]!]: makeId('001', 8_888) });

    const asked = [...old, old[3]!.slice(0, 15), makeId('001', 99)];
    const found = store.restoredIdsOf(ORG, asked);
    expect(found.size).toBe(old.length + 1);
    expect(found.get(old[0]!)).toBe(renewed[0]);
    expect(found.get(old[1_202]!)).toBe(renewed[1_202]);
    expect(found.get(old[7]!)).toBe(makeId('001', 9_999));
    expect(found.get(old[3]!.slice(0, 15))).toBe(renewed[3]);
    expect(found.has(makeId('001', 99))).toBe(false);
    expect(store.restoredIdsOf(other, old)).toEqual(new Map([[old[0]!, makeId('001', 8_888)]]));
  });
});
