// Builds a generated world in the org through jsforce (every record tagged with the run's tag),
// applies the changes before a restore, reads the world back, and cleans it up. Only records that
// carry the run's tag are ever read, changed or deleted, so a real org's own data is never touched.
import { toId18 } from '@restorelab/salesforce';
import { BATCH_SUBREQUESTS, queryBatch } from '@restorelab/salesforce/client';
import type { Connection } from 'jsforce';
import type { AttachmentSpec } from '../generators/attachments.ts';
import type { ChangeSpec } from '../generators/changes.ts';
import { type FileSpec, fileContent } from '../generators/files.ts';
import { type HierarchySpec, hierarchyKeys } from '../generators/hierarchy.ts';
import type { TargetSession } from '../targets/target.ts';

export interface WorldSpec {
  hierarchy: HierarchySpec;
  files: FileSpec[];
  attachments: AttachmentSpec[];
}

export interface World {
  tag: string;
  spec: WorldSpec;
  /** Logical key → id at build time. */
  ids: Record<string, string>;
  types: Record<string, string>;
  parents: Record<string, string | undefined>;
  checkerId: string;
  /** ContentDocument id per file, in spec order. */
  documents: string[];
  /** Versions written per file (grows with changes). */
  versions: number[];
  attachmentIds: string[];
  /** Owner of each file at backup time (R15). */
  owners: string[];
  /** The user each file is shared with (R17), per file. */
  shareTargets: Array<string | undefined>;
  adminUserId: string;
  otherUserId: string | undefined;
  /** A Gear/Cog loop was seeded with the world's tag: only then are those objects read (R09). */
  withLoop?: boolean;
}

/** A record of the world as the org has it now. */
export interface LiveRow {
  key: string;
  type: string;
  id: string;
  fields: Record<string, unknown>;
}

export interface LiveFile {
  index: number;
  contentDocumentId: string;
  latestVersionId: string;
  versionNumber: string;
  content: string;
  ownerId: string;
  createdById: string;
  contentModifiedDate: string;
  links: Array<{ linkedEntityId: string; shareType: string; visibility: string }>;
}

export interface LiveWorld {
  /** Live rows by logical key (more than one means a record was restored twice). */
  rows: Map<string, LiveRow[]>;
  files: LiveFile[];
  attachments: Array<{ id: string; parentId: string; name: string; isPrivate: boolean; body: string }>;
}

const TAG_FIELD: Record<string, string> = {
  Account: 'Name',
  Case: 'Subject',
  Contact: 'LastName',
  Programme__c: 'Tag__c',
  Stage__c: 'Tag__c',
  Step__c: 'Tag__c',
  Gear__c: 'Tag__c',
  Cog__c: 'Tag__c',
};
const READ_FIELDS: Record<string, string[]> = {
  Account: ['Description'],
  Case: ['Status', 'AccountId', 'Description'],
  Programme__c: ['Status__c', 'RecordTypeId', 'Note__c', 'Account__c', 'Lead_Stage__c'],
  Stage__c: ['Programme__c', 'Note__c'],
  Step__c: ['Stage__c', 'Checker__c', 'Note__c'],
  Gear__c: ['Cog__c'],
  Cog__c: ['Gear__c'],
};
/** The field a change writes, per object (never the tag). */
export const NOTE_FIELD: Record<string, string> = {
  Account: 'Description',
  Case: 'Description',
  Programme__c: 'Note__c',
  Stage__c: 'Note__c',
  Step__c: 'Note__c',
};
/** The field that links a child to its parent in the hierarchy. */
export const PARENT_FIELD: Record<string, string> = {
  Case: 'AccountId',
  Programme__c: 'Account__c',
  Stage__c: 'Programme__c',
  Step__c: 'Stage__c',
};

const b64 = (text: string) => Buffer.from(text).toString('base64');

async function create(conn: Connection, type: string, fields: Record<string, unknown>): Promise<string> {
  const result = (await conn.sobject(type).create(fields)) as { id?: string; success: boolean; errors?: unknown };
  if (!result.success || !result.id) throw new Error(`create ${type} failed: ${JSON.stringify(result.errors)}`);
  return result.id;
}

interface NewRecord {
  type: string;
  fields: Record<string, unknown>;
}

interface CollectionResult {
  id?: string;
  success: boolean;
  errors?: unknown;
}

/** The sObject Collections limit per call. */
const COLLECTION_MAX = 200;

/**
 * Writes records of any types in one sObject Collections call per 200 (all or none): a world is a
 * handful of calls, not one per record, which matters on a real org's API allocation as much as
 * for the suite's speed.
 */
