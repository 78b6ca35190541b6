// R19: a file still in the org is skipped (same time), versioned (different content) or
// overwritten (same content). A file an earlier restore re-created is that file in the org: restored
// again, it is versioned or overwritten, never made a second time.
// Branches the generator reaches: 0–2 files (1–3 versions, any owner) on the Programme or its
// Account/Stages, each left (skip), given a version with other content (new version), given a
// version with the backed-up content (overwrite) or deleted (re-created); the Programme restored
// record only, once or twice. Which action happened is checked three ways: the summary's files.*
// counts and the job's, the version count and modification time in the org (a skip writes no
// version, the others exactly one, at the restore), and the written versions' reason for change (an
// overwrite and a new version say different things).
import type { FileChange } from '../generators/changes.ts';
import { fileContent } from '../generators/files.ts';
import type { Outcome, Scenario } from '../scenario.ts';
import { demand, scenarioArb, scenarioRule, seenBefore } from './rule.ts';

type FileAction = 'create' | 'newVersion' | 'overwrite' | 'skip';

/** What R19 (and R14 for a deleted file) makes of a file changed so, and of the first restore's copy. */
const FIRST: Record<FileChange, FileAction> = {
  leave: 'skip',
  addVersion: 'newVersion',
  sameContentVersion: 'overwrite',
  delete: 'create',
  reshare: 'newVersion',
};
/** Restored again: the first restore wrote the backed-up content at another time (same content). */
const AGAIN: Record<FileChange, FileAction> = {
  leave: 'skip',
  addVersion: 'overwrite',
  sameContentVersion: 'overwrite',
  delete: 'overwrite',
  reshare: 'overwrite',
};

/** The summary's file counts and the job's are the actions the changes call for, file by file. */
function demandActions(o: Outcome, s: Scenario, table: Record<FileChange, FileAction>, which: string) {
  const summary = which === 'the repeated restore' ? o.summary : (o.first?.summary ?? o.summary);
  const job = which === 'the repeated restore' ? o.job : (o.first?.job ?? o.job);
  const expected: Record<FileAction, number> = { create: 0, newVersion: 0, overwrite: 0, skip: 0 };
  for (const [i, file] of s.world.files.entries())
    if (file.on === 'prog') expected[table[s.changes.files[i] ?? 'leave']]++;
  const actions = ['create', 'newVersion', 'overwrite', 'skip'] as const;
  const said = actions.map((a) => `${a} ${summary.files[a] ?? 0}`).join(', ');
  const wanted = actions.map((a) => `${a} ${expected[a]}`).join(', ');
  demand('R19', said === wanted, `${which}'s summary says files ${said}; the changes call for ${wanted}`);
  const counts = job.counts?.files;
  if (counts)
    demand(
      'R19',
      counts.created === expected.create &&
        counts.updated === expected.newVersion + expected.overwrite &&
        counts.skipped === expected.skip,
      `${which}'s job created ${counts.created}, updated ${counts.updated}, skipped ${counts.skipped} file(s); the changes call for ${wanted}`,
    );
}

const rule = scenarioRule(
  {
    id: 'R19',
    slug: 'file-exists',
    statement:
      'A file still in the org (or re-created by an earlier restore) is skipped when unchanged, gets a new version when its content differs, else its latest is overwritten.',
  },
  scenarioArb({
    maxFiles: 2,
    records: ['leave'],
    files: ['leave', 'addVersion', 'sameContentVersion', 'delete'],
    roots: 'prog',
    method: 'record',
    secondSnapshot: false,
    repeat: 'maybe',
  }),
  (o, s) => {
    demandActions(o, s, FIRST, 'the restore');
    if (o.first) demandActions(o, s, AGAIN, 'the repeated restore');
    const firstAfter = o.first?.after ?? o.after;
    const reasons = new Map<FileAction, Set<string | null>>();
    for (const [i, file] of s.world.files.entries()) {
      if (file.on !== 'prog') continue;
      const change = s.changes.files[i] ?? 'leave';
      const was = seenBefore(o).files.find((f) => f.index === i);
      const now = firstAfter.files.find((f) => f.index === i);
      const action = FIRST[change];
      if (was && now && action !== 'create') {
        // The org shows which action happened: a skip writes no version, the others exactly one, now.
        const written = action !== 'skip';
        demand(
          'R19',
          Number(now.versionNumber) === Number(was.versionNumber) + (written ? 1 : 0),
          `file ${i} (${change}, to ${action}) went from version ${was.versionNumber} to ${now.versionNumber}`,
        );
        demand(
          'R19',
          written
            ? Date.parse(now.contentModifiedDate) > Date.parse(was.contentModifiedDate)
            : now.contentModifiedDate === was.contentModifiedDate,
          `file ${i} (${change}, to ${action}) was modified at ${was.contentModifiedDate}, then ${now.contentModifiedDate}`,
        );
        if (written) {
          const seen = reasons.get(action) ?? new Set();
          seen.add(now.reasonForChange);
          reasons.set(action, seen);
        }
      }
    }
    const [overwrites, versions] = [reasons.get('overwrite'), reasons.get('newVersion')];
    if (overwrites && versions)
      demand(
        'R19',
        [...overwrites].every((r) => r && !versions.has(r)),
        `an overwrite and a new version give the same reason for change (${[...overwrites].join(', ')} / ${[...versions].join(', ')})`,
      );
    for (const [i, file] of s.world.files.entries()) {
      if (file.on !== 'prog') continue;
      const copies = o.after.files.filter((f) => f.index === i);
      demand('R19', copies.length <= 1, `file ${i} exists as ${copies.length} documents`);
      const live = copies[0];
      if (s.changes.files[i] === 'delete') {
        // Re-created by the first restore (R14); a repeat finds that copy in the org and writes over it.
        demand('R19', live, `deleted file ${i} did not come back`);
        demand(
          'R19',
          live.content === fileContent(o.world.tag, i, file.versions),
          `re-created file ${i} does not hold the backed-up content`,
        );
        const firstCopy = o.first?.after.files.find((f) => f.index === i);
        if (o.first)
          demand(
            'R19',
            firstCopy?.contentDocumentId === live.contentDocumentId,
            `restored again, file ${i} became another document`,
          );
        continue;
      }
      const before = seenBefore(o).files.find((f) => f.index === i);
      demand('R19', before && live, `file ${i} is missing`);
      demand('R19', live.contentDocumentId === before.contentDocumentId, `file ${i} became another document`);
      const change = s.changes.files[i];
      if (change === 'leave') {
        demand('R19', live.latestVersionId === before.latestVersionId, `unchanged file ${i} was written`);
      } else {
        demand(
          'R19',
          live.content === fileContent(o.world.tag, i, file.versions),
          `file ${i} (${change}) does not hold the backed-up content`,
        );
        if (change === 'addVersion')
          demand('R19', live.latestVersionId !== before.latestVersionId, `file ${i} got no new version`);
      }
    }
  },
);

/** Always tried: a deleted file restored twice with its record. The second restore once made a second document. */
const restoredTwice: Scenario = {
  world: {
    hierarchy: { account: false, cases: [], recordType: 'master', status: 'Planned', stages: [], leadStage: false },
    files: [{ on: 'prog', versions: 2, ownedByOther: false, share: null }],
    attachments: [],
  },
  secondSnapshot: false,
  changes: { records: { prog: 'leave' }, files: ['delete'] },
  sameTime: false,
  request: { root: 'prog', method: 'record', snapshot: 'default' },
  repeat: true,
};

export const r19 = { ...rule, examples: [restoredTwice] };
