// R17: all of a file's sharing comes back (who, and how).
// Branches the generator reaches: 0–2 files (shared V or C, AllUsers or InternalUsers, or not at
// all) on the Programme or other records, each deleted (re-created with every link), or still in the
// org with a new version and its share changed to the other type and visibility after the backup
// (the restore writes the version and puts the backed-up sharing back on the existing document).
import { demandMetafilesAsAnnounced } from './ledger.ts';
import { demand, scenarioArb, scenarioRule } from './rule.ts';

export const r17 = scenarioRule(
  {
    id: 'R17',
    slug: 'file-permissions',
    statement: 'Every share of a restored file comes back, with the same share type and visibility.',
  },
  scenarioArb({
    maxFiles: 2,
    records: ['leave'],
    files: ['delete', 'reshare'],
    roots: 'prog',
    method: 'record',
    secondSnapshot: false,
  }),
  (o, s) => {
    for (const [i, file] of s.world.files.entries()) {
      const shareWith = o.world.shareTargets[i];
      if (file.on !== 'prog' || !file.share || !shareWith) continue;
      const live = o.after.files.find((f) => f.index === i);
      demand('R17', live, `file ${i} did not come back`);
      const link = live.links.find((l) => l.linkedEntityId === shareWith);
      demand('R17', link, `file ${i} (${s.changes.files[i]}) is no longer shared with user ${shareWith}`);
      demand(
        'R17',
        link.shareType === file.share.shareType && link.visibility === file.share.visibility,
        `file ${i} (${s.changes.files[i]}) is shared ${link.shareType}/${link.visibility}, backed up ${file.share.shareType}/${file.share.visibility}`,
      );
    }
    // The links it put back are counted as the summary said: a share changed back is overwritten.
    demandMetafilesAsAnnounced('R17', o.summary, o.job);
  },
  // The check looks only at the org after the job: no read before the restore.
  { observeBefore: false },
);
