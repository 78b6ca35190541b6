import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { likeMatcher } from './literals.ts';

describe('likeMatcher', () => {
  it('treats every punctuation character of a pattern as itself', () => {
    for (const ch of [
      '-',
      '/',
      '.',
      '*',
      '+',
      '?',
      '^',
      '$',
      '{',
      '}',
      '(',
      ')',
      '|',
      '[',
      ']',
      ':',
      '!',
      '#',
      '&',
      '=',
      '~',
      '<',
      '>',
    ]) {
      expect(likeMatcher(`a${ch}%`).test(`a${ch}bc`), ch).toBe(true);
      expect(likeMatcher(`a${ch}%`).test('abc'), ch).toBe(false);
    }
  });

  // Any literal text without wildcards or escapes matches itself, and only itself (case aside).
  test.prop([fc.string({ unit: 'grapheme-ascii' }).filter((s) => !/[%_\\']/.test(s))])(
    'literal text matches itself',
    (text) => {
      const matcher = likeMatcher(text);
      expect(matcher.test(text)).toBe(true);
      expect(matcher.test(`${text}x`)).toBe(false);
    },
  );
});
