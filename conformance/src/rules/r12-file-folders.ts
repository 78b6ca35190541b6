// R12: files live in their own folder and are never restored on their own (only with a record).
// Branches the generator reaches: a Programme (with or without a Stage, an Account) carrying one file,
// the file deleted, then a restore asked by its ContentDocument id or its ContentVersion id. The
// refusal must come from the summary request, as a 4xx with a refusal code, and nothing comes back.
import fc from 'fast-check';
import { EngineError } from '../engine.ts';
import { hierarchyArb } from '../generators/hierarchy.ts';
import { buildWorld } from '../org/build.ts';
import { cleanUpWorld } from '../org/clean-up.ts';
import { readWorld } from '../org/read.ts';
import { newTag } from '../scenario.ts';
import { demand, type Rule } from './rule.ts';

/**
 * The planner API's codes for a request that names a file. The snapshot holds files in its Files
 * folder only, so their ids name no record of it: 404 RECORD_NOT_IN_SNAPSHOT (what the suite's
 * backups give); a backup that also lists ContentDocument/ContentVersion among its records refuses
 * them as files: 422 NOT_RESTORABLE_ALONE. Any other answer (a 5xx, another code) is no refusal.
 */
const REFUSALS = new Set(['NOT_RESTORABLE_ALONE', 'RECORD_NOT_IN_SNAPSHOT']);

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
      // The refusal is the summary's: no plan is made (nothing to confirm), and the answer says why.
      let refused: unknown;
      let summarized = false;
      try {
        const summary = await engine.summary({ snapshotId, recordId, method: 'record' });
        summarized = true;
        await engine.waitForJob(await engine.confirm(summary.summaryId));
      } catch (error) {
        refused = error;
      }
      demand('R12', refused !== undefined, `a restore of file ${recordId} on its own was accepted`);
      demand('R12', !summarized, `a restore of file ${recordId} on its own got a summary, then failed`);
      demand(
        'R12',
        refused instanceof EngineError,
        `a restore of file ${recordId} on its own broke rather than being refused: ${String(refused)}`,
      );
      const status = refused.status ?? 0;
      demand(
        'R12',
        status >= 400 && status < 500 && REFUSALS.has(refused.code),
        `a restore of file ${recordId} on its own failed with ${status} ${refused.code}, not refused as a file (${[...REFUSALS].join(', ')})`,
      );
      demand('R12', (await readWorld(conn, world)).files.length === 0, 'the file came back on its own');
    } finally {
      await cleanUpWorld(session, world);
    }
  },
};
