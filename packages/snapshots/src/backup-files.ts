// The file half of a backup: the latest version of every Lightning file with its sharing links,
// and every Classic attachment with its body. Unchanged content is taken over from the previous
// snapshot; anything else streams into the blob store.
import type { BackupProgress } from './backup.ts';
import type { SfRecord } from './backup-answers.ts';
import type { OrgCalls } from './backup-calls.ts';
import { eachPage, LINK_CHUNK, quoteIds } from './backup-records.ts';
import type { SnapshotWriter } from './snapshot-writer.ts';
import type { BackedUpAttachment, BackedUpFile, BackedUpFileLink } from './types.ts';

const WRITE_BATCH = 200;

export async function backupFiles(
  calls: OrgCalls,
  w: SnapshotWriter,
  hasDocuments: boolean,
  progress: (p: BackupProgress) => void,
  setStep: (step: string) => void,
): Promise<number> {
  const documentModified = new Map<string, string>();
  if (hasDocuments) {
    setStep('query ContentDocument');
    await eachPage(calls, 'SELECT Id, LastModifiedDate FROM ContentDocument', (records) => {
      for (const r of records) documentModified.set(String(r.Id), String(r.LastModifiedDate));
    });
  }
  setStep('query ContentVersion');
  const versions: SfRecord[] = [];
  await eachPage(
    calls,
    // The file's owner is the document's: a version's OwnerId is whoever uploaded that version (an
    // admin adding a version to someone else's file), so it is read as a parent field, in the same call.
    'SELECT Id, ContentDocumentId, ContentDocument.OwnerId, Title, PathOnClient, OwnerId, VersionNumber, ContentModifiedDate, ContentSize, FileType, LastModifiedDate FROM ContentVersion WHERE IsLatest = true',
    (records) => {
      versions.push(...records);
    },
  );
  const links = new Map<string, BackedUpFileLink[]>();
  const documentIds = [...new Set(versions.map((v) => String(v.ContentDocumentId)))];
  for (let i = 0; i < documentIds.length; i += LINK_CHUNK) {
    const part = documentIds.slice(i, i + LINK_CHUNK);
    setStep(`query ContentDocumentLink (documents ${i + 1}-${i + part.length})`);
    await eachPage(
      calls,
      `SELECT ContentDocumentId, LinkedEntityId, ShareType, Visibility FROM ContentDocumentLink WHERE ContentDocumentId IN (${quoteIds(part)})`,
      (records) => {
        for (const r of records) {
          const docId = String(r.ContentDocumentId);
          const list = links.get(docId) ?? [];
          list.push({
            linkedEntityId: String(r.LinkedEntityId),
            shareType: r.ShareType as BackedUpFileLink['shareType'],
            visibility: r.Visibility as BackedUpFileLink['visibility'],
          });
          links.set(docId, list);
        }
      },
    );
  }

  let reused = 0;
  let batch: BackedUpFile[] = [];
  for (const [i, v] of versions.entries()) {
    const docId = String(v.ContentDocumentId);
    const versionId = String(v.Id);
    const lastModifiedDate = documentModified.get(docId) ?? String(v.LastModifiedDate);
    const contentModifiedDate = v.ContentModifiedDate == null ? null : String(v.ContentModifiedDate);
    const previous = await w.previousFile(docId);
    let contentHash: string;
    let contentSize: number;
    if (
      previous &&
      previous.latestVersionId === versionId &&
      previous.contentSize === Number(v.ContentSize) &&
      previous.contentModifiedDate === contentModifiedDate
    ) {
      contentHash = previous.contentHash;
      contentSize = previous.contentSize;
      reused++;
    } else {
      setStep(`download ContentVersion ${versionId}`);
      const put = await downloadBlob(calls, w, 'ContentVersion', versionId, 'VersionData');
      contentHash = put.hash;
      contentSize = put.size;
    }
    batch.push({
      contentDocumentId: docId,
      latestVersionId: versionId,
      title: String(v.Title ?? ''),
      pathOnClient: String(v.PathOnClient ?? ''),
      ownerId: documentOwner(v),
      lastModifiedDate,
      contentModifiedDate,
      versionNumber: String(v.VersionNumber ?? ''),
      contentHash,
      contentSize,
      fileType: v.FileType == null ? null : String(v.FileType),
      links: links.get(docId) ?? [],
    });
    if (batch.length >= WRITE_BATCH || i === versions.length - 1) {
      w.addFiles(batch);
      batch = [];
      progress({
        phase: 'files',
        done: i + 1,
        total: versions.length,
        message: `files: ${i + 1} of ${versions.length}`,
      });
    }
  }
  return reused;
}

/** The owner of a version's document (falls back to the version's own owner if the parent is not readable). */
function documentOwner(v: SfRecord): string {
  const doc = v.ContentDocument as { OwnerId?: unknown } | null | undefined;
  return String(doc?.OwnerId ?? v.OwnerId ?? '');
}

export async function backupAttachments(
  calls: OrgCalls,
  w: SnapshotWriter,
  rows: readonly SfRecord[],
  progress: (p: BackupProgress) => void,
  setStep: (step: string) => void,
): Promise<number> {
  let reused = 0;
  let batch: BackedUpAttachment[] = [];
  for (const [i, r] of rows.entries()) {
    const id = String(r.Id);
    const lastModifiedDate = String(r.LastModifiedDate ?? '');
    const bodyLength = Number(r.BodyLength ?? 0);
    const previous = await w.previousAttachment(id);
    let bodyHash: string;
    let length: number;
    if (previous?.bodyHash && previous.lastModifiedDate === lastModifiedDate && previous.bodyLength === bodyLength) {
      bodyHash = previous.bodyHash;
      length = previous.bodyLength;
      reused++;
    } else {
      setStep(`download Attachment ${id}`);
      const put = await downloadBlob(calls, w, 'Attachment', id, 'Body');
      bodyHash = put.hash;
      length = put.size;
    }
    batch.push({
      id,
      parentId: String(r.ParentId),
      name: String(r.Name ?? ''),
      contentType: r.ContentType == null ? null : String(r.ContentType),
      isPrivate: r.IsPrivate === true,
      ownerId: String(r.OwnerId ?? ''),
      description: r.Description == null ? null : String(r.Description),
      lastModifiedDate,
      bodyHash,
      bodyLength: length,
    });
    if (batch.length >= WRITE_BATCH || i === rows.length - 1) {
      w.addAttachments(batch);
      batch = [];
      progress({
        phase: 'attachments',
        done: i + 1,
        total: rows.length,
        message: `attachments: ${i + 1} of ${rows.length}`,
      });
    }
  }
  return reused;
}

/**
 * Streams one blob field into the store. A failed request leaves no temp file behind and its API
 * error is what throws; a transient failure downloads the blob again (see OrgCalls.download).
 */
function downloadBlob(calls: OrgCalls, w: SnapshotWriter, type: string, id: string, field: string) {
  return calls.download(`/sobjects/${type}/${id}/${field}`, (stream) => w.putBlob(stream));
}
