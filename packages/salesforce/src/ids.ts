// Salesforce record ids: 15-character case-sensitive form and 18-character form with a checksum suffix.
// The API accepts both and always answers with 18, so every part of restorelab compares ids in the 18 form.

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_BODY = /^[a-zA-Z0-9]{15}$/;

/** The 3-character checksum suffix of a 15-character id: `checksumSuffix('012000000000000') === 'AAA'`. */
export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * The 18-character form of a 15- or 18-character id, or undefined when the text is not an id.
 * An 18-character id whose suffix disagrees with its body is not an id.
 */
export function toId18(id: string): string | undefined {
  if (id.length === 15) return ID_BODY.test(id) ? id + checksumSuffix(id) : undefined;
  if (id.length === 18) {
    const body = id.slice(0, 15);
    if (!ID_BODY.test(body)) return undefined;
    // The suffix is case-insensitive: it only restores the case of the body. Ids are looked at
    // millions of times in a large restore, so the suffix is worked out once, and a well-formed id
    // is answered as it is (no new string).
    const suffix = checksumSuffix(body);
    const given = id.slice(15);
    if (given === suffix) return id;
    return given.toUpperCase() === suffix ? body + suffix : undefined;
  }
  return undefined;
}

export function isSalesforceId(id: string): boolean {
  return toId18(id) !== undefined;
}

/** The key prefix (first three characters), which names the object type. */
export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/** Two ids name the same record (15 or 18 characters, in any mix). */
export function sameId(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const x = toId18(a);
  return x !== undefined && x === toId18(b);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Builds an 18-character id from a key prefix, a 3-character instance/pod part and a sequence number.
 * `makeId('001', 1)` gives `0015g00000000001AAA`-like ids; the body is base62 so it holds any
 * sequence a test org reaches.
 */
export function makeId(keyPrefix: string, sequence: number, pod = '5g0'): string {
  if (!/^[a-zA-Z0-9]{3}$/.test(keyPrefix)) throw new RangeError(`bad key prefix ${keyPrefix}`);
  let n = Math.floor(sequence);
  if (n < 0) throw new RangeError('sequence must be non-negative');
  let digits = '';
  for (let i = 0; i < 9; i++) {
    digits = BASE62[n % 62] + digits;
    n = Math.floor(n / 62);
  }
  if (n > 0) throw new RangeError('sequence too large for an id');
  const body = keyPrefix + pod + digits;
  return body + checksumSuffix(body);
}

/** Standard key prefixes restorelab knows. Custom objects get a00, a01, ... per org. */
export const STANDARD_KEY_PREFIXES: Readonly<Record<string, string>> = {
  Account: '001',
  Contact: '003',
  User: '005',
  Opportunity: '006',
  Lead: '00Q',
  Case: '500',
  Solution: '501',
  Contract: '800',
  Order: '801',
  Task: '00T',
  Event: '00U',
  Attachment: '00P',
  RecordType: '012',
  Profile: '00e',
  PermissionSet: '0PS',
  UserRole: '00E',
  Organization: '00D',
  Campaign: '701',
  Group: '00G',
  ContentVersion: '068',
  ContentDocument: '069',
  ContentDocumentLink: '06A',
  ContentWorkspace: '058',
};

/** The master record type id every object has. */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';
