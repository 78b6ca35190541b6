// Wildcard patterns without regular expressions: SOQL LIKE (`%` any run, `_` one character) and the
// fault rules' path globs (`*` any run). Both take text from whoever calls the mock, and a regular
// expression built from such text can backtrack for minutes (`LIKE '%%%%%%%%a'` took 14 s on a
// 40-character value). Here a pattern is split at its runs into fixed-length segments, and each
// segment is placed at its leftmost fit after the previous one: placing a segment as early as it
// fits never loses a match, so there is no backtracking, and the work is at most text length ×
// pattern length, whatever the pattern.

/** One step of a pattern: a literal character, any one character, or any run (empty too). */
export type WildcardToken = { kind: 'char'; ch: string } | { kind: 'one' } | { kind: 'run' };

export interface WildcardPattern {
  test(text: string): boolean;
}

type Step = { kind: 'char'; ch: string } | { kind: 'one' };

/** A code point as compared case-insensitively (simple folding; a mapping that would grow is left as is). */
function fold(ch: string): string {
  const lower = ch.toLowerCase();
  return lower.length === ch.length ? lower : ch;
}

const isHighSurrogate = (ch: string) => ch.length === 1 && ch >= '\uD800' && ch <= '\uDBFF';
const isLowSurrogate = (ch: string) => ch.length === 1 && ch >= '\uDC00' && ch <= '\uDFFF';

/** Whether `segment` fits `text` at `at` (the caller checks there is room). */
function fitsAt(segment: readonly Step[], text: readonly string[], at: number): boolean {
  for (let i = 0; i < segment.length; i++) {
    const step = segment[i]!;
    if (step.kind === 'char' && step.ch !== text[at + i]) return false;
  }
  return true;
}

/**
 * A matcher for the whole text (anchored at both ends, as LIKE and the globs are).
 * @example compileWildcard(likeTokens("'sm%'"), { caseInsensitive: true }).test('Smith') === true
 */
export function compileWildcard(
  tokens: readonly WildcardToken[],
  options: { caseInsensitive: boolean },
): WildcardPattern {
  const norm = options.caseInsensitive ? fold : (ch: string) => ch;
  const segments: Step[][] = [[]];
  for (const token of tokens) {
    const segment = segments.at(-1)!;
    const previous = segment.at(-1);
    if (token.kind === 'run') segments.push([]);
    else if (token.kind === 'one') segment.push(token);
    // A character outside the BMP may come as its two UTF-16 halves: it is still one character.
    else if (previous?.kind === 'char' && isHighSurrogate(previous.ch) && isLowSurrogate(token.ch))
      segment[segment.length - 1] = { kind: 'char', ch: norm(previous.ch + token.ch) };
    else segment.push({ kind: 'char', ch: norm(token.ch) });
  }
  const fixedLength = segments.reduce((n, s) => n + s.length, 0);
  return {
    test(value: string): boolean {
      // Code points, not UTF-16 units: `_` stands for one character, as in Salesforce.
      const text = Array.from(value, norm);
      if (segments.length === 1) return text.length === fixedLength && fitsAt(segments[0]!, text, 0);
      if (text.length < fixedLength) return false;
      const first = segments[0]!;
      const last = segments.at(-1)!;
      if (!fitsAt(first, text, 0) || !fitsAt(last, text, text.length - last.length)) return false;
      let cursor = first.length;
      const end = text.length - last.length;
      for (let k = 1; k < segments.length - 1; k++) {
        const segment = segments[k]!;
        let at = cursor;
        while (at + segment.length <= end && !fitsAt(segment, text, at)) at++;
        if (at + segment.length > end) return false;
        cursor = at + segment.length;
      }
      return cursor <= end;
    },
  };
}

/** A glob over a path: `*` any run of characters, everything else literal, case-sensitive. */
export function compileGlob(glob: string): WildcardPattern {
  return compileWildcard(
    Array.from(glob, (ch): WildcardToken => (ch === '*' ? { kind: 'run' } : { kind: 'char', ch })),
    { caseInsensitive: false },
  );
}
