import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compileGlob, compileWildcard, type WildcardToken } from './wildcard.ts';

/** The obviously right answer, by dynamic programming over (pattern step, text position). */
function reference(tokens: readonly WildcardToken[], text: string, caseInsensitive: boolean): boolean {
  const norm = (ch: string) => (caseInsensitive ? ch.toLowerCase() : ch);
  const chars = Array.from(text, norm);
  let reach = new Set([0]);
  for (const token of tokens) {
    const next = new Set<number>();
    for (const at of reach) {
      if (token.kind === 'run') for (let k = at; k <= chars.length; k++) next.add(k);
      else if (at < chars.length && (token.kind === 'one' || norm(token.ch) === chars[at])) next.add(at + 1);
    }
    reach = next;
  }
  return reach.has(chars.length);
}

const tokenArb: fc.Arbitrary<WildcardToken> = fc.oneof(
  fc.constantFrom('a', 'b', 'A', 'é', '😀').map((ch) => ({ kind: 'char' as const, ch })),
  fc.constant({ kind: 'one' as const }),
  fc.constant({ kind: 'run' as const }),
);
const textArb = fc.array(fc.constantFrom('a', 'b', 'B', 'É', '😀'), { maxLength: 12 }).map((a) => a.join(''));

describe('wildcard patterns', () => {
  test.prop([fc.array(tokenArb, { maxLength: 8 }), textArb, fc.boolean()])(
    'agree with a dynamic-programming reference on every pattern and text',
    (tokens, text, caseInsensitive) => {
      expect(compileWildcard(tokens, { caseInsensitive }).test(text)).toBe(reference(tokens, text, caseInsensitive));
    },
  );

  it('take one character for `_`, even outside the Basic Multilingual Plane', () => {
    const one: WildcardToken[] = [{ kind: 'one' }];
    expect(compileWildcard(one, { caseInsensitive: true }).test('😀')).toBe(true);
    // The same character given as its two UTF-16 halves, as a SOQL literal's walk yields it.
    const halves: WildcardToken[] = Array.from('😀'.split(''), (ch) => ({ kind: 'char' as const, ch }));
    expect(compileWildcard(halves, { caseInsensitive: true }).test('😀')).toBe(true);
  });

  it('answer at once on patterns that made a backtracking matcher take seconds', () => {
    const text = `${'a'.repeat(40)}b`;
    const runs: WildcardToken[] = [
      ...Array.from({ length: 5000 }, () => ({ kind: 'run' as const })),
      { kind: 'char', ch: 'c' },
    ];
    expect(compileWildcard(runs, { caseInsensitive: true }).test(text)).toBe(false);
    const mixed: WildcardToken[] = [];
    for (let i = 0; i < 30; i++) mixed.push({ kind: 'run' }, { kind: 'char', ch: 'a' });
    mixed.push({ kind: 'char', ch: 'c' });
    expect(compileWildcard(mixed, { caseInsensitive: true }).test(text.repeat(50))).toBe(false);
  });

  it('read globs with `*` only, case-sensitively', () => {
    expect(compileGlob('/services/data/*/sobjects').test('/services/data/v60.0/sobjects')).toBe(true);
    expect(compileGlob('/services/data/*/sobjects').test('/services/data/v60.0/SObjects')).toBe(false);
    expect(compileGlob('*').test('')).toBe(true);
    expect(compileGlob('/a.b').test('/aXb')).toBe(false);
    expect(compileGlob(`/${'*'.repeat(3000)}x`).test(`/${'y'.repeat(10_000)}`)).toBe(false);
  });
});
