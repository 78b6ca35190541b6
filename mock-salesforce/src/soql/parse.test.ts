// The parse cache: a query text parsed once is answered from memory, frozen so no caller can change
// what the next one gets; malformed text still fails every time with Salesforce's message.
import { describe, expect, it } from 'vitest';
import { SoqlError } from './errors.ts';
import { parseSoql } from './parse.ts';

describe('parseSoql', () => {
  it('answers the same text with the same frozen tree', () => {
    const text = "SELECT Id, Name FROM Account WHERE Name LIKE 'A%' ORDER BY Name LIMIT 5";
    const first = parseSoql(text);
    expect(parseSoql(text)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.fields)).toBe(true);
    expect(() => {
      (first as { limit?: number }).limit = 10;
    }).toThrow(TypeError);
    expect(parseSoql(text).limit).toBe(5);
  });

  it('keeps failing malformed text with the SOQL error', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => parseSoql('SELECT FROM')).toThrow(SoqlError);
      expect(() => parseSoql('   ')).toThrow(/unexpected token: '<EOF>'/);
    }
  });
});
