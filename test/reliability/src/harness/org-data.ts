// Generated restore scenarios in the mock org, through jsforce like any client: a project with many
// milestones (master-detail), deliverables under them (master-detail, required reviewer) and files
// shared with the project. Every record gets a name unique to the scenario's tag, so the org's final
// state can be checked record by record: each name exactly once (no duplicate, nothing lost), under
// the right parent.
import type { Connection } from 'jsforce';

export interface TreeSpec {
  milestones: number;
  /** Deliverables per milestone. */
  deliverablesPer?: number;
  files?: number;
}

export interface ProjectTree {
  tag: string;
  projectId: string;
  spec: Required<TreeSpec>;
  /** The ContentDocuments of the tree's files. */
  documentIds: string[];
  /** Records a related restore of the project writes: project + milestones + deliverables. */
  records: number;
}

type Row = Record<string, any>;

async function createAll(conn: Connection, type: string, records: Row[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < records.length; i += 200) {
    const results = await conn.sobject(type).create(records.slice(i, i + 200), { allOrNone: true });
    for (const r of [results].flat()) {
      if (!r.success || !r.id) throw new Error(`${type} create failed: ${JSON.stringify(r)}`);
      ids.push(r.id);
    }
  }
  return ids;
}

export const milestoneName = (tag: string, i: number) => `M-${tag}-${i}`;
export const deliverableTitle = (tag: string, m: number, d: number) => `D-${tag}-${m}-${d}`;
export const fileTitle = (tag: string, i: number) => `F-${tag}-${i}`;

export async function createProjectTree(conn: Connection, tag: string, spec: TreeSpec): Promise<ProjectTree> {
  const full = { deliverablesPer: 0, files: 0, ...spec };
  const reviewer = (await conn.query<Row>('SELECT Id FROM Contact LIMIT 1')).records[0]?.Id as string;
  const [projectId] = await createAll(conn, 'Project__c', [{ Name: `P-${tag}`, Status__c: 'Active' }]);
  const milestoneIds = await createAll(
    conn,
    'Milestone__c',
    Array.from({ length: full.milestones }, (_, i) => ({
      Name: milestoneName(tag, i),
      Project__c: projectId,
      Sequence__c: i,
    })),
  );
  const deliverables: Row[] = [];
  milestoneIds.forEach((milestoneId, m) => {
    for (let d = 0; d < full.deliverablesPer; d++) {
      deliverables.push({ Title__c: deliverableTitle(tag, m, d), Milestone__c: milestoneId, Reviewer__c: reviewer });
    }
  });
  await createAll(conn, 'Deliverable__c', deliverables);
  const versionIds: string[] = [];
  for (let i = 0; i < full.files; i++) {
    const ids = await createAll(conn, 'ContentVersion', [
      {
        Title: fileTitle(tag, i),
        PathOnClient: `${fileTitle(tag, i)}.txt`,
        VersionData: Buffer.from(`file ${i} of ${tag}\n`.repeat(20)).toString('base64'),
        FirstPublishLocationId: projectId,
      },
    ]);
    versionIds.push(...ids);
  }
  const documentIds: string[] = [];
  if (versionIds.length > 0) {
    const rows = await queryRows(
      conn,
      `SELECT ContentDocumentId FROM ContentVersion WHERE Id IN (${versionIds.map((id) => `'${id}'`).join(',')})`,
    );
    documentIds.push(...rows.map((r) => r.ContentDocumentId as string));
  }
  return {
    tag,
    projectId: projectId!,
    spec: full,
    documentIds,
    records: 1 + full.milestones + full.milestones * full.deliverablesPer,
  };
}

/**
 * Deletes the project (the org cascades to milestones and deliverables, master-detail) and its
 * files, so a restore has to re-create every one of them.
 */
export async function loseProject(conn: Connection, tree: ProjectTree): Promise<void> {
  const r = await conn.sobject('Project__c').destroy(tree.projectId);
  if (!r.success) throw new Error(`delete failed: ${JSON.stringify(r)}`);
  for (const id of tree.documentIds) {
    const d = await conn.sobject('ContentDocument').destroy(id);
    if (!d.success) throw new Error(`file delete failed: ${JSON.stringify(d)}`);
  }
}

