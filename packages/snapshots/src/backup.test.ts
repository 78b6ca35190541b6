// Backup through jsforce over real HTTP against the mock org: back up the demo org, back it up again
// unchanged, change it through jsforce, back it up a third time.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FaultRule, type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import type { RetryPolicy } from '@restorelab/salesforce/client';
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BackupProgress, type BackupReport, backupOrg } from './backup.ts';
import { listFolder } from './browse.ts';
import { openSnapshotStore, type SnapshotStore } from './store.ts';

// The machine is shared: under load, real HTTP and SQLite work can outlast vitest's 5 s default.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

let mock: MockServer;
let conn: Connection;
let dir: string;
let store: SnapshotStore;
let first: BackupReport;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  conn = new jsforce.Connection({ loginUrl: mock.loginUrl });
  await conn.login(mock.username, mock.password);
  dir = mkdtempSync(join(tmpdir(), 'snapshots-backup-'));
  store = openSnapshotStore(dir);
  mock.admin.resetApiCalls();
  first = await backupOrg(conn, store);
});
afterAll(async () => {
  store?.close();
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A retry policy that never waits; `onSleep` runs where it would have waited (between tries). */
function noWait(onSleep: () => void = () => {}): RetryPolicy {
  return {
    maxAttempts: 5,
    baseDelayMs: 1,
    maxDelayMs: 1,
    sleep: async () => {
      onSleep();
    },
  };
}

/** Runs `body` with `n` empty stores, removed afterwards. */
async function withFreshStores<T>(n: number, body: (stores: SnapshotStore[]) => Promise<T>): Promise<T> {
  const dirs = Array.from({ length: n }, () => mkdtempSync(join(tmpdir(), 'snapshots-fresh-')));
  const stores = dirs.map((d) => openSnapshotStore(d));
  try {
    return await body(stores);
  } finally {
    for (const s of stores) s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

describe('backupOrg against the mock over HTTP', () => {
  it('backs up every data object, its schema, files with links and attachments', async () => {
    expect(first.orgId).toBe(mock.orgId);
    expect(first.objects.Account).toBeGreaterThan(0);
    expect(first.objects.Contact).toBeGreaterThan(0);
    expect(first.skippedObjects.map((s) => s.name)).toContain('ContentVersion');
    expect(first.snapshot.counts.files).toBeGreaterThan(0);
    expect(first.snapshot.counts.attachments).toBeGreaterThan(0);
    expect(first.newRecordVersions).toBe(first.snapshot.counts.records);
    // Counted calls match what the org saw (login is not a REST call).
    expect(first.apiCalls).toBe(mock.admin.apiCalls().apiCalls);

    const schema = store.schema(first.snapshot.id);
    const account = schema.objects.find((o) => o.name === 'Account');
    expect(account?.fields.some((f) => f.name === 'Name')).toBe(true);
    expect(schema.objects.some((o) => o.fields.some((f) => f.masterDetail))).toBe(true);

    const live = await conn.query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account');
    for (const a of live.records) expect(store.record(first.snapshot.id, a.Id)?.fields.Name).toBe(a.Name);
  });

  it('stores only the latest version of each file, with content and sharing as the org has them', async () => {
    const latest = await conn.query<{ Id: string; ContentDocumentId: string }>(
      'SELECT Id, ContentDocumentId FROM ContentVersion WHERE IsLatest = true',
    );
    expect(latest.records.length).toBe(first.snapshot.counts.files);
    for (const v of latest.records) {
      const file = store.file(first.snapshot.id, v.ContentDocumentId);
      expect(file?.latestVersionId).toBe(v.Id);
      const body = await conn.request<string>(`/sobjects/ContentVersion/${v.Id}/VersionData`);
      expect((await store.readBlob(file!.contentHash)).toString()).toBe(String(body));
      const links = await conn.query<{ LinkedEntityId: string }>(
        `SELECT LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId = '${v.ContentDocumentId}'`,
      );
      expect(file!.links.map((l) => l.linkedEntityId).sort()).toEqual(
        links.records.map((l) => l.LinkedEntityId).sort(),
      );
    }
    const attachments = listFolder(store, first.snapshot.id, 'Attachments').entries;
    expect(attachments.length).toBe(first.snapshot.counts.attachments);
  });

  it('finds the three-level master-detail hierarchy beneath its top record', () => {
    const schema = store.schema(first.snapshot.id);
    const details = schema.objects.filter((o) => o.custom && o.fields.some((f) => f.masterDetail));
    const detailNames = new Set(details.map((o) => o.name));
    const tops = schema.objects.filter((o) => o.custom && !detailNames.has(o.name));
    let deepest = 0;
    for (const top of tops) {
      for (const r of store.recordsOfType(first.snapshot.id, top.name).items) {
        const types = new Set(store.descendants(first.snapshot.id, r.id).map((d) => d.type));
        deepest = Math.max(deepest, [...types].filter((t) => detailNames.has(t)).length);
      }
    }
    expect(deepest).toBeGreaterThanOrEqual(2);
  });

  it('adds no record versions and no blobs when the org has not changed', async () => {
    const events: BackupProgress[] = [];
    const again = await backupOrg(conn, store, { onProgress: (p) => events.push(p) });
    expect(again.newRecordVersions).toBe(0);
    expect(again.newFileVersions).toBe(0);
    expect(again.newAttachmentVersions).toBe(0);
    expect(again.blobsAdded).toBe(0);
    expect(again.blobsReused).toBe(first.snapshot.counts.files + first.snapshot.counts.attachments);
    expect(again.apiCalls).toBeLessThan(first.apiCalls);
    expect(again.snapshot.counts).toEqual(first.snapshot.counts);
    expect(events.map((e) => e.phase)).toEqual(expect.arrayContaining(['describe', 'records', 'files', 'commit']));
  });

  it('after changes, shares unchanged versions and answers each snapshot as of its own time', async () => {
    const accounts = (await conn.query<{ Id: string; Name: string }>('SELECT Id, Name FROM Account')).records;
    const contacts = (await conn.query<{ Id: string; AccountId: string | null }>('SELECT Id, AccountId FROM Contact'))
      .records;
    const renamed = accounts[0]!;
    const untouched = contacts[0]!;
    // Remove the contact with the fewest records pointing at it. Its delete clears some lookups (those records
    // change: new versions) and may cascade to others (those records go): count both from the org.
    const referrers = new Map<string, Array<{ type: string; id: string }>>();
    for (const rel of (await conn.sobject('Contact').describe()).childRelationships) {
      const rows = await conn
        .query<Record<string, string>>(`SELECT Id, ${rel.field} FROM ${rel.childSObject} WHERE ${rel.field} != null`)
        .catch(() => ({ records: [] as Array<Record<string, string>>, done: true, totalSize: 0 }));
      for (const row of rows.records) {
        const key = String(row[rel.field]).slice(0, 15);
        referrers.set(key, [...(referrers.get(key) ?? []), { type: rel.childSObject, id: String(row.Id) }]);
      }
    }
    // `untouched` must stay unchanged, so it may not be one of the records that point at the removed contact.
    const candidates = contacts.filter(
      (c) => c.Id !== untouched.Id && !(referrers.get(c.Id.slice(0, 15)) ?? []).some((r) => r.id === untouched.Id),
    );
    const removed = [...candidates].sort(
      (a, b) => (referrers.get(a.Id.slice(0, 15))?.length ?? 0) - (referrers.get(b.Id.slice(0, 15))?.length ?? 0),
    )[0]!;
    const pointing = referrers.get(removed.Id.slice(0, 15)) ?? [];
    await conn.sobject('Account').update({ Id: renamed.Id, Name: `${renamed.Name} (renamed)` });
    await conn.sobject('Contact').destroy(removed.Id);
    const created = await conn.sobject('Account').create({ Name: 'Brand New Ltd' });
    const createdId = (created as { id: string }).id;

    let cleared = 0;
    for (const r of pointing) {
      const still = await conn.query(`SELECT COUNT() FROM ${r.type} WHERE Id = '${r.id}'`);
      cleared += still.totalSize;
    }
    const cascaded = pointing.length - cleared;

    const later = await backupOrg(conn, store);
    const before = first.snapshot.id;
    const after = later.snapshot.id;
    // The renamed account, the new account, and every record whose lookup to the removed contact was cleared.
    expect(later.newRecordVersions).toBe(2 + cleared);
    expect(later.snapshot.counts.records).toBe(first.snapshot.counts.records - cascaded);

    expect(store.record(before, renamed.Id)?.fields.Name).toBe(renamed.Name);
    expect(store.record(after, renamed.Id)?.fields.Name).toBe(`${renamed.Name} (renamed)`);
    expect(store.record(before, removed.Id)).toBeDefined();
    expect(store.record(after, removed.Id)).toBeUndefined();
    expect(store.record(before, createdId)).toBeUndefined();
    expect(store.record(after, createdId)?.fields.Name).toBe('Brand New Ltd');

    const history = store.history(mock.orgId, untouched.Id);
    expect(history.length).toBe(3);
    expect(history.map((h) => h.changed)).toEqual([true, false, false]);
    expect(store.history(mock.orgId, renamed.Id).map((h) => h.changed)).toEqual([true, false, true]);
    expect(
      store
        .listSnapshots(mock.orgId)
        .map((s) => s.id)
        .at(0),
    ).toBe(after); // newest first
  });

  it('fails cleanly: a failed query or download leaves no visible snapshot and says what failed', async () => {
    // A fresh store, so every blob must be downloaded (nothing to reuse from earlier snapshots).
    const fresh = mkdtempSync(join(tmpdir(), 'snapshots-fail-'));
    const other = openSnapshotStore(fresh);
    let sleeps = 0;
    const retry = noWait(() => sleeps++);
    try {
      // 403 REQUEST_LIMIT_EXCEEDED: the allocation is used up; the backup stops at once, unretried.
      mock.admin.setFaults({ rules: [{ path: '*/VersionData', errorRate: 1, error: 'REQUEST_LIMIT_EXCEEDED' }] });
      await expect(backupOrg(conn, other, { retry })).rejects.toMatchObject({
        name: 'BackupError',
        code: 'BACKUP_FAILED',
        step: expect.stringMatching(/^download ContentVersion 068/),
        message: expect.stringContaining('the org has no API requests left for today'),
        cause: {
          name: 'SalesforceCallError',
          code: 'API_LIMIT_EXCEEDED',
          cause: { message: expect.stringContaining('TotalRequests Limit exceeded') },
        },
      });
      expect(sleeps).toBe(0);
      // The first Composite call (the describes) passes; the next one (first pages of queries) fails.
      mock.admin.setFaults({ rules: [{ path: '*/composite', failAfter: 1, error: 'REQUEST_LIMIT_EXCEEDED' }] });
      await expect(backupOrg(conn, other)).rejects.toMatchObject({ step: expect.stringMatching(/^query /) });
      expect(other.listSnapshots(mock.orgId)).toEqual([]);
      expect(other.db.prepare('SELECT count(*) AS n FROM snapshots').get()).toEqual({ n: 0 });
      expect(readdirSync(join(fresh, 'blobs', 'tmp'))).toEqual([]);
    } finally {
      mock.admin.clearFaults();
      other.close();
      rmSync(fresh, { recursive: true, force: true });
    }
    // The connection is as it was: jsforce's own request method, still logged in.
    expect(Object.hasOwn(conn, 'request')).toBe(false);
    expect((await backupOrg(conn, store)).apiCalls).toBeGreaterThan(0);
  });

  it('counts only its own calls when two backups share one connection, and leaves the connection as it was', async () => {
    const request = conn.request;
    const whole = {};
    const part = { objects: ['Account', 'Contact'], files: false };
    await withFreshStores(4, async ([a, b, c, d]) => {
      // Alone, each into an empty store...
      mock.admin.resetApiCalls();
      const wholeAlone = await backupOrg(conn, a!, whole);
      const partAlone = await backupOrg(conn, b!, part);
      expect(wholeAlone.apiCalls + partAlone.apiCalls).toBe(mock.admin.apiCalls().apiCalls);
      expect(partAlone.apiCalls).toBeLessThan(wholeAlone.apiCalls);

      // ...then both at once on the same connection, each into another empty store.
      const order: string[] = [];
      const note = (who: string) => (p: BackupProgress) => order.push(`${who} ${p.phase}`);
      mock.admin.resetApiCalls();
      const [wholeTogether, partTogether] = await Promise.all([
        backupOrg(conn, c!, { ...whole, onProgress: note('whole') }),
        backupOrg(conn, d!, { ...part, onProgress: note('part') }),
      ]);
      // They overlapped: both had begun calling the org before either committed.
      const firstCommit = order.findIndex((e) => e.endsWith(' commit'));
      expect(order.indexOf('whole describe')).toBeLessThan(firstCommit);
      expect(order.indexOf('part describe')).toBeLessThan(firstCommit);

      expect(wholeTogether.apiCalls).toBe(wholeAlone.apiCalls);
      expect(partTogether.apiCalls).toBe(partAlone.apiCalls);
      expect(wholeTogether.apiCalls + partTogether.apiCalls).toBe(mock.admin.apiCalls().apiCalls);
      expect(wholeTogether.snapshot.counts).toEqual(wholeAlone.snapshot.counts);
      expect(partTogether.objects).toEqual(partAlone.objects);
    });
    expect(conn.request).toBe(request);
    expect(Object.hasOwn(conn, 'request')).toBe(false);
  });

  it('retries transient failures with the given policy and counts every try', async () => {
    await withFreshStores(2, async ([a, b]) => {
      const clean = await backupOrg(conn, a!);
      // The first query answers 503 (a GET jsforce would retry unseen, were its own retries on),
      // then the first file download finds its row locked (400). Each fault is lifted while the
      // backup waits to try again, so each costs exactly one retry.
      const faults: FaultRule[] = [
        { path: '*/query*', errorRate: 1, error: 'SERVER_UNAVAILABLE' },
        { path: '*/VersionData', errorRate: 1, error: 'UNABLE_TO_LOCK_ROW' },
      ];
      let sleeps = 0;
      const retry = noWait(() => {
        sleeps++;
        faults.shift();
        if (faults.length > 0) mock.admin.setFaults({ rules: faults });
        else mock.admin.clearFaults();
      });
      mock.admin.setFaults({ rules: faults });
      mock.admin.resetApiCalls();
      const report = await backupOrg(conn, b!, { retry }).finally(() => mock.admin.clearFaults());
      expect(sleeps).toBe(2);
      expect(report.apiRetries).toBe(2);
      expect(report.apiCalls).toBe(clean.apiCalls + 2);
      expect(report.apiCalls).toBe(mock.admin.apiCalls().apiCalls);
      expect(report.objects).toEqual(clean.objects);
      expect(report.snapshot.counts).toEqual(clean.snapshot.counts);
      expect(report.blobsAdded).toBe(clean.blobsAdded);
      expect(readdirSync(join(b!.dir, 'blobs', 'tmp'))).toEqual([]);
    });
  });

  it('sends a Composite call again when it fails transiently', async () => {
    // Describes and first pages travel in Composite calls: the first answers 503, and is sent again.
    const log = mock.admin.requestLog;
    log.clear();
    log.start();
    mock.admin.setFaults({ rules: [{ path: '*/composite', errorRate: 1, error: 'SERVER_UNAVAILABLE' }] });
    mock.admin.resetApiCalls();
    try {
      const report = await backupOrg(conn, store, { retry: noWait(() => mock.admin.clearFaults()) });
      expect(report.apiRetries).toBe(1);
      expect(report.apiCalls).toBe(mock.admin.apiCalls().apiCalls);
      const composites = log.entries.filter((e) => e.method === 'POST' && e.path.endsWith('/composite'));
      expect(composites[0]?.status).toBe(503);
      expect(composites[1]?.status).toBe(200);
      const latest = store.latestSnapshot(mock.orgId);
      expect(latest?.id).toBe(report.snapshot.id);
    } finally {
      mock.admin.clearFaults();
      log.stop();
      log.clear();
    }
  });

  it('does not retry a permanent failure', async () => {
    // A session the org does not know: 401 INVALID_SESSION_ID, which no retry can fix.
    const stale = new jsforce.Connection({
      instanceUrl: conn.instanceUrl,
      accessToken: 'not-a-session',
      version: conn.version,
    });
    let sleeps = 0;
    const log = mock.admin.requestLog;
    log.clear();
    log.start();
    try {
      await expect(backupOrg(stale, store, { orgId: mock.orgId, retry: noWait(() => sleeps++) })).rejects.toMatchObject(
        {
          name: 'BackupError',
          step: 'global describe',
          cause: { errorCode: 'INVALID_SESSION_ID' },
        },
      );
      expect(sleeps).toBe(0);
      expect(log.entries.filter((e) => e.path.startsWith('/services/data/'))).toHaveLength(1);
    } finally {
      log.stop();
      log.clear();
    }
  });

  it('an incremental backup reads only what moved and holds exactly what a full backup holds', async () => {
    const incremental = { incrementalMinRecords: 0 };
    const contacts = (await conn.query<{ Id: string }>('SELECT Id FROM Contact')).records;
    // The demo org and the earlier changes may all sit in one second, and the delta query works in
    // whole seconds (re-reading that second): move the org's clock on so one change stands apart.
    mock.admin.clock({ advanceMs: 2000 });
    await conn.sobject('Contact').update({ Id: contacts[1]!.Id, Title: 'Warm-up' });
    await backupOrg(conn, store, incremental);
    const unchanged = await backupOrg(conn, store, incremental);
    expect(unchanged.newRecordVersions).toBe(0);
    // Each object's delta starts at its own latest stamp: every contact but the warm-up one is carried.
    expect(unchanged.recordsCarriedOver).toBeGreaterThanOrEqual(contacts.length - 1);

    const cases = (await conn.query<{ Id: string }>('SELECT Id FROM Case')).records;
    await conn.sobject('Contact').update({ Id: contacts[0]!.Id, Title: 'Chief Restorer' });
    await conn.sobject('Case').destroy(cases[0]!.Id);
    const created = (await conn.sobject('Contact').create({ LastName: 'Newcomer' })) as { id: string };

    const delta = await backupOrg(conn, store, incremental);
    const full = await backupOrg(conn, store, { incremental: false });
    expect(delta.recordsCarriedOver).toBeGreaterThan(0);
    expect(delta.objects).toEqual(full.objects);
    expect(store.record(delta.snapshot.id, contacts[0]!.Id)?.fields.Title).toBe('Chief Restorer');
    expect(store.record(delta.snapshot.id, cases[0]!.Id)).toBeUndefined();
    expect(store.record(delta.snapshot.id, created.id)?.fields.LastName).toBe('Newcomer');
    for (const { type } of store.objectCounts(full.snapshot.id)) {
      const ids = store.recordsOfType(full.snapshot.id, type, { limit: 1000 }).items.map((r) => r.id);
      expect(store.records(delta.snapshot.id, ids)).toEqual(store.records(full.snapshot.id, ids));
    }
  });
  it('reuses the describes when a conditional global describe answers 304, and reads them again after a metadata change', async () => {
    // The org's metadata was loaded moments ago: its clock moves on a few seconds (and holds there).
    mock.admin.clock({ realTime: true });
    const { now } = mock.admin.clock({ advanceMs: 3000 });
    const base = await backupOrg(conn, store, { conditionalDescribes: false });
    // The snapshot keeps the org's time of the describe, from its Date header (whole seconds).
    expect(base.snapshot.describedAt).toBe(new Date(Math.floor(Date.parse(now) / 1000) * 1000).toISOString());
    const objects = store.schema(base.snapshot.id).objects;
    // The describes, 25 to a Composite call, and a layouts describe per object with custom record
    // types (their picklist values are not in the object describe, as on a real org).
    const describeCalls = objects.length === 1 ? 1 : Math.ceil(objects.length / 25);
    const described = describeCalls + objects.filter((o) => o.recordTypeInfos.some((rt) => !rt.master)).length;
    mock.admin.resetApiCalls();
    // Asked about the org's own time: no margin for this machine's clock is needed.
    const reused = await backupOrg(conn, store, { describeClockSkewMs: 60_000_000 });
    // One conditional global describe replaces the global describe and every object and layouts describe.
    expect(reused.apiCalls).toBe(base.apiCalls - described);
    expect(store.schema(reused.snapshot.id)).toEqual(store.schema(base.snapshot.id));
    // First pages came through Composite calls; the count still matches the org's.
    expect(reused.apiCalls).toBe(mock.admin.apiCalls().apiCalls);
    expect(reused.objects).toEqual(base.objects);
    for (const { type } of store.objectCounts(base.snapshot.id)) {
      const ids = store.recordsOfType(base.snapshot.id, type, { limit: 1000 }).items.map((r) => r.id);
      expect(store.records(reused.snapshot.id, ids)).toEqual(store.records(base.snapshot.id, ids));
    }

    // Metadata changes (here in a later second of the org's clock): everything is described again.
    const org = mock.admin.org(mock.orgId).org;
    mock.admin.clock({ advanceMs: 3000 });
    org.touchSchema();
    try {
      const after = await backupOrg(conn, store);
      expect(after.apiCalls).toBe(base.apiCalls); // the 200 to the conditional ask is the object list
      expect(store.schema(after.snapshot.id)).toEqual(store.schema(base.snapshot.id));
    } finally {
      mock.admin.clock({ realTime: true });
    }
  });

  it("takes a file's owner from its document, not from the user who uploaded the latest version", async () => {
    const me = (await conn.identity()).user_id;
    const other = (
      await conn.query<{ Id: string }>(`SELECT Id FROM User WHERE IsActive = true AND Id != '${me}' LIMIT 1`)
    ).records[0]?.Id;
    expect(other).toBeDefined();
    const first = (await conn.sobject('ContentVersion').create({
      Title: 'Owned by another',
      PathOnClient: 'owned.txt',
      VersionData: Buffer.from('v1').toString('base64'),
      OwnerId: other,
    })) as { id: string };
    const docId = (
      await conn.query<{ ContentDocumentId: string }>(
        `SELECT ContentDocumentId FROM ContentVersion WHERE Id = '${first.id}'`,
      )
    ).records[0]!.ContentDocumentId;
    // The admin (this connection) uploads the second version: that version's OwnerId is the admin.
    const second = (await conn.sobject('ContentVersion').create({
      ContentDocumentId: docId,
      Title: 'Owned by another',
      PathOnClient: 'owned.txt',
      VersionData: Buffer.from('v2').toString('base64'),
    })) as { id: string };
    const version = (
      await conn.query<{ OwnerId: string }>(`SELECT OwnerId FROM ContentVersion WHERE Id = '${second.id}'`)
    ).records[0]!;
    expect(version.OwnerId).toBe(me);

    mock.admin.resetApiCalls();
    const report = await backupOrg(conn, store, { incremental: false });
    const file = store.file(report.snapshot.id, docId);
    expect(file?.latestVersionId).toBe(second.id);
    expect(file?.ownerId).toBe(other);
    expect(report.apiCalls).toBe(mock.admin.apiCalls().apiCalls);
  });
});
