// Suite power: each deliberately broken engine is caught by the rule it breaks. A rule with no
// entry here has no meaningful break the in-process engine can make (the reason is written down).
import { expect, test } from 'vitest';
import type { EngineFaults } from './engines/faults.ts';
import { runConformance } from './run.ts';
import { mockTarget } from './targets/mock.ts';

export const BROKEN_ENGINES: ReadonlyArray<[rule: string, faults: EngineFaults, what: string]> = [
  ['R01', { alwaysRelated: true }, 'record only restores the children too'],
  ['R02', { restoresDownloadOnly: true }, 'restores User records'],
  ['R03', { ignoresSnapshot: true }, 'uses the latest snapshot instead of the requested one'],
  ['R04', { writesBeforeConfirm: true }, 'writes while making the summary'],
  ['R05', { uncountedMetafiles: true }, 'does not count metafiles'],
  ['R06', { reusesOldIds: true }, 'reuses old ids in references to re-created records'],
  ['R07', { overwritesEqual: true }, 'overwrites records whose modification time is equal'],
  ['R08', { silentWillFail: true }, 'hides the failing orphan child in the summary and gives no reason'],
  ['R09', { skipsLinkPatches: true }, 'half-writes an optional loop (never fills the link in)'],
  ['R10', { writesStandardStatus: true }, 'writes standard status values'],
  ['R11', { keepsRecordTypeValues: true }, 'keeps the custom record type and its values'],
  ['R13', { attachmentContentFromMetadata: true }, 'restores content for metadata-only attachments'],
  ['R14', { skipsFiles: true }, 'drops files and attachments'],
  ['R15', { filesOwnedByAdmin: true }, 'makes the admin the owner of restored files'],
  ['R16', { restoresOldFileVersions: true }, 'restores the first version of a file'],
  ['R17', { dropsFileSharing: true }, 'drops sharing links'],
  ['R18', { keepsFileModTime: true }, 'carries the old modification time'],
  ['R19', { alwaysNewFileVersion: true }, 'always adds a version'],
];
// R12 (files never restored on their own) is decided by the planner's refusal before the engine
// does anything it could bend; its property is covered by the stack and mock runs.

test.each(BROKEN_ENGINES)('a broken engine is caught by %s (%o: %s)', { timeout: 60_000 }, async (rule, faults) => {
  const report = await runConformance({
    target: mockTarget(),
    rules: [rule],
    runs: 25,
    faults,
    seed: 42,
    shrink: false,
  });
  expect(report.results[0]?.outcome, JSON.stringify(report.results[0])).toBe('failed');
});
