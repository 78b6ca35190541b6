// SOQL literal values: quoted strings with their escapes, LIKE patterns, and the date and datetime forms,
// turned into the plain values the predicate compares (strings, numbers, epoch milliseconds).

import { compileWildcard, type WildcardPattern, type WildcardToken } from '../match/wildcard.ts';
import { malformed } from './errors.ts';

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  N: '\n',
  r: '\r',
  R: '\r',
  t: '\t',
  T: '\t',
  b: '\b',
  B: '\b',
  f: '\f',
  F: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/**
 * Walks the body of a quoted literal, calling `onChar` for every character with whether it was escaped.
 * `\_` and `\%` are kept as escaped `_`/`%` so LIKE can tell them from wildcards.
 */
function walkEscapes(raw: string, onChar: (ch: string, escaped: boolean) => void): void {
  const body = raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      onChar(ch, false);
      continue;
    }
    const next = body[++i];
    if (next === undefined) throw malformed(`Invalid string literal '${raw}'. Illegal end of string.`);
    if (next in SIMPLE_ESCAPES) onChar(SIMPLE_ESCAPES[next]!, true);
    else if (next === '_' || next === '%') onChar(next, true);
    else if (next === 'u' || next === 'U') {
      const hex = body.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw malformed(`Invalid string literal '${raw}'. Illegal unicode escape.`);
      onChar(String.fromCharCode(Number.parseInt(hex, 16)), true);
      i += 4;
    } else throw malformed(`Invalid string literal '${raw}'. Illegal escape sequence '\\${next}'.`);
  }
}

/** The value of a quoted SOQL string literal (`'it\'s'` → `it's`). */
export function unquote(raw: string): string {
  let out = '';
  walkEscapes(raw, (ch) => {
    out += ch;
  });
  return out;
}

/**
 * A case-insensitive matcher for a LIKE pattern: `%` any run, `_` one character, `\%` `\_` literal.
 * No regular expression: the pattern comes from the caller, and one with many `%` made a regex
 * backtrack for seconds (see match/wildcard.ts).
 */
export function likeMatcher(raw: string): WildcardPattern {
  const tokens: WildcardToken[] = [];
  walkEscapes(raw, (ch, escaped) => {
    if (!escaped && ch === '%') tokens.push({ kind: 'run' });
    else if (!escaped && ch === '_') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', ch });
  });
  return compileWildcard(tokens, { caseInsensitive: true });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch ms of a `YYYY-MM-DD` date at midnight UTC, or undefined when the text is not a valid date. */
export function dateToMs(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  return check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? ms : undefined;
}

/**
 * Epoch ms of a datetime as Salesforce writes it (`2026-01-02T03:04:05.000+0000`) or as SOQL accepts it
 * (`2024-01-15T10:00:00Z`, `+05:30` offsets). A missing zone means UTC.
 */
export function dateTimeToMs(text: string): number | undefined {
  const fast = storedDateTimeToMs(text);
  if (fast !== undefined) return fast;
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const day = dateToMs(`${m[1]}-${m[2]}-${m[3]}`);
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (day === undefined || h > 23 || mi > 59 || s > 59) return undefined;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offset = 0;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits[0] === '-' ? -1 : 1;
    offset = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
  }
  return day + ((h * 60 + mi) * 60 + s) * 1000 + millis - offset;
}

/** Digits of `text` from `start` to `end` as a number, or -1 when any is not a digit. */
function digits(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Fast path for the form the org stores (`2026-01-02T03:04:05.000+0000`, 28 characters, UTC): a query
 * over a million rows parses one per row, and the general regular expression is several times slower.
 */
function storedDateTimeToMs(text: string): number | undefined {
  if (text.length !== 28 || text.charCodeAt(10) !== 84 || !text.endsWith('+0000')) return undefined;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  const h = digits(text, 11, 13);
  const mi = digits(text, 14, 16);
  const s = digits(text, 17, 19);
  const ms = digits(text, 20, 23);
  if (
    y < 0 ||
    mo < 1 ||
    mo > 12 ||
    d < 1 ||
    d > 31 ||
    h < 0 ||
    h > 23 ||
    mi < 0 ||
    mi > 59 ||
    s < 0 ||
    s > 59 ||
    ms < 0
  ) {
    return undefined;
  }
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.') return undefined;
  const day = Date.UTC(y, mo - 1, d);
  if (new Date(day).getUTCDate() !== d) return undefined;
  return day + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}
