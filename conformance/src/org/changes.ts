// Changes a built world: the changes a scenario applies before the restore, and the note edit a
// second snapshot records (R03).
import type { Connection } from 'jsforce';
import type { ChangeSpec } from '../generators/changes.ts';
import { fileContent } from '../generators/files.ts';
import { CASE_STATUSES } from '../generators/hierarchy.ts';
import type { TargetSession } from '../targets/target.ts';
import { collection, destroyIds } from './collections.ts';
import { addVersion } from './files.ts';
import { NOTE_FIELD, type World } from './world.ts';

/** Applies the changes before the restore: modify writes the note field, delete deletes. */
export async function applyChanges(session: TargetSession, world: World, changes: ChangeSpec): Promise<void> {
  const { conn } = session;
  const modified = Object.entries(changes.records).flatMap(([key, change]) => {
    const type = world.types[key] as string;
    if (change !== 'modify' || !NOTE_FIELD[type]) return [];
    const fields: Record<string, unknown> = { Id: world.ids[key], [NOTE_FIELD[type] as string]: 'changed' };
    // A modified Case moves to another status too: what an overwrite must leave alone (R10).
    if (type === 'Case') fields.Status = otherCaseStatus(world, key);
    return [{ type, fields }];
  });
  await collection(conn, 'PATCH', modified);
  for (const [i, change] of changes.files.entries()) {
    const documentId = world.documents[i] as string;
    if (change === 'addVersion' || change === 'reshare') {
      world.versions[i] = (world.versions[i] ?? 1) + 1;
      await addVersion(conn, documentId, world.tag, i, `${world.tag} file ${i} changed after the backup\n`);
      if (change === 'reshare') await reshare(conn, world, i);
    } else if (change === 'sameContentVersion') {
      await addVersion(conn, documentId, world.tag, i, fileContent(world.tag, i, world.versions[i] ?? 1));
    } else if (change === 'delete') {
      await destroyIds(conn, [documentId]);
    }
  }
  // Attachments given other content and the other privacy flag (before any record delete takes them).
  const attachments = (changes.attachments ?? []).flatMap((change, i) =>
    change === 'modify'
      ? [
          {
            type: 'Attachment',
            fields: {
              Id: world.attachmentIds[i],
              Body: Buffer.from(`${world.tag} attachment ${i} changed after the backup\n`).toString('base64'),
              IsPrivate: !world.spec.attachments[i]?.isPrivate,
            },
          },
        ]
      : [],
  );
  await collection(conn, 'PATCH', attachments);
  // One call, in key order: a deleted master takes its details along, and deleting one of them
  // again answers ENTITY_IS_DELETED for that record alone, which is fine.
  await destroyIds(
    conn,
    Object.entries(changes.records).flatMap(([key, change]) => (change === 'delete' ? [world.ids[key] as string] : [])),
  );
}

/** The file's share with another user gets the other share type and visibility (R17). */
async function reshare(conn: Connection, world: World, i: number): Promise<void> {
  const share = world.spec.files[i]?.share;
  const target = world.shareTargets[i];
  if (!share || !target) return;
  const found = await conn.query<{ Id: string }>(
    `SELECT Id FROM ContentDocumentLink WHERE ContentDocumentId = '${world.documents[i]}' AND LinkedEntityId = '${target}'`,
  );
  const link = found.records[0];
  if (!link) throw new Error(`file ${i} is not shared with ${target}`);
  const result = await conn.sobject('ContentDocumentLink').update({
    Id: link.Id,
    ShareType: share.shareType === 'V' ? 'C' : 'V',
    Visibility: share.visibility === 'AllUsers' ? 'InternalUsers' : 'AllUsers',
  });
  if (!result.success) throw new Error(`could not change file ${i}'s sharing: ${JSON.stringify(result)}`);
}

/** A Case status other than the one the Case was built (and backed up) with. */
export function otherCaseStatus(world: World, key: string): string {
  const backedUp = world.spec.hierarchy.cases[Number(key.replace('case', ''))]?.status;
  return CASE_STATUSES.find((status) => status !== backedUp && status !== 'New') ?? 'Working';
}

/** Sets the note of every record of the world that has one (a second snapshot's edit, R03). */
export async function editNotes(conn: Connection, world: World, value: string): Promise<void> {
  await collection(
    conn,
    'PATCH',
    Object.entries(world.ids).flatMap(([key, id]) => {
      const field = NOTE_FIELD[world.types[key] as string];
      return field ? [{ type: world.types[key] as string, fields: { Id: id, [field]: value } }] : [];
    }),
  );
}
