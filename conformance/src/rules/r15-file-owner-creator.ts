// R15: a restored file keeps its owner; the admin running the restore becomes its creator.
// Branches the generator reaches: 0–2 files on any record, owned by the admin or another user, later
// versions uploaded by the owner or the admin, every file deleted, the Programme restored with related
// records (files on the Account stay out of the request).
import type { Scenario } from '../scenario.ts';
import { demand, scenarioArb, scenarioRule, scopeOf } from './rule.ts';

const rule = scenarioRule(
  {
    id: 'R15',
    slug: 'file-owner-creator',
    statement:
      "A restored file keeps its owner, is created by the admin running the restore, and sits in the owner's library.",
  },
  scenarioArb({
    maxFiles: 2,
    records: ['leave'],
    files: ['delete'],
    roots: 'prog',
    // With its related records, so files on Stages and Steps come back and their owners are checked too.
    method: 'related',
    secondSnapshot: false,
  }),
  (o, s) => {
    const scope = new Set(scopeOf(o, s));
    for (const [i, file] of s.world.files.entries()) {
      const live = o.after.files.find((f) => f.index === i);
      // A deleted file outside the request stays gone; one inside comes back (R14): missing is a finding.
      if (!scope.has(file.on)) continue;
      demand('R15', live, `file ${i} on ${file.on} did not come back`);
      demand(
        'R15',
        live.ownerId === o.world.owners[i],
        `file ${i} is owned by ${live.ownerId}, backed up with owner ${o.world.owners[i]}`,
      );
      demand(
        'R15',
        live.createdById === o.world.adminUserId,
        `file ${i} was created by ${live.createdById}, not the admin`,
      );
    }
  },
  // The check looks only at the org after the job: no read before the restore.
  { observeBefore: false },
);

/**
 * Always tried: a file owned by another user whose latest version the admin uploaded. The
 * backup once took the latest version's uploader as the owner (packages/snapshots).
 */
const adminUploadedVersion: Scenario = {
  world: {
    hierarchy: { account: false, cases: [], recordType: 'master', status: 'Planned', stages: [], leadStage: false },
    files: [{ on: 'prog', versions: 2, ownedByOther: true, laterVersionsByAdmin: true, share: null }],
    attachments: [],
  },
  secondSnapshot: false,
  changes: { records: { prog: 'leave' }, files: ['delete'] },
  sameTime: false,
  request: { root: 'prog', method: 'related', snapshot: 'default' },
};

export const r15 = { ...rule, examples: [adminUploadedVersion] };
