import { describe, expect, it } from 'vitest';
import { compoundName, formatAutoNumber } from './derived-fields.ts';
import { redactBody } from './request-log.ts';

describe('derived fields', () => {
  const day = new Date('2026-03-07T00:00:00Z');
  it('formats auto-numbers as Salesforce display formats do', () => {
    expect(formatAutoNumber('{00000000}', 1001, day)).toBe('00001001');
    expect(formatAutoNumber('D-{0000}', 7, day)).toBe('D-0007');
    expect(formatAutoNumber('INV-{YYYY}{MM}-{000}', 12345, day)).toBe('INV-202603-12345');
  });
  it('builds person names from the parts present', () => {
    expect(compoundName({ FirstName: 'Ada', LastName: 'Lovelace' })).toBe('Ada Lovelace');
    expect(compoundName({ LastName: 'Byron' })).toBe('Byron');
    expect(compoundName({})).toBeUndefined();
  });
});

describe('request log redaction', () => {
  it('removes passwords, secrets, tokens and session ids', () => {
    const text = redactBody(
      'grant_type=password&username=u&password=p%40ss&client_secret=s <n:sessionId>00D!x</n:sessionId> {"access_token":"00D!y"}',
    );
    expect(text).not.toMatch(/p%40ss|=s |00D!x|00D!y/);
    expect(text).toContain('username=u');
  });
});