async function collection(
  conn: Connection,
  method: 'POST' | 'PATCH',
  records: readonly NewRecord[],
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < records.length; i += COLLECTION_MAX) {
    const part = records.slice(i, i + COLLECTION_MAX);
    const results = (await conn.request({
      method,
      url: '/composite/sobjects',
      body: JSON.stringify({
        allOrNone: true,
        records: part.map((r) => ({ attributes: { type: r.type }, ...r.fields })),
      }),
      headers: { 'content-type': 'application/json' },
    })) as CollectionResult[];
    results.forEach((result, k) => {
      if (!result.success || !result.id)
        throw new Error(
          `${method === 'POST' ? 'create' : 'update'} ${part[k]?.type} failed: ${JSON.stringify(result.errors)}`,
        );
      ids.push(result.id);
    });
  }
  return ids;
}

/** Deletes records of any types, in the order given, a collection call per 200; records already gone are fine. */
async function destroyIds(conn: Connection, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += COLLECTION_MAX) {
    const part = ids.slice(i, i + COLLECTION_MAX);
    await conn
      .request({ method: 'DELETE', url: `/composite/sobjects?allOrNone=false&ids=${part.join(',')}` })
      .catch(() => undefined);
  }
}

/** Record type ids by connection and developer name: looked up once per session, not per world. */
const recordTypeIds = new WeakMap<Connection, Map<string, Promise<string>>>();

function recordTypeId(conn: Connection, developerName: string): Promise<string> {
  const known = recordTypeIds.get(conn) ?? new Map<string, Promise<string>>();
  recordTypeIds.set(conn, known);
  let id = known.get(developerName);
  if (!id) {
    id = lookUpRecordType(conn, developerName);
    id.catch(() => known.delete(developerName));
    known.set(developerName, id);
  }
  return id;
}

async function lookUpRecordType(conn: Connection, developerName: string): Promise<string> {
  const rows = await conn.query<{ Id: string }>(
    `SELECT Id FROM RecordType WHERE SobjectType = 'Programme__c' AND DeveloperName = '${developerName}'`,
  );
  const id = rows.records[0]?.Id;
  if (!id) throw new Error(`record type Programme__c.${developerName} missing: deploy the fixture schema`);
  return id;
}

export async function buildWorld(session: TargetSession, spec: WorldSpec, tag: string): Promise<World> {
  const { conn } = session;
  const h = spec.hierarchy;
  const world: World = {
    tag,
    spec,
    ids: {},
    types: {},
    parents: {},
    checkerId: '',
    documents: [],
    versions: [],
    attachmentIds: [],
    owners: [],
    shareTargets: [],
    adminUserId: session.adminUserId,
    otherUserId: session.otherUserId,
  };
  const note = 'v1';
  // One collection call per level of the hierarchy: a level's parents all exist before it is sent.
  const levels: Array<Array<{ key: string; type: string; fields: Record<string, unknown> }>> = [];
  const depth: Record<string, number> = {};
  for (const { key, type, parent } of hierarchyKeys(h)) {
    world.types[key] = type;
    world.parents[key] = parent;
    depth[key] = parent ? (depth[parent] as number) + 1 : 0;
    const fields: Record<string, unknown> = { [TAG_FIELD[type] as string]: `${tag}:${key}` };
    if (NOTE_FIELD[type]) fields[NOTE_FIELD[type] as string] = note;
    if (type === 'Case') fields.Status = h.cases[Number(key.slice(4))]?.status;
    if (type === 'Programme__c') {
      fields.Name = `${tag} programme`;
      fields.Status__c = h.status;
      if (h.recordType !== 'master') fields.RecordTypeId = await recordTypeId(conn, h.recordType);
    }
    if (type === 'Stage__c' || type === 'Step__c') fields.Name = `${tag} ${key}`;
    const level = levels[depth[key] as number] ?? [];
    level.push({ key, type, fields });
    levels[depth[key] as number] = level;
  }
  for (const [depthOf, level] of levels.entries()) {
    const records = level.map(({ key, type, fields }) => {
      const parentId = world.parents[key] ? world.ids[world.parents[key] as string] : undefined;
      const linked = type === 'Step__c' ? { ...fields, Checker__c: world.checkerId } : fields;
      return {
        type,
        fields: parentId && PARENT_FIELD[type] ? { ...linked, [PARENT_FIELD[type] as string]: parentId } : linked,
      };
    });
    // The checker (the Contact every step's optional lookup points at) goes with the first level,
    // which always holds the programme.
    if (depthOf === 0) records.push({ type: 'Contact', fields: { LastName: `${tag}:checker` } });
    const ids = await collection(conn, 'POST', records);
    level.forEach(({ key }, i) => {
      world.ids[key] = ids[i] as string;
    });
    if (depthOf === 0) world.checkerId = ids[level.length] as string;
  }
  if (h.leadStage && world.ids.stage0) {
    await conn.sobject('Programme__c').update({ Id: world.ids.prog as string, Lead_Stage__c: world.ids.stage0 });
  }
  await addFilesAndAttachments(session, world, spec, tag);
  return world;
}

