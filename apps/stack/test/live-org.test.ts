// readLiveOrg (the planner's read of the live org) against the mock over HTTP: the master record type's picklist values (R11) come from a
// describe asked with If-Modified-Since the snapshot's describe (the org's own time), so an unchanged org answers 304 and the
// snapshot's own describe is used; after a metadata change the live describe is read again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import { readLiveOrg } from '@restorelab/planner';
import { backupOrg, describedSince, openSnapshotStore, type SnapshotStore } from '@restorelab/snapshots';
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, expect, test } from 'vitest';

let mock: MockServer;
let conn: Connection;
let dir: string;
let store: SnapshotStore;
beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  conn = new jsforce.Connection({ loginUrl: mock.loginUrl });
  await conn.login(mock.username, mock.password);
  dir = mkdtempSync(join(tmpdir(), 'planner-live-org-'));
  store = openSnapshotStore(dir);
}, 30_000);
afterAll(async () => {
  store?.close();
  await mock?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('R11 master picklist values: the snapshot describes while the global describe answers 304, the live one after a change', async () => {
  // The org's metadata was loaded a moment ago: the describe is taken in a later second of its clock.
  const { now } = mock.admin.clock({ advanceMs: 2000 });
  const { snapshot } = await backupOrg(conn, store, { objects: ['Project__c'] });
  // The snapshot keeps the org's own time of its describe (the answer's Date header).
  expect(snapshot.describedAt).toBeDefined();
  expect(Math.abs(Date.parse(snapshot.describedAt as string) - Date.parse(now))).toBeLessThan(1500);
  const slice = { schema: store.schema(snapshot.id), records: [], files: [], attachments: [] };
  const query = {
    recordIds: [],
    referenceIds: [],
    contentDocumentIds: [],
    attachmentIds: [],
    objectTypes: ['Project__c'],
  };
  const log = mock.admin.requestLog;
  log.start();
  try {
    // Asked about the org's own time of the snapshot's describe: the global describe answers 304, so
    // no object's describe is asked at all.
    log.clear();
    const unchanged = await readLiveOrg(conn, store, query, slice, describedSince(snapshot));
    const conditional = log.entries.filter((e) => e.path.endsWith('/sobjects') && e.headers['if-modified-since']);
    expect(conditional.map((e) => e.status)).toEqual([304]);
    expect(log.entries.some((e) => e.path.endsWith('/describe'))).toBe(false);
    expect(unchanged.org.masterPicklistValues.Project__c?.Status__c).toEqual([
      'Planned',
      'Active',
      'On Hold',
      'Completed',
      'Cancelled',
    ]);

    // The metadata changes in a later second: the live describe is read in full.
    mock.admin.clock({ advanceMs: 3000 });
    mock.admin.org(mock.orgId).org.touchSchema();
    log.clear();
    const changed = await readLiveOrg(conn, store, query, slice, describedSince(snapshot));
    expect(log.entries.find((e) => e.path.endsWith('/sobjects') && e.headers['if-modified-since'])?.status).toBe(200);
    expect(log.entries.find((e) => e.path.endsWith('/sobjects/Project__c/describe'))?.status).toBe(200);
    // As on a real org, the describe does not carry the master's picklist values: the layouts do.
    expect(log.entries.find((e) => e.path.endsWith('/sobjects/Project__c/describe/layouts'))?.status).toBe(200);
    expect(changed.org.masterPicklistValues).toEqual(unchanged.org.masterPicklistValues);
    // Every record type's own values too: an overwrite keeps the live record type (R11).
    const byType = Object.values(changed.org.recordTypePicklistValues?.Project__c ?? {});
    expect(byType.some((values) => values.Status__c?.includes('Internal Review'))).toBe(true);
    expect(changed.org.recordTypePicklistValues).toEqual(unchanged.org.recordTypePicklistValues);
  } finally {
    log.stop();
    mock.admin.clock({ realTime: true });
  }
});

test('a bare session connection learns its user and org from userinfo', async () => {
  const bare = new jsforce.Connection({ instanceUrl: conn.instanceUrl, accessToken: conn.accessToken as string });
  const { snapshot } = await backupOrg(conn, store, { objects: ['Account'] });
  const slice = { schema: store.schema(snapshot.id), records: [], files: [], attachments: [] };
  const query = { recordIds: [], referenceIds: [], contentDocumentIds: [], attachmentIds: [], objectTypes: [] };
  const read = await readLiveOrg(bare, store, query, slice);
  expect(read.adminUserId).toBe(conn.userInfo?.id);
  // The org id comes along, so the planner can refuse a snapshot of another org and backups need
  // no Organization query.
  expect(bare.userInfo?.organizationId).toBe(mock.orgId);
});
