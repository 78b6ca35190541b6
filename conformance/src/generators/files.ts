// Files in the fixture world: which record a file hangs on, how many versions it has before the
// backup (only the latest may come back, R16) and who uploaded them (R15), and who else it is shared with (R17).
import fc from 'fast-check';

export interface FileSpec {
  /** Logical key of the record the file is first published on. */
  on: string;
  versions: number;
  /** Owned by another user than the admin (R15). */
  ownedByOther: boolean;
  /** Versions after the first are uploaded by the admin rather than the owner (the document keeps its owner, R15). */
  laterVersionsByAdmin?: boolean;
  share: { shareType: 'V' | 'C'; visibility: 'AllUsers' | 'InternalUsers' } | null;
}

export function filesArb(keys: readonly string[], maxFiles = 2): fc.Arbitrary<FileSpec[]> {
  if (keys.length === 0) return fc.constant([]);
  return fc.array(
    fc.record({
      on: fc.constantFrom(...keys),
      versions: fc.integer({ min: 1, max: 3 }),
      ownedByOther: fc.boolean(),
      laterVersionsByAdmin: fc.boolean(),
      share: fc.option(
        fc.record({
          shareType: fc.constantFrom<'V' | 'C'>('V', 'C'),
          visibility: fc.constantFrom<'AllUsers' | 'InternalUsers'>('AllUsers', 'InternalUsers'),
        }),
        { nil: null },
      ),
    }),
    { maxLength: maxFiles },
  );
}

/** Content of version `v` of file `i`: different for every version, so versions can be told apart. */
export function fileContent(tag: string, i: number, v: number): string {
  return `${tag} file ${i} version ${v}\n`;
}
