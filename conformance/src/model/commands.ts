// The command arbitrary of the model-based test: org changes, backups and restores over the keys
// of one world. Restores and backups are weighted up so that sequences reach them.
import fc from 'fast-check';
import { AddFileVersion } from './add-file-version.ts';
import { AdvanceClock } from './advance-clock.ts';
import { DeleteRecord } from './delete-record.ts';
import { LOOP_KEYS, type OrgModel, type OrgUnderTest } from './model.ts';
import { ModifyRecord } from './modify-record.ts';
import { RestoreRecord } from './restore-record.ts';
import { TakeBackup } from './take-backup.ts';

export function orgCommands(
  keys: readonly string[],
  files: number,
  maxCommands: number,
): fc.Arbitrary<Iterable<fc.AsyncCommand<OrgModel, OrgUnderTest>>> {
  const all = [...keys, ...LOOP_KEYS];
  const key = fc.constantFrom(...all);
  const commands: Array<fc.Arbitrary<fc.AsyncCommand<OrgModel, OrgUnderTest>>> = [
    key.map((k) => new DeleteRecord(k)),
    fc.constantFrom(...keys).map((k) => new ModifyRecord(k)),
    fc.integer({ min: 500, max: 5000 }).map((ms) => new AdvanceClock(ms)),
    fc.constant(new TakeBackup()),
    fc.constant(new TakeBackup()),
    ...[0, 1, 2].map(() =>
      fc
        .tuple(key, fc.constantFrom<'record' | 'related'>('record', 'related'), fc.nat({ max: 2 }))
        .map(([k, method, back]) => new RestoreRecord(k, method, back)),
    ),
  ];
  if (files > 0) commands.push(fc.nat({ max: files - 1 }).map((i) => new AddFileVersion(i)));
  return fc.commands(commands, { maxCommands });
}
