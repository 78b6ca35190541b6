// R19: a file still in the org is skipped (same time), versioned (different content) or
// overwritten (same content).
import { fileContent } from '../generators/files.ts';
import { demand, scenarioArb, scenarioRule, seenBefore } from './rule.ts';

export const r19 = scenarioRule(
  {
    id: 'R19',
    slug: 'file-exists',
    statement:
      'A file still in the org is skipped when unchanged, gets a new version when its content differs, else its latest is overwritten.',
  },
  scenarioArb({
    maxFiles: 2,
    records: ['leave'],
    files: ['leave', 'addVersion', 'sameContentVersion'],
    roots: 'prog',
    method: 'record',
    secondSnapshot: false,
  }),
  (o, s) => {
    for (const [i, file] of s.world.files.entries()) {
      if (file.on !== 'prog') continue;
      const before = seenBefore(o).files.find((f) => f.index === i);
      const live = o.after.files.find((f) => f.index === i);
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
