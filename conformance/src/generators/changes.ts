// What happens to the org between the backup and the restore: each record is deleted, modified
// or left as is; files get new versions, are touched with the same content, or are deleted (or, asked
// for by name only, get a new version and other sharing: `reshare`, R17); and
// a modification either moves the clock (different LastModifiedDate) or not.
import fc from 'fast-check';

export type RecordChange = 'leave' | 'modify' | 'delete';
export type FileChange = 'leave' | 'addVersion' | 'sameContentVersion' | 'delete' | 'reshare';

/** An attachment left as is, or given other content and the other privacy flag (its time moves). */
export type AttachmentChange = 'leave' | 'modify';

export interface ChangeSpec {
  records: Record<string, RecordChange>;
  files: FileChange[];
  /** Per attachment, in spec order; absent: every attachment left as is. */
  attachments?: AttachmentChange[];
}

export function changesArb(
  keys: readonly string[],
  fileCount: number,
  options: { records?: readonly RecordChange[]; files?: readonly FileChange[] } = {},
): fc.Arbitrary<ChangeSpec> {
  const recordChoices = options.records ?? (['leave', 'modify', 'delete'] as const);
  const fileChoices = options.files ?? (['leave', 'addVersion', 'sameContentVersion', 'delete'] as const);
  return fc.record({
    records: fc.record(Object.fromEntries(keys.map((k) => [k, fc.constantFrom(...recordChoices)]))) as fc.Arbitrary<
      Record<string, RecordChange>
    >,
    files: fc.array(fc.constantFrom(...fileChoices), { minLength: fileCount, maxLength: fileCount }),
  });
}

export function describeChanges(changes: ChangeSpec): string {
  const touched = Object.entries(changes.records).filter(([, c]) => c !== 'leave');
  const records = touched.length === 0 ? 'no record changed' : touched.map(([k, c]) => `${c} ${k}`).join(', ');
  const files = changes.files.map((c, i) => (c === 'leave' ? undefined : `file ${i}: ${c}`)).filter(Boolean);
  const attachments = (changes.attachments ?? [])
    .map((c, i) => (c === 'leave' ? undefined : `attachment ${i}: ${c}`))
    .filter(Boolean);
  return [records, ...files, ...attachments].join('; ');
}
