// R01: record only writes the record; with related records adds everything beneath it, never parents.
// Branches the generator reaches: any hierarchy (Account with Cases or not, 0–2 Stages of 0–2 Steps,
// optional loop), any of its records as the root, record only or with related records (one backup);
// each record left or deleted (inside and outside the request).
import { demand, goneBefore, only, scenarioArb, scenarioRule, scopeOf, seenBefore } from './rule.ts';

export const r01 = scenarioRule(
  {
    id: 'R01',
    slug: 'scope-modes',
    statement:
      'Record only writes just the chosen record; with related records adds every record beneath it, never its parents.',
  },
  scenarioArb({ roots: 'any', records: ['leave', 'delete'], secondSnapshot: false }),
  (o, s) => {
    const scope = new Set(scopeOf(o, s));
    for (const key of Object.keys(o.world.ids)) {
      const before = only(seenBefore(o), key);
      const after = only(o.after, key);
      if (!scope.has(key)) {
        demand(
          'R01',
          !!before === !!after,
          `${key} is outside the request but was ${after ? 'written back' : 'removed'}`,
        );
        if (before && after)
          demand(
            'R01',
            before.fields.LastModifiedDate === after.fields.LastModifiedDate,
            `${key} is outside the request but was written`,
          );
      } else if (goneBefore(o, key)) {
        const failed = o.job.failures.some((f) => f.sourceId === o.world.ids[key]);
        demand('R01', after || failed, `${key} is in the request, was deleted, and neither came back nor failed`);
      }
    }
  },
);
