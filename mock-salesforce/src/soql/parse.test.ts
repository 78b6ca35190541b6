// The parse cache: a query text parsed once is answered from memory, frozen so no caller can change
// what the next one gets; malformed text still fails every time with Salesforce's message.
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import fc from 'fast-check';
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

  it("gives the parser's own tree when only the string literals differ from a query parsed before", () => {
    // A SOQL string literal's content: anything, with quotes and backslashes escaped.
    const literal = fc
      .string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '%', '_', "'", '\\', '§', '\n', 'é'), maxLength: 8 })
      .map((text) => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`);
    const queries = [
      (a: string, b: string) => `SELECT Id FROM Account WHERE Name = ${a} AND Id IN (${a}, ${b}) LIMIT 3`,
      (a: string, b: string) =>
        `SELECT Id, (SELECT Id FROM Contacts WHERE LastName LIKE ${a}) FROM Account WHERE Name != ${b}`,
      (a: string, b: string) =>
        `SELECT COUNT() FROM Contact WHERE (LastName = ${a} OR FirstName = ${b}) AND CreatedDate > 2020-01-01T00:00:00Z`,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...queries), literal, literal, (query, a, b) => {
        const text = query(a, b);
        let reference: unknown;
        try {
          reference = parseQuery(text);
        } catch {
          // What the parser refuses (a line break inside a literal) stays refused.
          expect(() => parseSoql(text)).toThrow(SoqlError);
          return;
        }
        expect(parseSoql(text)).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('names the tokens of the text as sent in an error, not placeholders', () => {
    const text = "SELECT Id FROM Account WHERE Name = 'x' 'y'";
    expect(() => parseSoql(text)).toThrow("unexpected token: 'y'");
    expect(() => parseSoql(text)).not.toThrow(/§/);
  });

  it('keeps failing malformed text with the SOQL error', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => parseSoql('SELECT FROM')).toThrow(SoqlError);
      expect(() => parseSoql('   ')).toThrow(/unexpected token: '<EOF>'/);
    }
  });
});
