// R14: restoring a record brings its files and attachments; with related records, theirs too.
import { demand, only, scenarioArb, scenarioRule, scopeOf } from './rule.ts';

export const r14 = scenarioRule(
  {
    id: 'R14',
    slug: 'files-follow-records',
    statement: 'Files and attachments come back with the record they hang on, and with every related record restored.',
  },
  scenarioArb({
    maxFiles: 2,
    maxAttachments: 2,
    records: ['delete'],
    files: ['leave'],
    method: 'related',
    secondSnapshot: false,
  }),
  (o, s) => {
    const scope = new Set(scopeOf(o, s));
    for (const [i, file] of s.world.files.entries()) {
      const row = only(o.after, file.on);
      if (!scope.has(file.on) || !row) continue;
      const live = o.after.files.find((f) => f.index === i);
      demand(
        'R14',
        live?.links.some((l) => l.linkedEntityId === row.id),
        `file ${i} is not linked to restored ${file.on}`,
      );
    }
    for (const [i, attachment] of s.world.attachments.entries()) {
      const row = only(o.after, attachment.on);
      if (!scope.has(attachment.on) || !row) continue;
      const live = o.after.attachments.find((a) => a.name === `${o.world.tag}-attachment-${i}.txt`);
      demand('R14', live?.parentId === row.id, `attachment ${i} did not come back on restored ${attachment.on}`);
    }
  },
  // The check looks only at the org after the job: no read before the restore.
  { observeBefore: false },
);
