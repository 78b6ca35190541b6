// R09: a loop of mandatory links fails as a whole (named in the summary, nothing written); a loop
// through an optional link is written with the link empty and filled in afterwards.
import fc from 'fast-check';
import { hierarchyArb } from '../generators/hierarchy.ts';
import { buildWorld } from '../org/build.ts';
import { cleanUpWorld } from '../org/clean-up.ts';
import { readWorld } from '../org/read.ts';
import { newTag } from '../scenario.ts';
import { demand, type Rule } from './rule.ts';

type Input = { hierarchy: import('../generators/hierarchy.ts').HierarchySpec; rootGear: boolean };

export const r09: Rule<Input> = {
  id: 'R09',
  slug: 'mandatory-cycle',
  statement:
    'A loop of mandatory links is refused whole at planning (will-fail, nothing written); an optional loop is written, then linked.',
  arbitrary: fc.record({
    hierarchy: hierarchyArb({ maxStages: 2, maxSteps: 1 }).map((h) => ({
      ...h,
      leadStage: true,
      stages: h.stages.length ? h.stages : [{ steps: 0 }],
    })),
    rootGear: fc.boolean(),
  }),
  describe: (i) =>
    `a Programme leading with its first of ${i.hierarchy.stages.length} Stage(s), deleted and restored with related records; a Gear/Cog loop of required lookups (mock only) purged and restored from the ${i.rootGear ? 'Gear' : 'Cog'}`,
  async run(session, input) {
    const { conn, engine, mock } = session;
    const tag = newTag();
    const world = await buildWorld(session, { hierarchy: input.hierarchy, files: [], attachments: [] }, tag);
    const loop = mock?.seedMandatoryLoop(tag);
    world.withLoop = loop !== undefined;
    try {
      const snapshotId = await engine.backup();
      await conn.sobject('Programme__c').destroy(world.ids.prog as string);
      const summary = await engine.summary({ snapshotId, recordId: world.ids.prog as string, method: 'related' });
      const job = await engine.waitForJob(await engine.confirm(summary.summaryId));
      demand('R09', job.status === 'succeeded', `the optional loop failed: ${job.failures[0]?.message ?? job.status}`);
      const live = await readWorld(conn, world);
      const prog = live.rows.get('prog')?.[0];
      demand(
        'R09',
        prog?.fields.Lead_Stage__c === live.rows.get('stage0')?.[0]?.id,
        'the optional link of the loop was not filled in',
      );
      if (!loop || !mock) return;
      // No API can make the loop; only the mock seeds it (see MockControl.seedMandatoryLoop).
      mock.purge([loop.gearId, loop.cogId]);
      const root = input.rootGear ? loop.gearId : loop.cogId;
      const loopSummary = await engine.summary({ snapshotId, recordId: root, method: 'related' });
      demand(
        'R09',
        loopSummary.willFail.length >= 2,
        `the summary names ${loopSummary.willFail.length} will-fail item(s) for a two-record loop`,
      );
      const loopJob = await engine.waitForJob(await engine.confirm(loopSummary.summaryId));
      demand('R09', loopJob.status === 'failed', `the loop job ended ${loopJob.status}`);
      const after = await readWorld(conn, world);
      demand('R09', !after.rows.has('gear') && !after.rows.has('cog'), 'a record of the mandatory loop was written');
    } finally {
      await cleanUpWorld(session, world);
    }
  },
};
