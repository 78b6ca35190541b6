// R03: any earlier snapshot may be used (latest by default) and values are those of that snapshot.
// Branches the generator reaches: any hierarchy backed up twice (notes v1, then v2), then each record
// left, modified or deleted, restored from the top with related records from the first, the latest
// (by id) or the default snapshot.

import { NOTE_FIELD } from '../org/world.ts';
import { demand, only, scenarioArb, scenarioRule, scopeOf } from './rule.ts';

export const r03 = scenarioRule(
  {
    id: 'R03',
    slug: 'point-in-time',
    statement:
      'A restore uses the snapshot asked for (the latest when none is) and writes the values as of that snapshot.',
  },
  scenarioArb({ secondSnapshot: true, records: ['leave', 'modify', 'delete'], method: 'related' }),
  (o, s) => {
    for (const key of scopeOf(o, s)) {
      const after = only(o.after, key);
      const field = NOTE_FIELD[o.world.types[key] as string];
      if (!field) continue;
      // Restored from the top with related records, every record of the scope is in the org after.
      demand('R03', after, `${key} is not in the org after the restore`);
      demand(
        'R03',
        after.fields[field] === o.expectedNote,
        `${key}.${field} is ${JSON.stringify(after.fields[field])}, the snapshot used holds ${o.expectedNote}`,
      );
    }
  },
  // The check looks only at the org after the job: no read before the restore.
  { observeBefore: false },
);
