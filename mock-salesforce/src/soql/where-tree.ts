// The parser hands WHERE back as a right-nested chain of conditions with `openParen`/`closeParen` counts
// and NOT markers, which loses the structure. This module flattens that chain back into tokens and
// re-parses them with SOQL's own grammar, which is stricter than SQL's precedence rules (and stricter than
// the parser library): Salesforce requires parentheses whenever AND, OR and NOT are mixed, so
//   A AND B OR C        → unexpected token: 'OR'   (write (A AND B) OR C)
//   A AND NOT B         → unexpected token: 'NOT'  (write A AND (NOT B))
//   NOT A AND B         → unexpected token: 'AND'  (write (NOT A) AND B)
// A chain of one operator needs none: A AND B AND C, A OR B OR C.

import type { ConditionWithValueQuery, LiteralType, Query, WhereClause } from '@jetstreamapp/soql-parser-js';
import { malformed } from './errors.ts';

export type BoolExpr<C> =
  | { readonly kind: 'cond'; readonly cond: C }
  | { readonly kind: 'not'; readonly expr: BoolExpr<C> }
  | { readonly kind: 'and' | 'or'; readonly exprs: readonly BoolExpr<C>[] };

/** One comparison of a WHERE clause, as the parser reports it (a field, or a function the engine refuses). */
export interface WhereCondition {
  readonly field?: string;
  readonly fn?: unknown;
  readonly operator: string;
  readonly value?: string | string[];
  readonly literalType?: LiteralType | LiteralType[];
  readonly valueQuery?: Query;
}

type Token = { t: '(' } | { t: ')' } | { t: 'NOT' } | { t: 'AND' } | { t: 'OR' } | { t: 'cond'; cond: WhereCondition };

function flatten(where: WhereClause): Token[] {
  const tokens: Token[] = [];
  let node: WhereClause | undefined = where;
  while (node) {
    const left = node.left as (ConditionWithValueQuery & { openParen?: number; closeParen?: number }) | null;
    const operator = 'operator' in node ? node.operator : undefined;
    for (let i = 0; i < (left?.openParen ?? 0); i++) tokens.push({ t: '(' });
    if (operator === 'NOT') {
      // A NOT node's `left` only carries the parentheses opened before the NOT.
      tokens.push({ t: 'NOT' });
    } else {
      if (!left || !isCondition(left)) throw malformed('unexpected token: WHERE');
      tokens.push({ t: 'cond', cond: left as WhereCondition });
      for (let i = 0; i < (left.closeParen ?? 0); i++) tokens.push({ t: ')' });
      if (operator === 'AND' || operator === 'OR') tokens.push({ t: operator });
      else if (operator !== undefined) throw malformed(`unexpected token: '${String(operator)}'`);
    }
    node = 'right' in node ? node.right : undefined;
  }
  return tokens;
}

function isCondition(left: object): left is ConditionWithValueQuery {
  return 'operator' in left;
}

/** Rebuilds a WHERE clause as a boolean expression tree with real precedence. */
export function buildWhereTree(where: WhereClause): BoolExpr<WhereCondition> {
  const tokens = flatten(where);
  let pos = 0;
  const unexpected = (token: Token | undefined) => {
    const text = token === undefined ? '<EOF>' : token.t === 'cond' ? String(token.cond.field ?? 'function') : token.t;
    return malformed(`unexpected token: '${text}'`);
  };

  // condition := NOT simple | simple (AND simple)* | simple (OR simple)*
  const parseCondition = (): BoolExpr<WhereCondition> => {
    if (tokens[pos]?.t === 'NOT') {
      pos++;
      return { kind: 'not', expr: parseSimple() };
    }
    const exprs = [parseSimple()];
    const joiner = tokens[pos]?.t;
    if (joiner !== 'AND' && joiner !== 'OR') return exprs[0]!;
    while (tokens[pos]?.t === joiner) {
      pos++;
      exprs.push(parseSimple());
    }
    return { kind: joiner === 'AND' ? 'and' : 'or', exprs };
  };
  // simple := ( condition ) | comparison
  const parseSimple = (): BoolExpr<WhereCondition> => {
    const token = tokens[pos++];
    if (token?.t === 'cond') return { kind: 'cond', cond: token.cond };
    if (token?.t !== '(') throw unexpected(token);
    const inner = parseCondition();
    const close = tokens[pos++];
    if (close?.t !== ')') throw unexpected(close);
    return inner;
  };

  const tree = parseCondition();
  if (pos !== tokens.length) throw unexpected(tokens[pos]);
  return tree;
}

/**
 * How many NOT operators the parser reported, in this WHERE and in the WHERE of every semi-join under it.
 * The parser silently drops NOTs from runs of three or more (`NOT NOT NOT A = 1`), so the engine compares
 * this count with the NOT keywords in the query text and refuses the query rather than answer wrongly.
 */
export function countNots(where: WhereClause | undefined): number {
  let count = 0;
  let node: WhereClause | undefined = where;
  while (node) {
    if ('operator' in node && node.operator === 'NOT') count++;
    const left = node.left as (WhereCondition & object) | null;
    if (left && 'valueQuery' in left && left.valueQuery) count += countNots(left.valueQuery.where);
    node = 'right' in node ? node.right : undefined;
  }
  return count;
}

/** NOT keywords in SOQL text, outside string literals and apart from the NOT IN operator. */
export function countNotKeywords(soql: string): number {
  const code = soql.replace(/'(?:[^'\\]|\\[\s\S])*'/g, "''");
  return (code.match(/\bNOT\b(?!\s+IN\b)/gi) ?? []).length;
}

/** Every condition in a tree, in source order. */
export function conditionsOf<C>(expr: BoolExpr<C>): C[] {
  if (expr.kind === 'cond') return [expr.cond];
  if (expr.kind === 'not') return conditionsOf(expr.expr);
  return expr.exprs.flatMap((e) => conditionsOf(e));
}

/** Conditions that must all hold for the whole tree to hold (the top-level AND chain). */
export function requiredConditions<C>(expr: BoolExpr<C>): C[] {
  if (expr.kind === 'cond') return [expr.cond];
  if (expr.kind === 'and') return expr.exprs.flatMap((e) => requiredConditions(e));
  return [];
}
