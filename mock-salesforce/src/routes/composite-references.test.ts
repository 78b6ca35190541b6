// Reading a body's references in its values must agree with reading them in its JSON text (what
// Salesforce does) whenever scanReferences says it may: same referenceIds in the same order, same
// filled body, same unresolved reference.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fillText, fillValue, type SubAnswer, scanReferences, Unresolved } from './composite-references.ts';

const done = new Map<string, SubAnswer>([
  ['a', { httpStatusCode: 201, body: { id: '001000000000001AAA', success: true } }],
  ['q', { httpStatusCode: 200, body: { records: [{ Id: '003000000000001AAA', Name: 'Quote "q" \\ n' }] } }],
  ['bad', { httpStatusCode: 400, body: [{ errorCode: 'X' }] }],
]);

/** The text reading: every match of the URL and the body's JSON text, as one text. */
function textReferences(url: string, body: unknown): string[] {
  const text = `${url} ${JSON.stringify(body ?? null)}`;
  return [...text.matchAll(/@\{([^}]+)\}/g)].map((m) => m[1]!.split(/[.[]/)[0]!);
}

function outcome(fill: () => unknown): unknown {
  try {
    return { value: fill() };
  } catch (error) {
    if (error instanceof Unresolved) return { unresolved: error.message };
    throw error;
  }
}

// References, their parts, and characters JSON text escapes; the braces twice as often as the rest.
const pieces = [
  '@{',
  '@{',
  '}',
  '}',
  'a.id',
  'q.records[0].Id',
  'q.records[0].Name',
  'bad.id',
  'nope.id',
  '"',
  '\\',
  '\n',
  'x',
  '.',
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 6 }).map((parts) => parts.join(''));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe('scanReferences and fillValue', () => {
  test.prop([text, json], { numRuns: 1000 })('agree with reading the JSON text', (path, body) => {
    const url = `/services/data/v50.0/sobjects/Account/${path}`;
    const scanned = scanReferences({ url, body });
    expect(scanned.references).toEqual(textReferences(url, body));
    if (scanned.bodyFill !== 'values') return;
    const byText = outcome(() => JSON.parse(fillText(JSON.stringify(body), done, true)));
    const byValue = outcome(() => fillValue(body, done, { chars: 0 }));
    expect(byValue).toEqual(byText);
  });

  it('fills the usual references in place and counts what they added', () => {
    const body = { LastName: 'Kid', AccountId: '@{a.id}', Description: 'of @{q.records[0].Name}' };
    const scanned = scanReferences({ url: '/services/data/v50.0/sobjects/Contact', body });
    expect(scanned).toEqual({ references: ['a', 'q'], bodyFill: 'values' });
    const grown = { chars: 0 };
    expect(fillValue(body, done, grown)).toEqual({
      LastName: 'Kid',
      AccountId: '001000000000001AAA',
      Description: 'of Quote "q" \\ n',
    });
    expect(grown.chars).toBe(18 - '@{a.id}'.length); // the Description shrank: no growth counted
    expect(scanReferences({ url: '/x', body: { Name: 'plain' } }).bodyFill).toBe('none');
  });

  it('reads the text when a reference could span strings or hold escaped characters', () => {
    expect(scanReferences({ url: '/x', body: { A: '@{a.id', B: 'y}' } })).toEqual({
      references: ['a'],
      bodyFill: 'text',
    });
    expect(scanReferences({ url: '/x', body: { A: '@{a"b.id}' } }).bodyFill).toBe('text');
  });

  it('keeps a __proto__ key as a key, as JSON.parse does', () => {
    const body = JSON.parse('{"__proto__": "@{a.id}"}') as unknown;
    const filled = fillValue(body, done, { chars: 0 }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(filled)).toBe(Object.prototype);
    expect(Object.keys(filled)).toEqual(['__proto__']);
  });
});