export interface TreeCheck {
  /** Expected names missing from the org. */
  lost: string[];
  /** Names present more than once (a record written twice). */
  duplicates: string[];
  /** Records under the wrong parent. */
  misparented: string[];
  counts: { projects: number; milestones: number; deliverables: number; files: number };
}

async function queryRows(conn: Connection, soql: string): Promise<Row[]> {
  const rows: Row[] = [];
  let result = await conn.query<Row>(soql);
  rows.push(...result.records);
  while (!result.done && result.nextRecordsUrl) {
    result = await conn.queryMore<Row>(result.nextRecordsUrl);
    rows.push(...result.records);
  }
  return rows;
}

function tally(names: string[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
  return seen;
}

/**
 * Reads the org and compares it, record by record, with the tree as created: every name exactly
 * once, each milestone under the one live project, each deliverable under its own milestone, every
 * file linked to the project.
 */
export async function checkTree(conn: Connection, tree: ProjectTree): Promise<TreeCheck> {
  const { tag, spec } = tree;
  const projects = await queryRows(conn, `SELECT Id FROM Project__c WHERE Name = 'P-${tag}'`);
  const projectId = projects[0]?.Id as string | undefined;
  // Filtered here rather than with LIKE: the mock answers a LIKE pattern holding '-' with a 500
  // (its LIKE-to-regex escapes '-' under the regex 'u' flag), and these names all hold one.
  const mine = (prefix: string, field: string) => (rows: Row[]) =>
    rows.filter((r) => String(r[field]).startsWith(prefix));
  const milestones = mine(`M-${tag}-`, 'Name')(await queryRows(conn, 'SELECT Id, Name, Project__c FROM Milestone__c'));
  const deliverables = mine(
    `D-${tag}-`,
    'Title__c',
  )(await queryRows(conn, 'SELECT Id, Title__c, Milestone__c FROM Deliverable__c'));
  const files = mine(
    `F-${tag}-`,
    'Title',
  )(await queryRows(conn, 'SELECT Id, Title, ContentDocumentId FROM ContentVersion WHERE IsLatest = true'));
  const expected = {
    milestones: Array.from({ length: spec.milestones }, (_, i) => milestoneName(tag, i)),
    deliverables: Array.from({ length: spec.milestones }, (_, m) =>
      Array.from({ length: spec.deliverablesPer }, (_, d) => deliverableTitle(tag, m, d)),
    ).flat(),
    files: Array.from({ length: spec.files }, (_, i) => fileTitle(tag, i)),
  };
  const lost: string[] = [];
  const duplicates: string[] = [];
  const misparented: string[] = [];
  if (projects.length === 0) lost.push(`P-${tag}`);
  if (projects.length > 1) duplicates.push(`P-${tag}`);
  const compare = (want: string[], have: string[]) => {
    const seen = tally(have);
    for (const name of want) if (!seen.has(name)) lost.push(name);
    for (const [name, n] of seen) if (n > 1) duplicates.push(name);
  };
  compare(
    expected.milestones,
    milestones.map((m) => m.Name),
  );
  compare(
    expected.deliverables,
    deliverables.map((d) => d.Title__c),
  );
  compare(
    expected.files,
    files.map((f) => f.Title),
  );

  const milestoneById = new Map(milestones.map((m) => [m.Id as string, m.Name as string]));
  for (const m of milestones) if (m.Project__c !== projectId) misparented.push(m.Name);
  for (const d of deliverables) {
    const m = Number(String(d.Title__c).split('-').at(-2));
    if (milestoneById.get(d.Milestone__c) !== milestoneName(tag, m)) misparented.push(d.Title__c);
  }
  if (files.length > 0 && projectId) {
    const docIds = files.map((f) => `'${f.ContentDocumentId}'`).join(',');
    const links = await queryRows(
      conn,
      `SELECT ContentDocumentId, LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId IN (${docIds})`,
    );
    const linked = new Set(links.filter((l) => l.LinkedEntityId === projectId).map((l) => l.ContentDocumentId));
    for (const f of files) if (!linked.has(f.ContentDocumentId)) misparented.push(f.Title);
  }
  return {
    lost,
    duplicates,
    misparented,
    counts: {
      projects: projects.length,
      milestones: milestones.length,
      deliverables: deliverables.length,
      files: files.length,
    },
  };
}
