import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { makeId } from '@restorelab/salesforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadItem, itemAt, listFolder, openSharedItem, previewRecord } from './browse.ts';
import { isDownloadOnly } from './download-only.ts';
import { searchSnapshot } from './search.ts';
import { createShareToken } from './share-token.ts';
import { openSnapshotStore, type SnapshotStore } from './store.ts';
import type { SnapshotInfo } from './types.ts';

const ORG = '00D5g0000000001AAA';
const user = makeId('005', 1);
const acc = makeId('001', 1);
const caseId = makeId('500', 1);
const doc = makeId('069', 1);
const att = makeId('00P', 1);

let dir: string;
let store: SnapshotStore;
let snap: SnapshotInfo;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snapshots-browse-'));
  store = openSnapshotStore(dir);
  const w = store.beginSnapshot({ orgId: ORG, takenAt: '2026-01-01T00:00:00Z' });
  w.setSchema({
    objects: [
      {
        name: 'Case',
        label: 'Case',
        keyPrefix: '500',
        custom: false,
        createable: true,
        updateable: true,
        deletable: true,
        queryable: true,
        undeletable: true,
        recordTypeInfos: [],
        childRelationships: [],
        fields: [
          {
            name: 'Id',
            label: 'Case ID',
            type: 'id',
            nillable: false,
            createable: false,
            updateable: false,
            defaultedOnCreate: true,
          },
          {
            name: 'Subject',
            label: 'Subject',
            type: 'string',
            nillable: true,
            createable: true,
            updateable: true,
            defaultedOnCreate: false,
          },
          {
            name: 'Status',
            label: 'Status',
            type: 'picklist',
            nillable: false,
            createable: true,
            updateable: true,
            defaultedOnCreate: true,
          },
          {
            name: 'AccountId',
            label: 'Account ID',
            type: 'reference',
            referenceTo: ['Account'],
            nillable: true,
            createable: true,
            updateable: true,
            defaultedOnCreate: false,
          },
        ],
      },
    ],
  });
  const users = Array.from({ length: 3 }, (_, i) => ({
    type: 'User',
    fields: { Id: makeId('005', i + 1), Name: `User ${i}`, LastName: `U${i}` },
  }));
  w.addRecords([
    ...users,
    {
      type: 'Account',
      fields: { Id: acc, Name: 'Acme Rockets', Description: 'launch pads and ballistic gear', OwnerId: user },
    },
    { type: 'Case', fields: { Id: caseId, Subject: 'Rocket exploded', Status: 'Escalated', AccountId: acc } },
  ]);
  const blob = await w.putBlob('%PDF-1.4 pretend');
  w.addFiles([
    {
      contentDocumentId: doc,
      latestVersionId: makeId('068', 1),
      title: 'Launch plan',
      pathOnClient: 'C:\\docs\\launch-plan.pdf',
      ownerId: user,
      lastModifiedDate: '2026-01-01T00:00:00.000+0000',
      contentModifiedDate: null,
      versionNumber: '2',
      contentHash: blob.hash,
      contentSize: blob.size,
      fileType: 'PDF',
      links: [
        { linkedEntityId: acc, shareType: 'V', visibility: 'AllUsers' },
        { linkedEntityId: user, shareType: 'I', visibility: 'AllUsers' },
      ],
    },
  ]);
  const body = await w.putBlob('attachment body');
  w.addAttachments([
    {
      id: att,
      parentId: caseId,
      name: 'crash-log.txt',
      contentType: 'text/plain',
      isPrivate: false,
      ownerId: user,
      description: null,
      lastModifiedDate: '2026-01-01T00:00:00.000+0000',
      bodyHash: body.hash,
      bodyLength: body.size,
    },
  ]);
  snap = w.commit();
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browse', () => {
  it('shows the root folders and object folders, marking download-only types', () => {
    const root = listFolder(store, snap.id, '').entries;
    expect(root.map((e) => e.name)).toEqual(['Objects', 'Files', 'Attachments']);
    // Each item counted once: Objects holds the snapshot's records, Attachments its attachments.
    const info = store.getSnapshot(snap.id);
    expect(root.map((e) => (e.kind === 'folder' ? e.count : undefined))).toEqual([
      info.counts.records,
      info.counts.files,
      info.counts.attachments,
    ]);
    const objects = listFolder(store, snap.id, 'Objects').entries;
    expect(objects.map((e) => e.name)).toEqual(['Account', 'Attachment', 'Case', 'User']);
    const byName = new Map(objects.map((e) => [e.name, e]));
    expect(byName.get('User')).toMatchObject({ downloadOnly: true, count: 3 });
    expect(byName.get('Account')).toMatchObject({ downloadOnly: false, count: 1 });
    expect(byName.get('Attachment')).toMatchObject({ metadataOnly: true });
    const users = listFolder(store, snap.id, 'Objects/User', { limit: 2 });
    expect(users.total).toBe(3);
    expect(users.entries).toHaveLength(2);
    expect(users.entries.every((e) => e.downloadOnly)).toBe(true);
    const rest = listFolder(store, snap.id, 'Objects/User', { offset: 2, limit: 2 });
    expect(rest.entries).toHaveLength(1);
    expect(isDownloadOnly('Account')).toBe(false);
  });

  it('keeps attachment metadata under Objects/Attachment and content under Attachments', () => {
    const meta = listFolder(store, snap.id, 'Objects/Attachment').entries[0];
    expect(meta).toMatchObject({ kind: 'attachment', path: `Objects/Attachment/${att}`, metadataOnly: true });
    const content = listFolder(store, snap.id, 'Attachments').entries[0];
    expect(content).toMatchObject({ kind: 'attachment', path: `Attachments/${att}`, downloadOnly: true });
    const files = listFolder(store, snap.id, 'Files').entries;
    expect(files).toMatchObject([{ kind: 'file', name: 'launch-plan.pdf', contentType: 'application/pdf' }]);
    expect(() => listFolder(store, snap.id, 'Objects/../..')).toThrow(expect.objectContaining({ code: 'BAD_PATH' }));
  });

  it('previews a record with its standard status, children, files and attachments', () => {
    const preview = previewRecord(store, snap.id, caseId);
    expect(preview.standardStatus).toEqual({ field: 'Status', value: 'Escalated' });
    expect(preview.fields.map((f) => f.name)).toEqual(['Id', 'Subject', 'Status', 'AccountId']);
    expect(preview.fields.find((f) => f.name === 'Status')).toMatchObject({ label: 'Status', standardStatus: true });
    expect(preview.attachments.map((a) => a.id)).toEqual([att]);
    const account = previewRecord(store, snap.id, acc);
    expect(account.children).toEqual([
      { field: 'AccountId', id: caseId, type: 'Case', name: 'Rocket exploded', path: `Objects/Case/${caseId}` },
    ]);
    expect(account.files.map((f) => f.contentDocumentId)).toEqual([doc]);
  });

  it('searches by name, text and id, with paging', () => {
    expect(
      searchSnapshot(store, snap.id, 'rocket')
        .items.map((h) => h.id)
        .sort(),
    ).toEqual([acc, caseId].sort());
    expect(searchSnapshot(store, snap.id, 'ballist').items.map((h) => h.id)).toEqual([acc]);
    expect(
      searchSnapshot(store, snap.id, 'launch')
        .items.map((h) => h.kind)
        .sort(),
    ).toEqual(['file', 'record']);
    expect(searchSnapshot(store, snap.id, caseId.slice(0, 15)).items).toMatchObject([{ kind: 'record', id: caseId }]);
    expect(searchSnapshot(store, snap.id, 'crash').items).toMatchObject([{ kind: 'attachment', id: att }]);
    const page1 = searchSnapshot(store, snap.id, 'user', { limit: 2 });
    expect(page1).toMatchObject({ hasMore: true });
    expect(page1.items.every((h) => h.downloadOnly)).toBe(true);
    const page2 = searchSnapshot(store, snap.id, 'user', { offset: 2, limit: 2 });
    expect(page2.items).toHaveLength(1);
    expect(page2.hasMore).toBe(false);
    // FTS syntax in user text is taken as words, not as a query language.
    expect(searchSnapshot(store, snap.id, '"NEAR( OR *').items).toEqual([]);
  });

  it('downloads files, attachments and records with name and content type', async () => {
    const file = downloadItem(store, itemAt(snap.id, `Files/${doc}`));
    expect(file).toMatchObject({ fileName: 'launch-plan.pdf', contentType: 'application/pdf' });
    expect(await text(await file.open())).toBe('%PDF-1.4 pretend');
    const attachment = downloadItem(store, itemAt(snap.id, `Attachments/${att}`));
    expect(attachment).toMatchObject({ fileName: 'crash-log.txt', contentType: 'text/plain' });
    expect(await text(await attachment.open())).toBe('attachment body');
    const record = downloadItem(store, itemAt(snap.id, `Objects/Case/${caseId}`));
    expect(record.contentType).toBe('application/json');
    expect(JSON.parse(await text(await record.open()))).toMatchObject({ id: caseId, fields: { Status: 'Escalated' } });
  });

  it('opens a shared item from its token, and nothing once it expired', async () => {
    const secret = 'browse-test-secret-0123456789';
    const token = createShareToken(itemAt(snap.id, `Attachments/${att}`), new Date(Date.now() + 60_000), secret);
    const shared = openSharedItem(store, token, secret);
    expect(shared.fileName).toBe('crash-log.txt');
    expect(await text(await shared.open())).toBe('attachment body');
    expect(() => openSharedItem(store, token, secret, new Date(Date.now() + 120_000))).toThrow(
      expect.objectContaining({ code: 'SHARE_TOKEN_EXPIRED' }),
    );
  });
});
