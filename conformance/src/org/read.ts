// Reads a world back as the org has it now: its tagged records, and the files and attachments on
// them with their content, a Composite Batch call per round of dependent queries.
import { BATCH_SUBREQUESTS, queryBatch } from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';
import { type LiveFile, type LiveRow, type LiveWorld, READ_FIELDS, TAG_FIELD, type World } from './world.ts';

const quoted = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(',');

/**
 * Runs several queries through Composite Batch (a call per 25): a read of the world is a call per
 * round of dependent queries rather than one per query. A failed query throws, as `conn.query` would.
 */
async function queries<T extends Record<string, unknown> = Record<string, unknown>>(
  conn: Connection,
  soqls: readonly string[],
): Promise<T[][]> {
  const out: T[][] = [];
  for (let i = 0; i < soqls.length; i += BATCH_SUBREQUESTS) {
    const part = soqls.slice(i, i + BATCH_SUBREQUESTS);
    for (const page of await queryBatch<T>(
      conn,
      part.map((soql) => ({ soql, label: soql })),
    )) {
      const records = [...page.records];
      // A world is far below a page; should it ever not be, the rest is read page by page.
      for (let next = page; !next.done && next.nextRecordsUrl; ) {
        next = await conn.queryMore<T>(next.nextRecordsUrl);
        records.push(...next.records);
      }
      out.push(records);
    }
  }
  return out;
}

/** Every tagged record of the world as the org has it now, by logical key. */
export async function readRows(conn: Connection, world: World): Promise<Map<string, LiveRow[]>> {
  const rows = new Map<string, LiveRow[]>();
  const types = [...new Set([...Object.values(world.types), ...(world.withLoop ? ['Gear__c', 'Cog__c'] : [])])];
  const results = await queries(
    conn,
    types.map((type) => {
      const tagField = TAG_FIELD[type] as string;
      const fields = ['Id', tagField, 'LastModifiedDate', ...(READ_FIELDS[type] ?? [])];
      return `SELECT ${fields.join(', ')} FROM ${type} WHERE ${tagField} LIKE '${world.tag}:%'`;
    }),
  );
  for (const [i, type] of types.entries()) {
    const tagField = TAG_FIELD[type] as string;
    for (const record of results[i] ?? []) {
      const key = String(record[tagField]).slice(world.tag.length + 1);
      const { attributes: _a, ...values } = record;
      const list = rows.get(key) ?? [];
      list.push({ key, type, id: String(record.Id), fields: values });
      rows.set(key, list);
    }
  }
  return rows;
}

/** Reads every tagged record, and the files and attachments on them, as the org has them now. */
export async function readWorld(conn: Connection, world: World): Promise<LiveWorld> {
  const rows = await readRows(conn, world);
  const liveIds = [...rows.values()].flat().map((r) => r.id);
  const files: LiveFile[] = [];
  const attachments: LiveWorld['attachments'] = [];
  if (liveIds.length > 0) {
    const [links = [], found = []] = await queries(conn, [
      `SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId IN (${quoted(liveIds)})`,
      `SELECT Id, ParentId, Name, IsPrivate FROM Attachment WHERE ParentId IN (${quoted(liveIds)})`,
    ]);
    const docs = [...new Set(links.map((l) => String(l.ContentDocumentId)))];
    if (docs.length > 0) {
      // Latest versions, and every link of every file (not one query per file).
      const [versions = [], allLinks = []] = await queries(conn, [
        `SELECT Id, ContentDocumentId, ContentDocument.OwnerId, Title, VersionNumber, ReasonForChange, OwnerId, CreatedById, ContentModifiedDate FROM ContentVersion WHERE ContentDocumentId IN (${quoted(docs)}) AND IsLatest = true`,
        `SELECT ContentDocumentId, LinkedEntityId, ShareType, Visibility FROM ContentDocumentLink WHERE ContentDocumentId IN (${quoted(docs)})`,
      ]);
      for (const v of versions) {
        const index = Number(String(v.Title).split(' file ')[1]);
        if (!String(v.Title).startsWith(`${world.tag} file `)) continue;
        const body = await blob(conn, `/sobjects/ContentVersion/${v.Id}/VersionData`);
        files.push({
          index,
          contentDocumentId: v.ContentDocumentId as string,
          latestVersionId: v.Id as string,
          versionNumber: String(v.VersionNumber),
          reasonForChange: typeof v.ReasonForChange === 'string' ? v.ReasonForChange : null,
          content: body,
          // The file's owner is the document's (a version's OwnerId is whoever uploaded it).
          ownerId: String((v.ContentDocument as { OwnerId?: string } | null)?.OwnerId ?? v.OwnerId),
          createdById: v.CreatedById as string,
          contentModifiedDate: v.ContentModifiedDate as string,
          links: allLinks
            .filter((l) => l.ContentDocumentId === v.ContentDocumentId)
            .map((l) => ({
              linkedEntityId: l.LinkedEntityId as string,
              shareType: l.ShareType as string,
              visibility: l.Visibility as string,
            })),
        });
      }
    }
    for (const a of found) {
      attachments.push({
        id: String(a.Id),
        parentId: String(a.ParentId),
        name: String(a.Name),
        isPrivate: a.IsPrivate === true,
        body: await blob(conn, `/sobjects/Attachment/${a.Id}/Body`),
      });
    }
  }
  files.sort((a, b) => a.index - b.index);
  return { rows, files, attachments };
}

async function blob(conn: Connection, path: string): Promise<string> {
  const url = `${conn.instanceUrl}/services/data/v${conn.version}${path}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${conn.accessToken}` } });
  return Buffer.from(await response.arrayBuffer()).toString('utf8');
}
