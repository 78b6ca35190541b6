// R16: only a file's latest version is backed up and restored.
// Branches the generator reaches: 0–2 files of 1–3 versions on any record, every file deleted, the
// Programme restored record only (its files must come back with their latest content, one version).
import { fileContent } from '../generators/files.ts';
import { demand, scenarioArb, scenarioRule } from './rule.ts';

export const r16 = scenarioRule(
  {
    id: 'R16',
    slug: 'file-latest-only',
    statement: 'Only the latest version of a file is backed up, and only that version is restored.',
  },
  scenarioArb({
    maxFiles: 2,
    records: ['leave'],
    files: ['delete'],
    roots: 'prog',
    method: 'record',
    secondSnapshot: false,
  }),
  (o, s) => {
    for (const [i, file] of s.world.files.entries()) {
      if (!['prog'].includes(file.on)) continue;
      const live = o.after.files.find((f) => f.index === i);
      demand('R16', live, `file ${i} did not come back`);
      demand(
        'R16',
        live.content === fileContent(o.world.tag, i, file.versions),
        `file ${i} came back as ${JSON.stringify(live.content)}, its latest version was ${file.versions}`,
      );
      demand('R16', live.versionNumber === '1', `file ${i} came back with ${live.versionNumber} versions`);
    }
  },
  // The check looks only at the org after the job: no read before the restore.
  { observeBefore: false },
);
