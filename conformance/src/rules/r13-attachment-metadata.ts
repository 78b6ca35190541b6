// R13: an item of Objects/Attachment restores the attachment's metadata, never its content.
// Branches the generator reaches: a Programme (with or without a Stage, an Account) with one private
// or public attachment, deleted, restored by its Attachment record (Objects/Attachment) alone.
import fc from 'fast-check';
import { hierarchyArb } from '../generators/hierarchy.ts';
import { buildWorld } from '../org/build.ts';
import { cleanUpWorld } from '../org/clean-up.ts';
import { readWorld } from '../org/read.ts';
import { newTag } from '../scenario.ts';
import { demand, type Rule } from './rule.ts';

type Input = { hierarchy: import('../generators/hierarchy.ts').HierarchySpec; isPrivate: boolean };

export const r13: Rule<Input> = {
  id: 'R13',
  slug: 'attachment-metadata',
  statement:
    'An Attachment record restored from the Objects folder comes back with its metadata only, never its content.',
  arbitrary: fc.record({ hierarchy: hierarchyArb({ maxStages: 1, maxSteps: 0 }), isPrivate: fc.boolean() }),
  describe: (i) =>
    `a Programme with a${i.isPrivate ? ' private' : 'n'} attachment; delete the attachment; restore it from Objects/Attachment`,
  async run(session, input) {
    const { conn, engine } = session;
    const world = await buildWorld(
      session,
      { hierarchy: input.hierarchy, files: [], attachments: [{ on: 'prog', isPrivate: input.isPrivate }] },
      newTag(),
    );
    try {
      const snapshotId = await engine.backup();
      const attachmentId = world.attachmentIds[0] as string;
      await conn.sobject('Attachment').destroy(attachmentId);
      const summary = await engine.summary({ snapshotId, recordId: attachmentId, method: 'record' });
      const job = await engine.waitForJob(await engine.confirm(summary.summaryId));
      demand(
        'R13',
        job.status === 'succeeded',
        `restoring the attachment's metadata ended ${job.status}: ${job.failures[0]?.message ?? ''}`,
      );
      const back = (await readWorld(conn, world)).attachments.find((a) => a.name === `${world.tag}-attachment-0.txt`);
      demand('R13', back, 'the attachment did not come back');
      demand('R13', back.isPrivate === input.isPrivate, 'the attachment lost its privacy flag');
      demand('R13', back.body !== `${world.tag} attachment 0\n`, 'the attachment came back with its content');
    } finally {
      await cleanUpWorld(session, world);
    }
  },
};
