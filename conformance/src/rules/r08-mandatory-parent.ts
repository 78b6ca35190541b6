// R08: a child whose mandatory parent is deleted (and not restored with it) fails with a reason;
// restoring the parent first, then the child, succeeds.
// Branches the generator reaches: the Stage or the whole Programme deleted (cascading to the Steps);
// 1–2 Stages with 1–2 Steps under the first; the step alone (will-fail, MANDATORY_PARENT_DELETED),
// then the deleted parent with related records (nothing fails), then the step alone again in a later
// job (pointed at the earlier job's copy of its parent). Each job fails exactly what its summary named.
import fc from 'fast-check';
import { hierarchyArb } from '../generators/hierarchy.ts';
import { buildWorld } from '../org/build.ts';
import { cleanUpWorld } from '../org/clean-up.ts';
import { readWorld } from '../org/read.ts';
import { newTag } from '../scenario.ts';
import { demandWillFailIsWhatFails } from './ledger.ts';
import { demand, type Rule } from './rule.ts';

type Input = { hierarchy: import('../generators/hierarchy.ts').HierarchySpec; deleteProgramme: boolean };

export const r08: Rule<Input> = {
  id: 'R08',
  slug: 'mandatory-parent',
  statement:
    'A child whose deleted mandatory parent is not restored with it fails with a reason; restoring the parent first, then the child, succeeds.',
  arbitrary: fc.record({
    hierarchy: hierarchyArb({ maxStages: 2, maxSteps: 2 }).filter((h) => (h.stages[0]?.steps ?? 0) > 0),
    deleteProgramme: fc.boolean(),
  }),
  describe: (i) =>
    `a Stage with ${i.hierarchy.stages[0]?.steps} Step(s); delete the ${i.deleteProgramme ? 'Programme (cascading)' : 'Stage'}; restore step 0 alone, then its deleted parent with related records, then (step deleted again) the step alone in a later job`,
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
      // Every item of this restore fails: it still makes a job, and the job failed.
      demand(
        'R08',
        job.failures.length > 0 && job.status === 'failed',
        `the job ended ${job.status} with ${job.failures.length} failure(s) listed, not failed with the step's`,
      );
      demand(
        'R08',
        job.failures.every((f) => f.message.length > 0),
        'a failure carries no reason',
      );
      // What fails is what the summary named: the step, under the same code.
      demandWillFailIsWhatFails('R08', first, job, { exact: true });
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
      demandWillFailIsWhatFails('R08', parentFirst, job2, { exact: true });
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
      // Parent first in one job, then the child alone in a later job: the snapshot still names the
      // old parent, and the engine must follow it to the copy the first job made.
      const stepRow = live.rows.get('stage0.step0')?.[0];
      if (!stepRow) return;
      await conn.sobject('Step__c').destroy(stepRow.id);
      const later = await engine.summary({ snapshotId, recordId: step, method: 'record' });
      demand(
        'R08',
        later.willFail.length === 0,
        `the step restored after its parent still will fail: ${later.willFail[0]?.message ?? ''}`,
      );
      const job3 = await engine.waitForJob(await engine.confirm(later.summaryId));
      demand('R08', job3.status === 'succeeded', `the step restored after its parent ended ${job3.status}`);
      const final = await readWorld(conn, world);
      const steps = final.rows.get('stage0.step0') ?? [];
      demand('R08', steps.length === 1, `the step exists ${steps.length} time(s) after the later job`);
      demand(
        'R08',
        steps[0]?.fields.Stage__c === final.rows.get('stage0')?.[0]?.id,
        'the step restored in a later job does not point at the restored stage',
      );
    } finally {
      await cleanUpWorld(session, world);
    }
  },
};
