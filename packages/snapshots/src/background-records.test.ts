// Records queued to the background writer (a worker thread with its own connection) must end up
// exactly as records written directly: same versions, links, search text and counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeId } from '@restorelab/salesforce';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { searchSnapshot } from './search.ts';
import type { RecordInput } from './snapshot-writer.ts';
import { openSnapshotStore, type SnapshotStore } from './store.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const ORG = '00D5g0000000001AAA';
const user = makeId('005', 1);

function records(from: number, count: number): RecordInput[] {
  return Array.from({ length: count }, (_, i) => ({
    type: 'Contact',
    fields: {
      Id: makeId('003', from + i),
      LastName: `Queued${from + i}`,
      AccountId: makeId('001', 1),
      OwnerId: user,
      LastModifiedDate: '2026-01-01T00:00:00.000+0000',
      SystemModstamp: `2026-01-0${1 + ((from + i) % 9)}T00:00:00.000+0000`,
    },
  }));
}

let dir: string;
let store: SnapshotStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'snapshots-queued-'));
  store = openSnapshotStore(dir);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('queued records', () => {
  it('writes queued pages like addRecords: versions shared, links, search and counts', async () => {
    const direct = store.beginSnapshot({ orgId: ORG, takenAt: '2026-02-01T00:00:00Z' });
    direct.addRecords(records(0, 300));
    direct.commit();

    const w = store.beginSnapshot({ orgId: ORG, takenAt: '2026-02-02T00:00:00Z' });
    for (let from = 0; from < 1200; from += 200) await w.queueRecords(records(from, 200));
    await w.recordsWritten();
    const info = w.commit();

    expect(info.counts.records).toBe(1200);
    expect(w.stats.records).toBe(1200);
    // The first 300 were stored by the direct snapshot: the same content is one version.
    expect(w.stats.newRecordVersions).toBe(900);
    expect(store.objectCounts(info.id)).toEqual([{ type: 'Contact', count: 1200 }]);
    expect(store.record(info.id, makeId('003', 1000))?.fields.LastName).toBe('Queued1000');
    expect(store.children(info.id, makeId('001', 1))).toHaveLength(1200);
    expect(searchSnapshot(store, info.id, 'Queued1100').items.map((h) => h.id)).toEqual([makeId('003', 1100)]);
  });

  it('refuses other writer calls while pages are queued, and refuses a bad record', async () => {
    const w = store.beginSnapshot({ orgId: ORG });
    const queued = w.queueRecords(records(0, 10));
    expect(() => w.commit()).toThrow(expect.objectContaining({ code: 'WRITER_BUSY' }));
    await queued;
    await w.recordsWritten();
    // A bad record is refused before anything of its page is handed over.
    await expect(w.queueRecords([{ type: 'Contact', fields: { LastName: 'no id' } }])).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await w.recordsWritten();
    expect(w.stats.records).toBe(10);
    w.abort();
    expect(store.listSnapshots(ORG)).toEqual([]);
  });

  it('leaves no row behind when the snapshot is aborted while pages are queued', async () => {
    const w = store.beginSnapshot({ orgId: ORG });
    await w.queueRecords(records(0, 50));
    w.abort();
    // The worker (still starting) meets the page after the abort and refuses it; had it written the
    // page first, the abort would have discarded it. Either way the page is answered and nothing stays.
    const outcome = await w.recordsWritten().then(
      () => 'written then discarded',
      (err: { code?: string }) => err.code,
    );
    expect(['written then discarded', 'WRITER_CLOSED']).toContain(outcome);
    const rows = store.db.prepare('SELECT count(*) AS n FROM snapshot_records').get() as { n: number };
    expect(rows.n).toBe(0);
  });
});
