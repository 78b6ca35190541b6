// The baseline of the end-to-end restore benchmark: the plain loader anyone would write with jsforce.
// It inserts the same Project → Milestone → Deliverable tree level by level, sObject Collections of
// 200 records a call, one call at a time, and none of restorelab's checks.
import type { Connection } from 'jsforce';

/** The tree of one size: one project, 20 % milestones, the rest deliverables. */
export interface TreeShape {
  records: number;
  milestones: number;
  deliverables: number;
}

export function treeShape(records: number): TreeShape {
  const milestones = Math.max(1, Math.round(records * 0.2));
  return { records, milestones, deliverables: Math.max(0, records - 1 - milestones) };
}

type Fields = Record<string, unknown>;
interface Saved {
  id?: string;
  success: boolean;
  errors?: unknown[];
}

/** Inserts one level in collections of 200; returns the new ids in order, and the calls made. */
async function insertLevel(conn: Connection, type: string, rows: Fields[]): Promise<{ ids: string[]; calls: number }> {
  const ids: string[] = [];
  let calls = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const records = rows.slice(i, i + 200).map((r) => ({ attributes: { type }, ...r }));
    const saved = await conn.request<Saved[]>({
      method: 'POST',
      url: '/composite/sobjects',
      body: JSON.stringify({ allOrNone: true, records }),
      headers: { 'content-type': 'application/json' },
    });
    calls++;
    for (const s of saved) {
      if (!s.success || !s.id) throw new Error(`loader: ${type} not inserted: ${JSON.stringify(s.errors)}`);
      ids.push(s.id);
    }
  }
  return { ids, calls };
}

/**
 * The loader: project, then milestones under it, then deliverables under the milestones. `code` is
 * the project's unique code (a second tree in the same org needs another).
 */
export async function loadTree(conn: Connection, shape: TreeShape, reviewers: readonly string[], code = 'BENCH-E2E') {
  const started = performance.now();
  const project = await insertLevel(conn, 'Project__c', [{ Name: 'Bench project', Code__c: code }]);
  const rootId = project.ids[0]!;
  const milestoneRows = Array.from({ length: shape.milestones }, (_, i) => ({
    Name: `Milestone ${i}`,
    Project__c: rootId,
    Sequence__c: i,
  }));
  const milestones = await insertLevel(conn, 'Milestone__c', milestoneRows);
  const deliverableRows = Array.from({ length: shape.deliverables }, (_, i) => ({
    Title__c: `Deliverable ${i}`,
    Milestone__c: milestones.ids[i % milestones.ids.length],
    Reviewer__c: reviewers[i % reviewers.length],
  }));
  const deliverables = await insertLevel(conn, 'Deliverable__c', deliverableRows);
  const calls = project.calls + milestones.calls + deliverables.calls;
  return { rootId, ms: performance.now() - started, calls };
}

/**
 * The fewest write calls a level-by-level insert can make: per level ⌈records / per call⌉ with
 * sObject Collections (200); with Composite Graph (500 nodes a graph, levels in one graph) ⌈records / 500⌉.
 */
export function writeFloor(shape: TreeShape) {
  const collections = 1 + Math.ceil(shape.milestones / 200) + Math.ceil(shape.deliverables / 200);
  return { collections, graph: Math.ceil(shape.records / 500) };
}
