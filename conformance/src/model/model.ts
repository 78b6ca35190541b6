// The reference model of an org for the model-based test: which records of the world are live,
// their notes, the snapshots taken (what each held), and the global invariants every restore
// must leave the org in, read back through jsforce.
import type { HierarchySpec } from '../generators/hierarchy.ts';
import { readWorld } from '../org/read.ts';
import { type LiveWorld, PARENT_FIELD, type World } from '../org/world.ts';
import type { TargetSession } from '../targets/target.ts';

/** The two records of the mandatory loop (R09) carry these keys. */
export const LOOP_KEYS = ['gear', 'cog'] as const;
/** Children whose link to their parent is mandatory (master-detail): they cannot come back without it. */
const MANDATORY_PARENT = new Set(['Stage__c', 'Step__c']);

export interface ModelRecord {
  /** The note the record carries (absent for objects without a note field). */
  note: string | undefined;
  /** Its id in the org (a record restored after a delete lives under a new id). */
  id: string;
}

export interface ModelSnapshot {
  id: string;
  /** Key → the record as backed up (its id then, and its note). */
  records: Map<string, { id: string; note: string | undefined }>;
}

export interface OrgModel {
  hierarchy: HierarchySpec;
  /** Key → parent key, for the hierarchy (loop keys have none). */
  parents: Record<string, string | undefined>;
  types: Record<string, string>;
  /** Live records by key. */
  live: Map<string, ModelRecord>;
  snapshots: ModelSnapshot[];
  /** Versions each file has (latest number). */
  fileVersions: number[];
  fileDeleted: boolean[];
  loopPurged: boolean;
  notes: number;
}

/** The real side: a session on a target, the world built in it, and the org as last read. */
export interface OrgUnderTest {
  session: TargetSession;
  world: World;
  loop: { gearId: string; cogId: string } | undefined;
  live: LiveWorld;
}

export function descendants(model: Pick<OrgModel, 'parents'>, key: string): string[] {
  const out: string[] = [];
  const walk = (k: string) => {
    for (const [child, parent] of Object.entries(model.parents)) {
      if (parent === k) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(key);
  return out;
}

/**
 * Keys beneath `key` as a related restore selects them (R01): every record whose links lead up to
 * it, which besides the hierarchy's parent links includes the programme when it leads with stage0
 * (its Lead_Stage__c points at stage0). Listed in hierarchy order, parents before children.
 * `descendants` is the cascade of a delete instead, which follows parent links only.
 */
export function beneath(model: Pick<OrgModel, 'parents' | 'hierarchy' | 'types'>, key: string): string[] {
  const links: Array<[from: string, to: string]> = Object.entries(model.parents).flatMap(([child, parent]) =>
    parent ? [[child, parent] as [string, string]] : [],
  );
  if (model.hierarchy.leadStage && 'stage0' in model.types && 'prog' in model.types) links.push(['prog', 'stage0']);
  const seen = new Set([key]);
  const walk = (k: string) => {
    for (const [from, to] of links) {
      if (to === k && !seen.has(from)) {
        seen.add(from);
        walk(from);
      }
    }
  };
  walk(key);
  seen.delete(key);
  return Object.keys(model.types).filter((k) => seen.has(k));
}

export function isMandatoryChild(model: OrgModel, key: string): boolean {
  return MANDATORY_PARENT.has(model.types[key] ?? '');
}

export function liveId(real: OrgUnderTest, key: string): string | undefined {
  return real.live.rows.get(key)?.[0]?.id;
}

export async function refresh(real: OrgUnderTest): Promise<void> {
  real.live = await readWorld(real.session.conn, real.world);
}

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  readonly code = 'MODEL_INVARIANT';
}

function demand(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

/** The invariants that hold after any restore, whatever came before. */
export function checkInvariants(model: OrgModel, real: OrgUnderTest): void {
  const live = real.live;
  const ids = new Set([...live.rows.values()].flat().map((r) => r.id));
  ids.add(real.world.checkerId);
  for (const [key, rows] of live.rows) {
    // No record restored twice: one live row per backed-up record (rows are found by their tag).
    demand(rows.length === 1, `${key} is in the org ${rows.length} times`);
    const row = rows[0] as (typeof rows)[number];
    // Every child points at a parent that exists.
    const field = PARENT_FIELD[row.type];
    const parentId = field ? (row.fields[field] as string | null | undefined) : undefined;
    if (parentId) demand(ids.has(parentId), `${key}.${field} points at ${parentId}, which is not in the org`);
    if (row.type === 'Step__c')
      demand(ids.has(row.fields.Checker__c as string), `${key}.Checker__c points at a missing Contact`);
  }
  // Nothing of a mandatory loop is written once the loop is gone.
  if (model.loopPurged)
    for (const key of LOOP_KEYS) demand(!live.rows.has(key), `${key} of the purged mandatory loop was written`);
  // The org holds exactly the records the model says are live.
  const expected = [...model.live.keys()].sort();
  const actual = [...live.rows.keys()].sort();
  demand(
    JSON.stringify(expected) === JSON.stringify(actual),
    `the org holds [${actual.join(', ')}], the model expects [${expected.join(', ')}]`,
  );
}