/**
 * Files (with their later versions and shares) and attachments, a collection call per step rather
 * than a call per item: every file's first version with every attachment (blob fields go base64 in
 * the JSON), one query for the new documents, then each later version number across the files, then
 * the shares.
 */
async function addFilesAndAttachments(
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

/** Applies the changes before the restore: modify writes the note field, delete deletes. */
export async function applyChanges(session: TargetSession, world: World, changes: ChangeSpec): Promise<void> {
  const { conn } = session;
  const modified = Object.entries(changes.records).flatMap(([key, change]) => {
    const type = world.types[key] as string;
    return change === 'modify' && NOTE_FIELD[type]
      ? [{ type, fields: { Id: world.ids[key], [NOTE_FIELD[type] as string]: 'changed' } }]
      : [];
  });
  await collection(conn, 'PATCH', modified);
  for (const [i, change] of changes.files.entries()) {
    const documentId = world.documents[i] as string;
    if (change === 'addVersion') {
      world.versions[i] = (world.versions[i] ?? 1) + 1;
      await addVersion(conn, documentId, world.tag, i, `${world.tag} file ${i} changed after the backup\n`);
    } else if (change === 'sameContentVersion') {
      await addVersion(conn, documentId, world.tag, i, fileContent(world.tag, i, world.versions[i] ?? 1));
    } else if (change === 'delete') {
      await destroyIds(conn, [documentId]);
    }
  }
  // One call, in key order: a deleted master takes its details along, and deleting one of them
  // again answers ENTITY_IS_DELETED for that record alone, which is fine.
  await destroyIds(
    conn,
    Object.entries(changes.records).flatMap(([key, change]) => (change === 'delete' ? [world.ids[key] as string] : [])),
  );
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
async function readRows(conn: Connection, world: World): Promise<Map<string, LiveRow[]>> {
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
        `SELECT Id, ContentDocumentId, ContentDocument.OwnerId, Title, VersionNumber, OwnerId, CreatedById, ContentModifiedDate FROM ContentVersion WHERE ContentDocumentId IN (${quoted(docs)}) AND IsLatest = true`,
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

/** Deletes everything the run created (only tagged records and their files), one call per 200 ids. */
export async function cleanUpWorld(
  session: Pick<TargetSession, 'conn' | 'mock'>,
  world: World,
  /** The tagged rows as last read, when nothing has changed the org since; read afresh otherwise. */
  known?: ReadonlyMap<string, LiveRow[]>,
): Promise<void> {
  const { conn } = session;
  const live = known ?? (await readRows(conn, world).catch(() => undefined));
  const rows = [...(live?.values() ?? [])].flat();
  // The run's files are the documents whose latest version carries its tag in the title (restored
  // copies keep it): found without going through the records, so a file restored onto a record the
  // tag does not reach is still cleaned up.
  const own = await records<{ ContentDocumentId: string }>(
    conn,
    `SELECT ContentDocumentId FROM ContentVersion WHERE IsLatest = true AND Title LIKE '${world.tag} file %'`,
  );
  // Everything in one delete call (per 200), files first, then children before their parents.
  const order = ['Step__c', 'Stage__c', 'Case', 'Programme__c', 'Gear__c', 'Cog__c', 'Account'];
  const ids = [
    ...new Set([...(own ?? []).map((v) => v.ContentDocumentId), ...world.documents]),
    ...order.flatMap((type) => rows.filter((r) => r.type === type).map((r) => r.id)),
    world.checkerId,
  ];
  await destroyIds(conn, ids);
  // A mock org also forgets them, and the records the run's changes deleted, so that an org living
  // through thousands of runs stays small (a real org's recycle bin keeps them 15 days).
  session.mock?.purgeDeleted([...ids, ...Object.values(world.ids), ...world.attachmentIds]);
}

/** The rows of a query, or undefined if it failed (clean-up goes on regardless). */
async function records<T extends Record<string, unknown>>(conn: Connection, soql: string): Promise<T[] | undefined> {
  try {
    return (await conn.query<T>(soql)).records;
  } catch {
    return undefined;
  }
}
