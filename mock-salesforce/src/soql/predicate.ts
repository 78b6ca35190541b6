// Compiles a WHERE tree once per query into a plain predicate over records. Literals are decoded and
// type-checked against the field up front, so the per-row work is a key read and a comparison.

import type { LiteralType, Query } from '@jetstreamapp/soql-parser-js';
import type { ObjectDescribe } from '@restorelab/salesforce';
import { toId18 } from '@restorelab/salesforce';
import { dateLiteralRange, type MsRange } from './date-literals.ts';
import { malformed, SoqlError } from './errors.ts';
import { type FieldPath, pathReader, resolvePath } from './fields.ts';
import { dateTimeToMs, dateToMs, likeMatcher, unquote } from './literals.ts';
import type { SoqlDataSource, SoqlRecord } from './source.ts';
import {
  assertFilterable,
  compareKeys,
  type Key,
  keyOf,
  kindOf,
  multiKey,
  soapTypeOf,
  type ValueKind,
} from './values.ts';
import type { BoolExpr, WhereCondition } from './where-tree.ts';

export type Predicate = (record: SoqlRecord) => boolean;

export interface PredicateContext {
  readonly source: SoqlDataSource;
  readonly root: ObjectDescribe;
  readonly alias: string | undefined;
  /** Epoch ms the date literals are relative to. */
  readonly now: number;
  /** Runs a semi-join subquery and answers the 18-character ids it selects. */
  readonly semiJoin: (query: Query) => ReadonlySet<string>;
}

type Operand = { readonly point: Key } | { readonly range: MsRange };

export function compilePredicate(expr: BoolExpr<WhereCondition>, ctx: PredicateContext): Predicate {
  switch (expr.kind) {
    case 'cond':
      return compileCondition(expr.cond, ctx);
    case 'not': {
      const inner = compilePredicate(expr.expr, ctx);
      return (record) => !inner(record);
    }
    case 'and': {
      const parts = expr.exprs.map((e) => compilePredicate(e, ctx));
      return (record) => parts.every((p) => p(record));
    }
    case 'or': {
      const parts = expr.exprs.map((e) => compilePredicate(e, ctx));
      return (record) => parts.some((p) => p(record));
    }
  }
}

/** The field a condition filters on, resolved; throws for function conditions the mock does not support. */
export function conditionPath(cond: WhereCondition, ctx: Pick<PredicateContext, 'source' | 'root' | 'alias'>) {
  if (!('field' in cond) || typeof cond.field !== 'string') {
    throw malformed('functions in WHERE are not supported by the mock SOQL engine');
  }
  return resolvePath(ctx.source, ctx.root, cond.field, ctx.alias);
}

function compileCondition(cond: WhereCondition, ctx: PredicateContext): Predicate {
  const path = conditionPath(cond, ctx);
  const kind = kindOf(path.field);
  const read = pathReader(ctx.source, path);
  const key = (record: SoqlRecord): Key => keyOf(kind, read(record));
  const operator = cond.operator.toUpperCase();
  assertFilterable(path.field);

  if (cond.valueQuery) return compileSemiJoin({ ...cond, valueQuery: cond.valueQuery }, path, kind, key, ctx);
  const values = Array.isArray(cond.value) ? cond.value : [cond.value];
  const types = Array.isArray(cond.literalType) ? cond.literalType : values.map(() => cond.literalType);
  const literal = (i: number) => ({ raw: String(values[i] ?? ''), type: (types[i] ?? 'STRING') as LiteralType });

  switch (operator) {
    case '=':
    case '!=':
    case '<>': {
      const operand = compileOperand(literal(0), path, kind, ctx.now);
      const negate = operator !== '=';
      return (record) => matches(key(record), operand) !== negate;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const operand = compileOperand(literal(0), path, kind, ctx.now);
      return (record) => ordered(key(record), operand, operator);
    }
    case 'IN':
    case 'NOT IN': {
      const operands = values.map((_, i) => compileOperand(literal(i), path, kind, ctx.now));
      const points = new Set(operands.filter((o) => 'point' in o).map((o) => (o as { point: Key }).point));
      const ranges = operands.filter((o): o is { range: MsRange } => 'range' in o);
      const negate = operator === 'NOT IN';
      return (record) => {
        const k = key(record);
        const hit = points.has(k) || ranges.some((r) => matches(k, r));
        return hit !== negate;
      };
    }
    case 'LIKE': {
      if (kind !== 'string' && kind !== 'id') {
        throw new SoqlError('INVALID_FIELD', `invalid operator on field '${path.canonical}': LIKE needs a text field`);
      }
      const { raw, type } = literal(0);
      if (type !== 'STRING') throw typeError(path, 'string');
      const pattern = likeMatcher(raw);
      return (record) => {
        const value = read(record);
        return value !== null && value !== undefined && value !== '' && pattern.test(String(value));
      };
    }
    case 'INCLUDES':
    case 'EXCLUDES': {
      if (kind !== 'multipicklist') {
        throw new SoqlError('INVALID_FIELD', `includes or excludes operator only valid on multipicklist field`);
      }
      const wanted = values.map((_, i) => {
        const { raw, type } = literal(i);
        if (type !== 'STRING') throw typeError(path, 'string');
        return multiKey(unquote(raw)).split(';');
      });
      const negate = operator === 'EXCLUDES';
      return (record) => {
        const k = key(record);
        const have = new Set(typeof k === 'string' ? k.split(';') : []);
        const hit = wanted.some((set) => set.every((v) => have.has(v)));
        return hit !== negate;
      };
    }
    default:
      throw malformed(`unexpected token: '${cond.operator}'`);
  }
}

