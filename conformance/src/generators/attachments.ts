// Classic attachments in the fixture world: the record each hangs on and whether it is private.
import fc from 'fast-check';

export interface AttachmentSpec {
  on: string;
  isPrivate: boolean;
}

export function attachmentsArb(keys: readonly string[], max = 2): fc.Arbitrary<AttachmentSpec[]> {
  if (keys.length === 0) return fc.constant([]);
  return fc.array(fc.record({ on: fc.constantFrom(...keys), isPrivate: fc.boolean() }), { maxLength: max });
}
