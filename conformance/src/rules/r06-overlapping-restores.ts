// Restores overlap: two jobs of the same records confirmed together write every backed-up item once.
// The org ends with one copy of each record, no backed-up id is re-created by both jobs, and one of
// the two finds everything written by the other.
// Branches the generator reaches: any hierarchy with 0–2 files, each record left or deleted, the
// same related restore from the top summarized twice and both confirmed at once.
import { demand, goneBefore, scenarioArb, scenarioRule, scopeOf } from './rule.ts';

export const r06Overlap = scenarioRule(
  {
    id: 'R06-OVERLAP',
    slug: 'overlapping-restores',
    statement:
      'Two restores of the same records confirmed together write every backed-up item once: the org ends with one copy.',
  },
  scenarioArb({ records: ['leave', 'delete'], method: 'related', secondSnapshot: false, maxFiles: 2 }),
  (o, s) => {
    const other = o.otherJob;
    demand('R06-OVERLAP', other, 'the second job is missing');
    for (const job of [o.job, other]) {
      demand(
        'R06-OVERLAP',
        job.status === 'succeeded',
        `job ${job.jobId} ${job.status}: ${JSON.stringify(job.failures)}`,
      );
    }
    for (const id of Object.keys(o.job.idMap)) {
      demand('R06-OVERLAP', !(id in other.idMap), `both jobs re-created ${id}`);
    }
    for (const key of scopeOf(o, s)) {
      const rows = o.after.rows.get(key) ?? [];
      demand('R06-OVERLAP', rows.length <= 1, `${key} is in the org ${rows.length} times`);
      if (goneBefore(o, key)) demand('R06-OVERLAP', rows.length === 1, `${key} was gone and did not come back`);
    }
    const restored = [o.job.items.restored, other.items.restored];
    demand('R06-OVERLAP', Math.min(...restored) === 0, `both jobs wrote items (${restored.join(' and ')})`);
  },
  { overlap: true },
);
