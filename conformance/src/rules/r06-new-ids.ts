// R06: a record that is gone comes back with a new id, and references to it follow the new id.
// Branches the generator reaches: any hierarchy, each record left or deleted, restored from the top
// with related records (one backup): re-created parents under left or re-created children, the
// optional loop's link to a re-created Stage.
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
    const backedUpIds = new Set(Object.values(o.world.ids));
    for (const key of scopeOf(o, s)) {
      const after = only(o.after, key);
      // The request starts at the top of the hierarchy: every parent is in it, so nothing may fail.
      if (goneBefore(o, key)) {
        const failure = o.job.failures.find((f) => f.sourceId === o.world.ids[key]);
        demand(
          'R06',
          after,
          `${key} was gone and did not come back${failure ? ` (${failure.code}: ${failure.message})` : ''}`,
        );
        demand('R06', after.id !== o.world.ids[key], `${key} came back under its old id`);
        demand(
          'R06',
          o.job.idMap[o.world.ids[key] as string] === after.id,
          `the job maps ${key} to ${o.job.idMap[o.world.ids[key] as string]}, it lives at ${after.id}`,
        );
      }
      if (!after) continue;
      for (const value of Object.values(after.fields)) {
        if (typeof value !== 'string' || !backedUpIds.has(value)) continue;
        const target = Object.keys(o.world.ids).find((k) => o.world.ids[k] === value) as string;
        demand('R06', !goneBefore(o, target), `${key} still points at ${target}'s old id ${value}`);
      }
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
