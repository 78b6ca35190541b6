// R18: a restored file's modification time is the time of the restore.
// Branches the generator reaches: 0–2 files on the Programme or other records, each deleted
// (re-created), given a version with other content (new version) or with the backed-up content
// (overwrite), restored with the Programme alone: every written file carries the restore's time.
import { demand, scenarioArb, scenarioRule } from './rule.ts';

export const r18 = scenarioRule(
  {
    id: 'R18',
    slug: 'file-modtime',
    statement: "A restored file's modification time is the time of the restore, not the backed-up one.",
  },
  scenarioArb({
    maxFiles: 2,
    records: ['leave'],
    files: ['delete', 'addVersion', 'sameContentVersion'],
    roots: 'prog',
    method: 'record',
    secondSnapshot: false,
  }),
  (o, s) => {
    for (const [i, file] of s.world.files.entries()) {
      if (file.on !== 'prog') continue;
      const live = o.after.files.find((f) => f.index === i);
      demand('R18', live, `file ${i} did not come back`);
      demand(
        'R18',
        Date.parse(live.contentModifiedDate) >= o.restoreStartedAt,
        `file ${i} (${s.changes.files[i]}) modified at ${live.contentModifiedDate}, before the restore`,
      );
    }
  },
  // The check looks only at the org after the job: no read before the restore.
  { observeBefore: false },
);
