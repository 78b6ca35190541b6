import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checksumSuffix, isSalesforceId, makeId, sameId, toId18 } from './ids.ts';

describe('ids', () => {
  it('matches the documented checksum examples', () => {
    expect(toId18('012000000000000')).toBe('012000000000000AAA');
    expect(toId18('00558000001N0Ke')).toBe('00558000001N0KeAAK');
  });

  it('accepts the 18 form with a lower-case suffix and rejects a wrong one', () => {
    expect(toId18('00558000001N0Keaak')).toBe('00558000001N0KeAAK');
    expect(toId18('00558000001N0KeAAA')).toBeUndefined();
    expect(isSalesforceId('not-an-id')).toBe(false);
    expect(isSalesforceId('00558000001N0K')).toBe(false);
  });

  test.prop([fc.stringMatching(/^[a-zA-Z0-9]{15}$/)])('15 and 18 forms name the same record', (id15) => {
    const id18 = toId18(id15);
    expect(id18).toBe(id15 + checksumSuffix(id15));
    expect(sameId(id15, id18)).toBe(true);
    expect(toId18(id18!)).toBe(id18);
  });

  test.prop([fc.stringMatching(/^[a-zA-Z0-9]{15}$/), fc.integer({ min: 0, max: 14 })])(
    'changing the case of one letter changes the suffix',
    (id15, pos) => {
      const c = id15[pos]!;
      fc.pre(c.toLowerCase() !== c.toUpperCase());
      const flipped =
        id15.slice(0, pos) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + id15.slice(pos + 1);
      expect(checksumSuffix(flipped)).not.toBe(checksumSuffix(id15));
    },
  );

  it('makes distinct valid ids from sequences', () => {
    const a = makeId('001', 1);
    const b = makeId('001', 2);
    expect(a).not.toBe(b);
    expect(a.startsWith('001')).toBe(true);
    expect(toId18(a)).toBe(a);
    expect(() => makeId('001', -1)).toThrow(RangeError);
  });
});
