// Parsing: a thin wrapper over @jetstreamapp/soql-parser-js that turns its chevrotain messages into
// Salesforce's terse `unexpected token: 'X'` form. Everything the parser throws becomes a SoqlError.

import { parseQuery, type Query } from '@jetstreamapp/soql-parser-js';
import { malformed, type SoqlError } from './errors.ts';

export function parseSoql(soql: string): Query {
  if (soql.trim() === '') throw malformed("unexpected token: '<EOF>'");
  try {
    return parseQuery(soql);
  } catch (error) {
    throw toSoqlError(error);
  }
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
