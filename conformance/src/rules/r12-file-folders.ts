// R12: files live in their own folder and are never restored on their own (only with a record).
import fc from 'fast-check';
import { hierarchyArb } from '../generators/hierarchy.ts';
import { buildWorld } from '../org/build.ts';
import { cleanUpWorld } from '../org/clean-up.ts';
import { readWorld } from '../org/read.ts';
import { newTag } from '../scenario.ts';
import { demand, type Rule } from './rule.ts';

type Input = { hierarchy: import('../generators/hierarchy.ts').HierarchySpec; versionId: boolean };

export const r12: Rule<Input> = {
  id: 'R12',
  slug: 'file-folders',
  statement:
    'Files are backed up in their own folder and never restored on their own: a request for a file is refused.',
  arbitrary: fc.record({ hierarchy: hierarchyArb({ maxStages: 1, maxSteps: 0 }), versionId: fc.boolean() }),
  describe: (i) =>
    `a Programme with one file; delete the file; ask to restore it by its ${i.versionId ? 'version' : 'document'} id`,
  async run(session, input) {
    const { conn, engine } = session;
    const world = await buildWorld(
      session,
      {
        hierarchy: input.hierarchy,
        files: [{ on: 'prog', versions: 1, ownedByOther: false, share: null }],
        attachments: [],
      },
      newTag(),
    );
    try {
      const snapshotId = await engine.backup();
      const documentId = world.documents[0] as string;
      const version = await conn.query<{ Id: string }>(
        `SELECT Id FROM ContentVersion WHERE ContentDocumentId = '${documentId}'`,
      );
      await conn.sobject('ContentDocument').destroy(documentId);
      const recordId = input.versionId ? (version.records[0]?.Id as string) : documentId;
      let refused = false;
      try {
        const summary = await engine.summary({ snapshotId, recordId, method: 'record' });
        await engine.waitForJob(await engine.confirm(summary.summaryId));
      } catch {
        refused = true;
      }
      demand('R12', refused, `a restore of file ${recordId} on its own was accepted`);
      demand('R12', (await readWorld(conn, world)).files.length === 0, 'the file came back on its own');
    } finally {
      await cleanUpWorld(session, world);
    }
  },
};