function compileSemiJoin(
  cond: WhereCondition & { readonly valueQuery: Query },
  path: FieldPath,
  kind: ValueKind,
  key: (record: SoqlRecord) => Key,
  ctx: PredicateContext,
): Predicate {
  const operator = cond.operator.toUpperCase();
  if (operator !== 'IN' && operator !== 'NOT IN') throw malformed(`unexpected token: '${cond.operator}'`);
  if (kind !== 'id') {
    throw malformed(`semi join sub-selects are only allowed on Id or reference fields, not '${path.canonical}'`);
  }
  const ids = ctx.semiJoin(cond.valueQuery);
  const negate = operator === 'NOT IN';
  return (record) => {
    const k = key(record);
    return (k !== null && ids.has(k as string)) !== negate;
  };
}

function typeError(path: FieldPath, soapType: string): SoqlError {
  const quoting =
    soapType === 'string' || soapType === 'id' ? 'should be enclosed in quotes' : 'should not be enclosed in quotes';
  return new SoqlError(
    'INVALID_FIELD',
    `value of filter criterion for field '${path.canonical}' must be of type ${soapType} and ${quoting}`,
  );
}

/** Decodes one literal for a field of `kind`, refusing the combinations Salesforce refuses. */
function compileOperand(
  literal: { raw: string; type: LiteralType },
  path: FieldPath,
  kind: ValueKind,
  now: number,
): Operand {
  const { raw, type } = literal;
  if (type === 'NULL') return { point: null };
  const mismatch = () => typeError(path, soapTypeOf(kind));
  switch (type) {
    case 'STRING': {
      const value = unquote(raw);
      if (kind === 'string') return { point: value === '' ? null : value.toLowerCase() };
      if (kind === 'multipicklist') return { point: value === '' ? null : multiKey(value) };
      if (kind === 'id') {
        if (value === '') return { point: null };
        const id = toId18(value);
        if (id === undefined) throw malformed(`invalid ID field: ${value}`);
        return { point: id };
      }
      throw mismatch();
    }
    case 'INTEGER':
    case 'DECIMAL':
    case 'INTEGER_WITH_CURRENCY_PREFIX':
    case 'DECIMAL_WITH_CURRENCY_PREFIX': {
      if (kind !== 'number') throw mismatch();
      const n = Number(raw.replace(/^[A-Za-z]+/, ''));
      if (Number.isNaN(n)) throw malformed(`unexpected token: '${raw}'`);
      return { point: n };
    }
    case 'BOOLEAN':
      if (kind !== 'boolean') throw mismatch();
      return { point: raw.toUpperCase() === 'TRUE' };
    case 'DATE': {
      if (kind !== 'date') throw mismatch();
      const ms = dateToMs(raw);
      if (ms === undefined) throw malformed(`unexpected token: '${raw}'`);
      return { point: ms };
    }
    case 'DATETIME': {
      if (kind !== 'datetime') throw mismatch();
      const ms = dateTimeToMs(raw);
      if (ms === undefined) throw malformed(`unexpected token: '${raw}'`);
      return { point: ms };
    }
    case 'DATE_LITERAL':
    case 'DATE_N_LITERAL':
      if (kind !== 'date' && kind !== 'datetime') throw mismatch();
      return { range: dateLiteralRange(raw, now) };
    default:
      throw malformed(`unexpected token: '${raw}'`);
  }
}

function matches(key: Key, operand: Operand): boolean {
  if ('point' in operand) return key === operand.point;
  return typeof key === 'number' && key >= operand.range.start && key < operand.range.end;
}

function ordered(key: Key, operand: Operand, operator: string): boolean {
  if (key === null) return false;
  if ('range' in operand) {
    if (typeof key !== 'number') return false;
    const { start, end } = operand.range;
    if (operator === '<') return key < start;
    if (operator === '<=') return key < end;
    if (operator === '>') return key >= end;
    return key >= start;
  }
  if (operand.point === null) return false;
  const c = compareKeys(key, operand.point);
  if (operator === '<') return c < 0;
  if (operator === '<=') return c <= 0;
  if (operator === '>') return c > 0;
  return c >= 0;
}
