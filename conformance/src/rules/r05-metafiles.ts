// R05: supporting items (file links) are written and counted separately by the job monitor.
// Branches the generator reaches: 0–2 files (shared or not, any owner) on any record, every record
// deleted, each file left or deleted, restored from the top with related records. Not reached: files
// versioned or overwritten (the summary's metafile count for those is a known gap, see ledger.ts).
import { demandMetafilesAsAnnounced } from './ledger.ts';
import { demand, scenarioArb, scenarioRule } from './rule.ts';

export const r05 = scenarioRule(
  {
    id: 'R05',
    slug: 'metafiles',
    statement:
      'Links that attach and share files are written too and the job counts them as metafiles, apart from the selection.',
  },
  scenarioArb({
    maxFiles: 2,
    method: 'related',
    records: ['delete'],
    files: ['leave', 'delete'],
    secondSnapshot: false,
  }),
  (o) => {
    demand(
      'R05',
      o.job.items.metafiles === o.summary.metafiles.total,
      `job wrote ${o.job.items.metafiles} metafile(s), summary announced ${o.summary.metafiles.total}`,
    );
    const shared = o.world.spec.files.some((f) => f.share) && o.summary.files.create! > 0;
    if (shared)
      demand('R05', o.job.items.metafiles > 0, 'files with sharing were restored but no metafile was counted');
    demandMetafilesAsAnnounced('R05', o.summary, o.job);
  },
  // The check looks only at the org after the job: no read before the restore.
  { observeBefore: false },
);
