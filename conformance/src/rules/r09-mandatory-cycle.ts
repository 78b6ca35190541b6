// R09: a loop of mandatory links fails as a whole (named in the summary, nothing written); a loop
// through an optional link is written with the link empty and filled in afterwards.
// Branches the generator reaches: the optional loop (Programme → its first Stage) with 1–2 Stages,
// with and without a Step; on mock, the Gear/Cog loop of required lookups restored from either end,
// with 0–2 attachments on its records (their mandatory parent will fail: PARENT_WILL_FAIL). The
// summary's will-fail list must be exactly what the job fails: the two loop records (MANDATORY_LOOP)
// and the attachments, by item id and code.
import fc from 'fast-check';
import { hierarchyArb } from '../generators/hierarchy.ts';
import { buildWorld } from '../org/build.ts';
import { cleanUpWorld } from '../org/clean-up.ts';
import { readWorld } from '../org/read.ts';
import { newTag } from '../scenario.ts';
import { demandWillFailIsWhatFails } from './ledger.ts';
import { demand, type Rule } from './rule.ts';

type Input = {
  hierarchy: import('../generators/hierarchy.ts').HierarchySpec;
  rootGear: boolean;
  /** Attachments hung on the loop's records (true: on the Gear, false: on the Cog). */
  loopAttachments: boolean[];
};

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
    loopAttachments: fc.array(fc.boolean(), { maxLength: 2 }),
  }),
  describe: (i) =>
    `a Programme leading with its first of ${i.hierarchy.stages.length} Stage(s), deleted and restored with related records; a Gear/Cog loop of required lookups (mock only) purged and restored from the ${i.rootGear ? 'Gear' : 'Cog'}${i.loopAttachments.length ? `, with attachment(s) on the ${i.loopAttachments.map((g) => (g ? 'Gear' : 'Cog')).join(', ')}` : ''}`,
  async run(session, input) {
    const { conn, engine, mock } = session;
    const tag = newTag();
    const world = await buildWorld(session, { hierarchy: input.hierarchy, files: [], attachments: [] }, tag);
    const loop = mock?.seedMandatoryLoop(tag);
    world.withLoop = loop !== undefined;
    const attachmentIds: string[] = [];
    try {
      if (loop) {
        for (const [n, onGear] of input.loopAttachments.entries()) {
          const made = await conn.sobject('Attachment').create({
            ParentId: onGear ? loop.gearId : loop.cogId,
            Name: `${tag} loop attachment ${n}.txt`,
            Body: Buffer.from(`${tag} ${n}`).toString('base64'),
          });
          if (!made.success) throw new Error(`could not attach to the loop: ${JSON.stringify(made)}`);
          attachmentIds.push(made.id);
        }
      }
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
      if (attachmentIds.length > 0) await conn.sobject('Attachment').destroy(attachmentIds);
      mock.purge([loop.gearId, loop.cogId]);
      const root = input.rootGear ? loop.gearId : loop.cogId;
      const loopSummary = await engine.summary({ snapshotId, recordId: root, method: 'related' });
      const named = (id: string) => loopSummary.willFail.find((f) => f.itemId.endsWith(id))?.code;
      for (const id of [loop.gearId, loop.cogId])
        demand(
          'R09',
          named(id) === 'MANDATORY_LOOP',
          `the summary names loop record ${id} ${named(id) ?? 'not at all'}`,
        );
      for (const id of attachmentIds)
        demand(
          'R09',
          named(id) === 'PARENT_WILL_FAIL',
          `the summary names the loop's attachment ${id} ${named(id) ?? 'not at all'}`,
        );
      demand(
        'R09',
        loopSummary.willFail.length === 2 + attachmentIds.length,
        `the summary names ${loopSummary.willFail.length} will-fail item(s) for a two-record loop with ${attachmentIds.length} attachment(s)`,
      );
      const loopJob = await engine.waitForJob(await engine.confirm(loopSummary.summaryId));
      demand('R09', loopJob.status === 'failed', `the loop job ended ${loopJob.status}`);
      demandWillFailIsWhatFails('R09', loopSummary, loopJob, { exact: true });
      demand('R09', loopJob.items.restored === 0, `the loop job wrote ${loopJob.items.restored} item(s)`);
      const after = await readWorld(conn, world);
      demand('R09', !after.rows.has('gear') && !after.rows.has('cog'), 'a record of the mandatory loop was written');
    } finally {
      if (attachmentIds.length > 0) mock?.purgeDeleted(attachmentIds);
      await cleanUpWorld(session, world);
    }
  },
};
