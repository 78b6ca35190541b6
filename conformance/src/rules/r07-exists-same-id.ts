// R07: an existing record is overwritten when its modification time differs and skipped when equal.
// A restore whose every item is skipped still makes a job, and it succeeds with everything skipped.
// Branches the generator reaches: any hierarchy, each record left or modified, with the clock moved
// (different times: overwrite) or held (equal times, mock only: skip); all-skipped restores included.
import fc from 'fast-check';
import { NOTE_FIELD } from '../org/world.ts';
import { demand, only, scenarioArb, scenarioRule, scopeOf, seenBefore } from './rule.ts';

export const r07 = scenarioRule(
  {
    id: 'R07',
    slug: 'exists-same-id',
    statement:
      'A record that still exists is overwritten when its LastModifiedDate differs from the backup and left untouched when equal.',
  },
  fc
    .boolean()
    .chain((sameTime) =>
      scenarioArb({ records: ['leave', 'modify'], method: 'related', secondSnapshot: false, sameTime }),
    ),
  (o, s) => {
    const r = o.summary.records.total;
    if (r.create + r.overwrite + r.willFail === 0 && r.skip > 0) {
      demand(
        'R07',
        o.job.status === 'succeeded' && o.job.items.restored === 0 && o.job.items.failed === 0,
        `a restore with every record skipped ended ${o.job.status} (${JSON.stringify(o.job.items)})`,
      );
      demand(
        'R07',
        o.job.items.skipped >= r.skip,
        `the job shows ${o.job.items.skipped} item(s) skipped, the summary ${r.skip}`,
      );
    }
    for (const key of scopeOf(o, s)) {
      const before = only(seenBefore(o), key);
      const after = only(o.after, key);
      const field = NOTE_FIELD[o.world.types[key] as string];
      if (!field) continue;
      // Left or modified, nothing of the scope is gone: a record missing before or after is a finding.
      demand('R07', before, `${key} is missing from the org before the restore`);
      demand('R07', after, `${key} is missing from the org after the restore`);
      demand('R07', after.id === before.id, `${key} changed id`);
      const equal = s.changes.records[key] === 'leave' || o.sameTimeApplied;
      if (equal) {
        demand(
          'R07',
          after.fields.LastModifiedDate === before.fields.LastModifiedDate,
          `${key} had an equal modification time but was written`,
        );
      } else {
        demand(
          'R07',
          after.fields[field] === 'v1',
          `${key} had a different modification time but ${field} is still ${JSON.stringify(after.fields[field])}`,
        );
      }
    }
  },
);
