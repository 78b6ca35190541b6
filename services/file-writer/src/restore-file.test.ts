// File and attachment restores against the mock org over real HTTP through jsforce.
import { type MockServer, startMockServer } from '@restorelab/mock-salesforce';
import { writeRecordBatch } from '@restorelab/worker';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METADATA_ONLY_PLACEHOLDER, restoreAttachment } from './restore-attachment.ts';
import { type FileRestore, RESTORE_REASON, restoreFile } from './restore-file.ts';

let mock: MockServer;
let conn: Connection;
let adminId: string;
let ownerId: string;
let otherUserId: string;
let accountId: string;
let secondAccountId: string;
const bytes = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
  conn = new Connection({ loginUrl: mock.loginUrl, version: '60.0' });
  adminId = (await conn.login(mock.username, mock.password)).id;
  const users = (await conn.query<{ Id: string }>('SELECT Id FROM User')).records.map((u) => u.Id);
  const others = users.filter((u) => u !== adminId);
  ownerId = others[0] as string;
  otherUserId = others[1] as string;
  const accounts = await writeRecordBatch(conn, {
    objectType: 'Account',
    operation: 'create',
    items: [
      { itemId: 'a', sourceId: '001000000000001AAA', fields: { Name: 'Files Inc' } },
      { itemId: 'b', sourceId: '001000000000002AAA', fields: { Name: 'Second' } },
    ],
  });
  accountId = accounts.results[0]?.newId as string;
  secondAccountId = accounts.results[1]?.newId as string;
}, 30_000);

afterAll(async () => {
  await mock?.close();
});

const fileTask = (over: Partial<FileRestore> = {}): FileRestore => ({
  itemId: 'f1',
  action: 'create',
  ownerId,
  title: 'Plan',
  pathOnClient: 'plan.txt',
  links: [],
  targetIds: {},
  ...over,
});

async function versionsOf(docId: string) {
  return (
    await conn.query<{
      Id: string;
      VersionNumber: string;
      IsLatest: boolean;
      Checksum: string;
      OwnerId: string;
      CreatedById: string;
      ContentModifiedDate: string;
    }>(
      `SELECT Id, VersionNumber, IsLatest, Checksum, OwnerId, CreatedById, ContentModifiedDate FROM ContentVersion WHERE ContentDocumentId = '${docId}' ORDER BY VersionNumber`,
    )
  ).records;
}
async function linksOf(docId: string) {
  return (
    await conn.query<{ LinkedEntityId: string; ShareType: string; Visibility: string }>(
      `SELECT LinkedEntityId, ShareType, Visibility FROM ContentDocumentLink WHERE ContentDocumentId = '${docId}'`,
    )
  ).records;
}

