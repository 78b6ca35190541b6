// Files (ContentVersion / ContentDocument, their later versions and shares) and attachments of a
// world: added when it is built, and a new version of a file when a change asks for one.
import { toId18 } from '@restorelab/salesforce';
import type { Connection } from 'jsforce';
import { fileContent } from '../generators/files.ts';
import type { TargetSession } from '../targets/target.ts';
import { collection, type NewRecord } from './collections.ts';
import type { World, WorldSpec } from './world.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');

async function create(conn: Connection, type: string, fields: Record<string, unknown>): Promise<string> {
  const result = (await conn.sobject(type).create(fields)) as { id?: string; success: boolean; errors?: unknown };
  if (!result.success || !result.id) throw new Error(`create ${type} failed: ${JSON.stringify(result.errors)}`);
  return result.id;
}

/**
 * Files (with their later versions and shares) and attachments, a collection call per step rather
 * than a call per item: every file's first version with every attachment (blob fields go base64 in
 * the JSON), one query for the new documents, then each later version number across the files, then
 * the shares.
 */
export async function addFilesAndAttachments(
  session: Pick<TargetSession, 'conn' | 'adminUserId' | 'otherUserId'>,
  world: World,
  spec: WorldSpec,
  tag: string,
): Promise<void> {
  const { conn } = session;
  const owners = spec.files.map((file) =>
    file.ownedByOther && session.otherUserId ? session.otherUserId : session.adminUserId,
  );
  const firsts: NewRecord[] = spec.files.map((file, i) => ({
    type: 'ContentVersion',
    fields: {
      Title: `${tag} file ${i}`,
      PathOnClient: `file-${i}.txt`,
      VersionData: b64(fileContent(tag, i, 1)),
      FirstPublishLocationId: world.ids[file.on],
      ...(owners[i] !== session.adminUserId ? { OwnerId: owners[i] } : {}),
    },
  }));
  const attachments: NewRecord[] = spec.attachments.map((attachment, i) => ({
    type: 'Attachment',
    fields: {
      ParentId: world.ids[attachment.on],
      Name: `${tag}-attachment-${i}.txt`,
      Body: b64(`${tag} attachment ${i}\n`),
      IsPrivate: attachment.isPrivate,
    },
  }));
  const ids = await collection(conn, 'POST', [...firsts, ...attachments]);
  world.attachmentIds.push(...ids.slice(firsts.length));
  if (firsts.length === 0) return;
  const versionIds = ids.slice(0, firsts.length);
  const docs = await conn.query<{ Id: string; ContentDocumentId: string }>(
    `SELECT Id, ContentDocumentId FROM ContentVersion WHERE Id IN (${versionIds.map((id) => `'${id}'`).join(',')})`,
  );
  const documentOf = new Map(docs.records.map((r) => [toId18(r.Id) ?? r.Id, r.ContentDocumentId]));
  world.owners.push(...owners);
  world.documents.push(...versionIds.map((id) => documentOf.get(toId18(id) ?? id) as string));
  world.versions.push(...spec.files.map((file) => file.versions));
  // Later versions come from the owner or, if the spec says so, from the admin: the document keeps
  // its owner either way, and so must the snapshot and the restored file (R15). Version n of every
  // file goes in one call, after version n - 1 of all of them.
  const most = Math.max(...spec.files.map((file) => file.versions));
  for (let v = 2; v <= most; v++) {
    const later = spec.files.flatMap((file, i): NewRecord[] => {
      if (file.versions < v) return [];
      const uploader = owners[i] === session.adminUserId || file.laterVersionsByAdmin ? undefined : owners[i];
      return [
        {
          type: 'ContentVersion',
          fields: versionFields(world.documents[i] as string, tag, i, fileContent(tag, i, v), uploader),
        },
      ];
    });
    await collection(conn, 'POST', later);
  }
  // Shared with the other user; a file the other user owns is linked to them already, so it is
  // shared with the admin instead.
  const shares = spec.files.flatMap((file, i): NewRecord[] => {
    const shareWith = owners[i] === session.adminUserId ? session.otherUserId : session.adminUserId;
    world.shareTargets.push(file.share ? shareWith : undefined);
    if (!file.share || !shareWith) return [];
    return [
      {
        type: 'ContentDocumentLink',
        fields: {
          ContentDocumentId: world.documents[i],
          LinkedEntityId: shareWith,
          ShareType: file.share.shareType,
          Visibility: file.share.visibility,
        },
      },
    ];
  });
  await collection(conn, 'POST', shares);
}

function versionFields(documentId: string, tag: string, i: number, content: string, ownerId?: string) {
  return {
    ContentDocumentId: documentId,
    ...(ownerId ? { OwnerId: ownerId } : {}),
    Title: `${tag} file ${i}`,
    PathOnClient: `file-${i}.txt`,
    VersionData: b64(content),
  };
}

/** A new version of file `i`; it carries the run's tag in its title, since the latest version's title is how the file is found again. */
export async function addVersion(
  conn: Connection,
  documentId: string,
  tag: string,
  i: number,
  content: string,
  ownerId?: string,
): Promise<void> {
  await create(conn, 'ContentVersion', versionFields(documentId, tag, i, content, ownerId));
}
