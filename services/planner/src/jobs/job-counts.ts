// A job's counts in the one count model (@restorelab/planner-api, schemas/counts.ts): every item of
// the plan ends in exactly one outcome of its kind, and every change goes through `tally`, which
// moves the kind's counts (and, for records, its object's), and `all`, together. So a finished job
// counts, per kind, as many items as its summary planned, and each total is the sum beside it.
// Pure functions of the state and the plan: no I/O, so the job manager's commit path stays apart.
import {
  addOutcome,
  emptyOutcomeCounts,
  type JobCounts,
  type Outcome,
  type PlannedAction,
} from '@restorelab/planner-api';
import type { PlannedFile } from '@restorelab/restore-plan';

/** Where an item is counted: a record of its object, or a file, an attachment, a metafile. */
export type CountTarget = { kind: 'records'; objectType: string } | { kind: 'files' | 'attachments' | 'metafiles' };

export const RECORD = (objectType: string): CountTarget => ({ kind: 'records', objectType });
export const FILES: CountTarget = { kind: 'files' };
export const ATTACHMENTS: CountTarget = { kind: 'attachments' };
export const METAFILES: CountTarget = { kind: 'metafiles' };

export function emptyJobCounts(selected: number): JobCounts {
  return {
    selected,
    records: { total: emptyOutcomeCounts(), byObject: {} },
    files: emptyOutcomeCounts(),
    attachments: emptyOutcomeCounts(),
    metafiles: emptyOutcomeCounts(),
    all: emptyOutcomeCounts(),
    unattributed: 0,
  };
}

/** Counts `n` items (negative `n` takes them back, to move an item to another outcome). */
export function tally(counts: JobCounts, target: CountTarget, outcome: Outcome, n = 1): void {
  if (n === 0) return;
  if (target.kind === 'records') {
    counts.records.byObject[target.objectType] ??= emptyOutcomeCounts();
    addOutcome(counts.records.byObject[target.objectType]!, outcome, n);
    addOutcome(counts.records.total, outcome, n);
  } else {
    addOutcome(counts[target.kind], outcome, n);
  }
  addOutcome(counts.all, outcome, n);
}

/** The outcome a planned action has when it goes as planned. */
export function outcomeOf(action: PlannedAction): Outcome {
  switch (action) {
    case 'create':
      return 'created';
    case 'overwrite':
      return 'overwritten';
    case 'newVersion':
      return 'newVersion';
    case 'skip':
      return 'skipped';
    case 'willFail':
      return 'failed';
  }
}

/**
 * The planned links (metafiles) of a file, split by what the job can do with them: `owner`, the
 * owner's link the org makes with a created file; `sendable`, the links sent to a writer (for a
 * skipped file: only its links to re-created records); `unsendable`, links to re-created records
 * that did not come back (no new id to link to); `idle`, links of a skipped file that are not sent.
 */
export function fileLinkShares(
  file: Pick<PlannedFile, 'links' | 'action'>,
  idMap: Readonly<Record<string, string>>,
): { owner: number; sendable: number; unsendable: number; idle: number } {
  const shares = { owner: 0, sendable: 0, unsendable: 0, idle: 0 };
  for (const link of file.links) {
    if (file.action === 'skip' && (link.ownerLink || !link.rewriteToNewId)) shares.idle++;
    else if (link.ownerLink) shares.owner++;
    else if (link.rewriteToNewId && !idMap[link.linkedEntityId]) shares.unsendable++;
    else shares.sendable++;
  }
  return shares;
}

/**
 * As the file step starts, the links no writer will see: those to records that did not come back
 * fail (the record's failure says why), those of a skipped file that are not sent are skipped.
 * True when it counted any.
 */
export function tallyUnsentLinks(
  counts: JobCounts,
  files: readonly Pick<PlannedFile, 'links' | 'action'>[],
  idMap: Readonly<Record<string, string>>,
): boolean {
  let any = false;
  for (const file of files) {
    if (file.action === 'willFail') continue;
    const { unsendable, idle } = fileLinkShares(file, idMap);
    tally(counts, METAFILES, 'failed', unsendable);
    tally(counts, METAFILES, 'skipped', idle);
    any ||= unsendable + idle > 0;
  }
  return any;
}

/**
 * The metafiles of a file task once its writer answered: links written count as created (or
 * overwritten, as planned), the owner's link as created with a created file; links the writer
 * found in place already are skipped; with a failed task, every link not written failed.
 */
export function tallyFileLinks(
  counts: JobCounts,
  file: Pick<PlannedFile, 'links' | 'action'>,
  idMap: Readonly<Record<string, string>>,
  answer: { success: boolean; linksWritten: number },
): void {
  const { owner, sendable } = fileLinkShares(file, idMap);
  const wrote = Math.min(sendable, answer.linksWritten);
  const overwrites = Math.min(wrote, file.links.filter((l) => !l.ownerLink && l.change === 'overwrite').length);
  tally(counts, METAFILES, 'created', wrote - overwrites);
  tally(counts, METAFILES, 'overwritten', overwrites);
  if (answer.success) {
    tally(counts, METAFILES, 'skipped', sendable - wrote);
    tally(counts, METAFILES, file.action === 'create' ? 'created' : 'skipped', owner);
  } else {
    tally(counts, METAFILES, 'failed', sendable - wrote + owner);
  }
}

/** The metafiles of a file whose task never ran (it failed, or its writer gave up): all failed. */
export function failFileLinks(
  counts: JobCounts,
  file: Pick<PlannedFile, 'links' | 'action'>,
  idMap: Readonly<Record<string, string>>,
): void {
  const { owner, sendable } = fileLinkShares(file, idMap);
  tally(counts, METAFILES, 'failed', owner + sendable);
}
