// Parsing: a thin wrapper over @jetstreamapp/soql-parser-js that turns its chevrotain messages into
// Salesforce's terse `unexpected token: 'X'` form. Everything the parser throws becomes a SoqlError.

import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { malformed, type SoqlError } from './errors.ts';

/** Parsed queries by text, least recently used first: clients send the same queries again and again. */
const parsed = new Map<string, Query>();
const PARSED_KEPT = 512;

/** The query's syntax tree; shared between calls with the same text, so it is frozen. */
export function parseSoql(soql: string): Query {
  const known = parsed.get(soql);
  if (known) {
    parsed.delete(soql);
    parsed.set(soql, known);
    return known;
  }
  if (soql.trim() === '') throw malformed("unexpected token: '<EOF>'");
  let query: Query;
  try {
    query = deepFreeze(parseQuery(soql));
  } catch (error) {
    throw toSoqlError(error);
  }
  parsed.set(soql, query);
  if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value as string);
  return query;
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
