// The one count model of a restore (R04, R05), shared by the summary, the job, the API, the CLI and
// the console. Four kinds of item: records, files, attachments, and metafiles. A metafile is a
// sharing link (ContentDocumentLink) the restore writes for a file: the links that attach a file to
// the records it belongs to and share it (R17), and the owner's link the org makes with a file the
// restore creates (R15). Nobody selects them and Salesforce shows them as no item of their own; the
// job writes them all the same, so they are counted, apart (R05).
//
// Every kind is counted per action before the restore (create, overwrite, new version, skip, will
// fail) and per outcome after it (created, overwritten, new version, skipped, failed). Each set of
// counts carries its `total`, which is the sum of the others; the schemas refuse anything else, so a
// total shown anywhere is the sum of what is shown beside it.
import { z } from 'zod';
import { count } from './common.ts';

export const PLANNED_ACTIONS = ['create', 'overwrite', 'newVersion', 'skip', 'willFail'] as const;
export type PlannedAction = (typeof PLANNED_ACTIONS)[number];

export const OUTCOMES = ['created', 'overwritten', 'newVersion', 'skipped', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ITEM_KINDS = ['records', 'files', 'attachments', 'metafiles'] as const;
export type CountedKind = (typeof ITEM_KINDS)[number];

/** What each planned action writes: the actions that are writes, not skips or failures. */
export const WRITE_ACTIONS = ['create', 'overwrite', 'newVersion'] as const satisfies readonly PlannedAction[];
export const WRITE_OUTCOMES = ['created', 'overwritten', 'newVersion'] as const satisfies readonly Outcome[];

function sumsUp<K extends string>(keys: readonly K[]) {
  return (c: Record<K | 'total', number>) => keys.reduce((sum, k) => sum + c[k], 0) === c.total;
}

export const PlannedCountsSchema = z
  .object({
    create: count,
    overwrite: count,
    /** Files only (R19: different content): records and attachments are never versioned. */
    newVersion: count,
    skip: count,
    willFail: count,
    /** The sum of the five actions. */
    total: count,
  })
  .refine(sumsUp(PLANNED_ACTIONS), { message: 'total is not the sum of the actions' })
  .meta({ id: 'PlannedCounts' });
/** Items of one kind (or of one object's records) per planned action. */
export type PlannedCounts = z.infer<typeof PlannedCountsSchema>;

export const OutcomeCountsSchema = z
  .object({
    created: count,
    overwritten: count,
    newVersion: count,
    skipped: count,
    failed: count,
    /** The sum of the five outcomes: the items of this kind the job has finished with so far. */
    total: count,
  })
  .refine(sumsUp(OUTCOMES), { message: 'total is not the sum of the outcomes' })
  .meta({ id: 'OutcomeCounts' });
/** Items of one kind (or of one object's records) per outcome. */
export type OutcomeCounts = z.infer<typeof OutcomeCountsSchema>;

export function emptyPlannedCounts(): PlannedCounts {
  return { create: 0, overwrite: 0, newVersion: 0, skip: 0, willFail: 0, total: 0 };
}

export function emptyOutcomeCounts(): OutcomeCounts {
  return { created: 0, overwritten: 0, newVersion: 0, skipped: 0, failed: 0, total: 0 };
}

/** Adds `n` items to one action and to the total, so the two never part. */
export function addPlanned(counts: PlannedCounts, action: PlannedAction, n = 1): void {
  counts[action] += n;
  counts.total += n;
}

/** Adds `n` (may be negative, to move an item) to one outcome and to the total. */
export function addOutcome(counts: OutcomeCounts, outcome: Outcome, n = 1): void {
  counts[outcome] += n;
  counts.total += n;
}

/** The sum of several sets of counts (the `all` line of a summary or a job). */
export function sumPlanned(parts: readonly PlannedCounts[]): PlannedCounts {
  const out = emptyPlannedCounts();
  for (const p of parts) for (const a of PLANNED_ACTIONS) addPlanned(out, a, p[a]);
  return out;
}

export function sumOutcomes(parts: readonly OutcomeCounts[]): OutcomeCounts {
  const out = emptyOutcomeCounts();
  for (const p of parts) for (const o of OUTCOMES) addOutcome(out, o, p[o]);
  return out;
}

/** Items the summary will write (create, overwrite, new version). */
export function toWrite(c: PlannedCounts): number {
  return c.create + c.overwrite + c.newVersion;
}

/** Items the job wrote (created, overwritten, new version). */
export function written(c: OutcomeCounts): number {
  return c.created + c.overwritten + c.newVersion;
}
