// R08: a child whose mandatory parent is deleted (and not restored with it) fails with a reason;
// restoring the parent first, then the child, succeeds.
import fc from 'fast-check';
import { hierarchyArb } from '../generators/hierarchy.ts';
import { buildWorld, cleanUpWorld, readWorld } from '../org/world.ts';
import { newTag } from '../scenario.ts';
import { demand, type Rule } from './rule.ts';

type Input = { hierarchy: import('../generators/hierarchy.ts').HierarchySpec; deleteProgramme: boolean };

export const r08: Rule<Input> = {
  id: 'R08',
  slug: 'mandatory-parent',
  statement:
    'A child whose master or required parent is deleted and not restored with it fails with a reason; the parent with related records brings the child back.',
  arbitrary: fc.record({
    hierarchy: hierarchyArb({ maxStages: 2, maxSteps: 2 }).filter((h) => (h.stages[0]?.steps ?? 0) > 0),
    deleteProgramme: fc.boolean(),
  }),
  describe: (i) =>
    `a Stage with ${i.hierarchy.stages[0]?.steps} Step(s); delete the ${i.deleteProgramme ? 'Programme (cascading)' : 'Stage'}; restore step 0 alone, then its deleted parent with related records`,
  async run(session, input) {
    const { conn, engine } = session;
    const world = await buildWorld(session, { hierarchy: input.hierarchy, files: [], attachments: [] }, newTag());
    try {
      const snapshotId = await engine.backup();
      const parentKey = input.deleteProgramme ? 'prog' : 'stage0';
      await conn.sobject(world.types[parentKey] as string).destroy(world.ids[parentKey] as string);
      const step = world.ids['stage0.step0'] as string;
      const first = await engine.summary({ snapshotId, recordId: step, method: 'record' });
      demand(
        'R08',
        first.willFail.length > 0 || first.records.total.willFail > 0,
        'the summary does not announce the step will fail',
      );
      const job = await engine.waitForJob(await engine.confirm(first.summaryId));
      demand(
        'R08',
        job.failures.length > 0 && job.status !== 'succeeded',
        `the job ended ${job.status} without a failure for the step`,
      );
      demand(
        'R08',
        job.failures.every((f) => f.message.length > 0),
        'a failure carries no reason',
      );
      demand(
        'R08',
        !(await readWorld(conn, world)).rows.has('stage0.step0'),
        'the step was written although its master is gone',
      );
      // The parent with related records brings the child along, pointing at the new parent.
      const parentFirst = await engine.summary({
        snapshotId,
        recordId: world.ids[parentKey] as string,
        method: 'related',
      });
      const job2 = await engine.waitForJob(await engine.confirm(parentFirst.summaryId));
      demand(
        'R08',
        job2.status === 'succeeded',
        `restoring ${parentKey} with related records ended ${job2.status}: ${job2.failures[0]?.message ?? ''}`,
      );
      const live = await readWorld(conn, world);
      demand(
        'R08',
        live.rows.get('stage0.step0')?.[0]?.fields.Stage__c === live.rows.get('stage0')?.[0]?.id,
        'the step does not point at the restored stage',
      );
    } finally {
      await cleanUpWorld(conn, world);
    }
  },
};
