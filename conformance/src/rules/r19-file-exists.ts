// R19: a file still in the org is skipped (same time), versioned (different content) or
// overwritten (same content). A file an earlier restore re-created is that file in the org: restored
// again, it is versioned or overwritten, never made a second time.
import { fileContent } from '../generators/files.ts';
import type { Scenario } from '../scenario.ts';
import { demand, scenarioArb, scenarioRule, seenBefore } from './rule.ts';

const rule = scenarioRule(
  {
    id: 'R19',
    slug: 'file-exists',
    statement:
      'A file still in the org (or re-created by an earlier restore) is skipped when unchanged, gets a new version when its content differs, else its latest is overwritten.',
  },
  scenarioArb({
    maxFiles: 2,
    records: ['leave'],
    files: ['leave', 'addVersion', 'sameContentVersion', 'delete'],
    roots: 'prog',
    method: 'record',
    secondSnapshot: false,
    repeat: 'maybe',
  }),
  (o, s) => {
    for (const [i, file] of s.world.files.entries()) {
      if (file.on !== 'prog') continue;
      const copies = o.after.files.filter((f) => f.index === i);
      demand('R19', copies.length <= 1, `file ${i} exists as ${copies.length} documents`);
      const live = copies[0];
      if (s.changes.files[i] === 'delete') {
        // Re-created by the first restore (R14); a repeat finds that copy in the org and writes over it.
        demand('R19', live, `deleted file ${i} did not come back`);
        demand(
          'R19',
          live.content === fileContent(o.world.tag, i, file.versions),
          `re-created file ${i} does not hold the backed-up content`,
        );
        const firstCopy = o.first?.after.files.find((f) => f.index === i);
        if (o.first)
          demand(
            'R19',
            firstCopy?.contentDocumentId === live.contentDocumentId,
            `restored again, file ${i} became another document`,
          );
        continue;
      }
      const before = seenBefore(o).files.find((f) => f.index === i);
      demand('R19', before && live, `file ${i} is missing`);
      demand('R19', live.contentDocumentId === before.contentDocumentId, `file ${i} became another document`);
      const change = s.changes.files[i];
      if (change === 'leave') {
        demand('R19', live.latestVersionId === before.latestVersionId, `unchanged file ${i} was written`);
      } else {
        demand(
          'R19',
          live.content === fileContent(o.world.tag, i, file.versions),
          `file ${i} (${change}) does not hold the backed-up content`,
        );
        if (change === 'addVersion')
          demand('R19', live.latestVersionId !== before.latestVersionId, `file ${i} got no new version`);
      }
    }
  },
);

/** Always tried: a deleted file restored twice with its record. The second restore once made a second document. */
const restoredTwice: Scenario = {
  world: {
    hierarchy: { account: false, cases: [], recordType: 'master', status: 'Planned', stages: [], leadStage: false },
    files: [{ on: 'prog', versions: 2, ownedByOther: false, share: null }],
    attachments: [],
  },
  secondSnapshot: false,
  changes: { records: { prog: 'leave' }, files: ['delete'] },
  sameTime: false,
  request: { root: 'prog', method: 'record', snapshot: 'default' },
  repeat: true,
};

export const r19 = { ...rule, examples: [restoredTwice] };