describe('restoreFile against the mock org', () => {
  it('R15 R16 R18 create: owner kept, creator is the admin, one version, modification time is now', async () => {
    const before = Date.now();
    const r = await restoreFile(conn, fileTask(), bytes('version three content'));
    expect(r.success).toBe(true);
    const versions = await versionsOf(r.contentDocumentId as string);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ OwnerId: ownerId, CreatedById: adminId, IsLatest: true });
    expect(Date.parse(versions[0]?.ContentModifiedDate ?? '')).toBeGreaterThanOrEqual(before - 1000);
    // Placed in the owner's own library: the only link is the owner's automatic one.
    const links = await linksOf(r.contentDocumentId as string);
    expect(links.map((l) => l.LinkedEntityId)).toEqual([ownerId]);
  });

  it('R17 re-creates every link with its share type and visibility (R06 ids mapped), skipping the owner', async () => {
    const oldAccount = '001000000000009AAA';
    const r = await restoreFile(
      conn,
      fileTask({
        itemId: 'f2',
        links: [
          { linkedEntityId: ownerId, shareType: 'I', visibility: 'AllUsers' },
          { linkedEntityId: oldAccount, shareType: 'V', visibility: 'AllUsers' },
          { linkedEntityId: otherUserId, shareType: 'C', visibility: 'InternalUsers' },
        ],
        targetIds: { [oldAccount]: accountId },
      }),
      bytes('shared'),
    );
    expect(r.success).toBe(true);
    expect(r.linksWritten).toBe(2);
    expect(r.links.map((l) => l.outcome)).toEqual(['created', 'created']);
    const links = await linksOf(r.contentDocumentId as string);
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ LinkedEntityId: accountId, ShareType: 'V', Visibility: 'AllUsers' }),
        expect.objectContaining({ LinkedEntityId: otherUserId, ShareType: 'C', Visibility: 'InternalUsers' }),
      ]),
    );
  });

  it('R19 newVersion adds a version with the backed-up content; R17 missing links made, existing ones kept or corrected', async () => {
    const first = await restoreFile(
      conn,
      fileTask({ itemId: 'f3', links: [{ linkedEntityId: accountId, shareType: 'V', visibility: 'AllUsers' }] }),
      bytes('org content'),
    );
    const docId = first.contentDocumentId as string;
    const r = await restoreFile(
      conn,
      fileTask({
        itemId: 'f3b',
        action: 'newVersion',
        targetContentDocumentId: docId,
        links: [
          { linkedEntityId: accountId, shareType: 'C', visibility: 'AllUsers' },
          { linkedEntityId: secondAccountId, shareType: 'V', visibility: 'AllUsers' },
        ],
      }),
      bytes('backed-up content'),
    );
    expect(r.success).toBe(true);
    expect(r.contentDocumentId).toBe(docId);
    const versions = await versionsOf(docId);
    expect(versions.map((v) => v.VersionNumber)).toEqual(['1', '2']);
    expect(versions[1]?.IsLatest).toBe(true);
    expect(versions[1]?.Checksum).not.toBe(versions[0]?.Checksum);
    expect(r.links.map((l) => l.outcome).sort()).toEqual(['created', 'updated']);
    const links = await linksOf(docId);
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ LinkedEntityId: accountId, ShareType: 'C' }),
        expect.objectContaining({ LinkedEntityId: secondAccountId, ShareType: 'V' }),
      ]),
    );
  });

  it('R19 overwrite inserts a version with the same content (latest content unchanged, time moves)', async () => {
    const first = await restoreFile(conn, fileTask({ itemId: 'f4' }), bytes('same content'));
    const docId = first.contentDocumentId as string;
    const r = await restoreFile(
      conn,
      fileTask({ itemId: 'f4b', action: 'overwrite', targetContentDocumentId: docId }),
      bytes('same content'),
    );
    expect(r.success).toBe(true);
    const versions = await versionsOf(docId);
    expect(versions).toHaveLength(2);
    expect(versions[1]?.Checksum).toBe(versions[0]?.Checksum);
    const reason = await conn.query<{ ReasonForChange: string }>(
      `SELECT ReasonForChange FROM ContentVersion WHERE Id = '${r.contentVersionId}'`,
    );
    expect(reason.records[0]?.ReasonForChange).toBe(RESTORE_REASON.overwrite);
  });

  it('R19 skip writes nothing', async () => {
    const first = await restoreFile(conn, fileTask({ itemId: 'f5' }), bytes('untouched'));
    const docId = first.contentDocumentId as string;
    const r = await restoreFile(conn, fileTask({ itemId: 'f5b', action: 'skip', targetContentDocumentId: docId }));
    expect(r).toMatchObject({ success: true, linksWritten: 0 });
    expect(r.contentVersionId).toBeUndefined();
    expect(await versionsOf(docId)).toHaveLength(1);
  });

  it('an existing identical link (DUPLICATE_VALUE) is not a failure', async () => {
    const task = fileTask({
      itemId: 'f6',
      links: [{ linkedEntityId: accountId, shareType: 'V', visibility: 'AllUsers' }],
    });
    const first = await restoreFile(conn, task, bytes('dup'));
    // A redelivery that already has the version re-runs only the links.
    const again = await restoreFile(conn, task, undefined, {});
    expect(again.success).toBe(false); // no content and no inserted version: nothing to write
    const { restoreFiles } = await import('./restore-file.ts');
    const report = await restoreFiles(conn, [{ task, insertedVersionId: first.contentVersionId as string }]);
    expect(report.results[0]).toMatchObject({ success: true, contentDocumentId: first.contentDocumentId });
    expect(report.results[0]?.links[0]?.outcome).toBe('existing');
    expect(await linksOf(first.contentDocumentId as string)).toHaveLength(2);
  });
});

describe('restoreAttachment against the mock org', () => {
  it('R14 re-creates an attachment under the (new) parent id with its body', async () => {
    const r = await restoreAttachment(
      conn,
      {
        itemId: 'att1',
        action: 'create',
        parentId: accountId,
        name: 'notes.txt',
        contentType: 'text/plain',
        isPrivate: false,
        ownerId,
        description: 'meeting notes',
      },
      bytes('the notes'),
    );
    expect(r.success).toBe(true);
    const row = await conn.query<{ ParentId: string; Name: string; OwnerId: string; BodyLength: number }>(
      `SELECT ParentId, Name, OwnerId, BodyLength FROM Attachment WHERE Id = '${r.attachmentId}'`,
    );
    expect(row.records[0]).toMatchObject({ ParentId: accountId, Name: 'notes.txt', OwnerId: ownerId, BodyLength: 9 });
  });

  it('R13 a metadata-only attachment is restored with the placeholder body', async () => {
    const r = await restoreAttachment(conn, {
      itemId: 'att2',
      action: 'create',
      parentId: accountId,
      name: 'contract.pdf',
      contentType: 'application/pdf',
      isPrivate: true,
      ownerId,
      description: null,
    });
    expect(r).toMatchObject({ success: true, placeholderBody: true });
    const body = await conn.request<string>(`/sobjects/Attachment/${r.attachmentId}/Body`);
    expect(String(body)).toBe(METADATA_ONLY_PLACEHOLDER);
  });

  it('reports a Salesforce refusal as the item error', async () => {
    const r = await restoreAttachment(conn, {
      itemId: 'att3',
      action: 'create',
      parentId: '001000000000404AAA',
      name: 'x.txt',
      contentType: null,
      isPrivate: false,
      ownerId,
      description: null,
    });
    expect(r.success).toBe(false);
    expect(r.error?.code).toMatch(/INVALID_CROSS_REFERENCE_KEY|ENTITY_IS_DELETED|MALFORMED_ID/);
  });
});
