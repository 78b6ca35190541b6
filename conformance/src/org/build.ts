// Builds a generated world in the org through jsforce, every record tagged with the run's tag: the
// hierarchy a collection call per level, then its files and attachments (files.ts).
import type { Connection } from 'jsforce';
import { hierarchyKeys } from '../generators/hierarchy.ts';
import type { TargetSession } from '../targets/target.ts';
import { collection } from './collections.ts';
import { addFilesAndAttachments } from './files.ts';
import { NOTE_FIELD, PARENT_FIELD, TAG_FIELD, type World, type WorldSpec } from './world.ts';

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
