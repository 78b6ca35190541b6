// Parsing: a thin wrapper over @jetstreamapp/soql-parser-js that turns its chevrotain messages into
// Salesforce's terse `unexpected token: 'X'` form. Everything the parser throws becomes a SoqlError.

import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { malformed, type SoqlError } from './errors.ts';

/** Parsed queries by text, least recently used first: clients send the same queries again and again. */
const parsed = new Map<string, Query>();
/**
 * Parsed queries by shape (the text with each string literal replaced by a numbered placeholder):
 * clients send the same query with other ids and names far more often than the same text, and the
 * parser costs far more than putting the literals back into a copy of the tree.
 */
const shapes = new Map<string, Query>();
const PARSED_KEPT = 512;
/** A SOQL string literal as the parser's lexer reads it: quoted, backslash escapes, no line break. */
const STRING_LITERAL = /'(?:[^'\\]|\\.)*'/g;
/** Text with a line break is parsed as sent: a literal the lexer refuses must not become a placeholder. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;
/** The placeholder for literal n: a string literal no real query holds (`§` is not SOQL outside quotes). */
const PLACEHOLDER = /^'§§(\d+)'$/;

/** The query's syntax tree; shared between calls with the same text, so it is frozen. */
export function parseSoql(soql: string): Query {
  const known = parsed.get(soql);
  if (known) {
    parsed.delete(soql);
    parsed.set(soql, known);
    return known;
  }
  if (soql.trim() === '') throw malformed("unexpected token: '<EOF>'");
  const literals: string[] = [];
  const shape = LINE_BREAK.test(soql)
    ? soql
    : soql.replace(STRING_LITERAL, (literal) => `'§§${literals.push(literal) - 1}'`);
  let template = shapes.get(shape);
  if (template) {
    shapes.delete(shape);
    shapes.set(shape, template);
  } else {
    try {
      template = deepFreeze(parseQuery(shape));
    } catch {
      // Parse the text as sent, so the error names its own tokens, not placeholders.
      return parseAsSent(soql);
    }
    remember(shapes, shape, template);
  }
  const query = literals.length === 0 ? template : deepFreeze(fill(template, literals) as Query);
  remember(parsed, soql, query);
  return query;
}

function parseAsSent(soql: string): Query {
  let query: Query;
  try {
    query = deepFreeze(parseQuery(soql));
  } catch (error) {
    throw toSoqlError(error);
  }
  remember(parsed, soql, query);
  return query;
}

function remember(cache: Map<string, Query>, key: string, query: Query): void {
  cache.set(key, query);
  if (cache.size > PARSED_KEPT) cache.delete(cache.keys().next().value as string);
}

/** A copy of a parsed shape with its placeholders replaced by the literals they stand for. */
function fill(node: unknown, literals: readonly string[]): unknown {
  if (typeof node === 'string') {
    const match = PLACEHOLDER.exec(node);
    return match ? literals[Number(match[1])] : node;
  }
  if (Array.isArray(node)) return node.map((item) => fill(item, literals));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = fill(value, literals);
    return out;
  }
  return node;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function toSoqlError(error: unknown): SoqlError {
  const text = error instanceof Error ? error.message : String(error);
  const lexed = /unexpected character: ->([\s\S])<-/.exec(text);
  if (lexed) return malformed(`unexpected token: '${lexed[1]}'`, error);
  // Chevrotain ends its messages with the offending token: `but found --> 'X' <--` or `but found: 'X'`.
  const found = /but found(?::| -->) '([\s\S]*)'(?: <--)?\s*$/.exec(text);
  if (found) return malformed(`unexpected token: '${found[1] === '' ? '<EOF>' : found[1]}'`, error);
  return malformed(text.split('\n')[0] || 'unexpected token', error);
}
