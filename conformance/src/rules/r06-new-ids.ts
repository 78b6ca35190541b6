// R06: a record that is gone comes back with a new id, and references to it follow the new id.
import { PARENT_FIELD } from '../org/world.ts';
import { demand, goneBefore, only, scenarioArb, scenarioRule, scopeOf } from './rule.ts';

export const r06 = scenarioRule(
  {
    id: 'R06',
    slug: 'new-ids',
    statement:
      'A record missing from the org is created with a new id, and restored records that referenced it point at the new id.',
  },
  scenarioArb({ records: ['leave', 'delete'], method: 'related', secondSnapshot: false }),
  (o, s) => {
    for (const key of scopeOf(o, s)) {
      const after = only(o.after, key);
      if (!after) continue;
      if (goneBefore(o, key)) demand('R06', after.id !== o.world.ids[key], `${key} came back under its old id`);
      const parent = o.world.parents[key];
      const field = PARENT_FIELD[o.world.types[key] as string];
      const parentRow = parent ? only(o.after, parent) : undefined;
      if (field && parentRow && goneBefore(o, key)) {
        demand(
          'R06',
          after.fields[field] === parentRow.id,
          `${key}.${field} is ${after.fields[field]}, its parent lives at ${parentRow.id}`,
        );
      }
    }
  },
);
