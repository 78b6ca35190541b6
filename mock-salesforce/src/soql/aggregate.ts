// Aggregate queries: COUNT(field), COUNT_DISTINCT, MIN, MAX, SUM and AVG, with an optional GROUP BY on
// plain or parent fields. Rows come back as Salesforce's AggregateResult objects: group fields under
// their field name, aggregates under their alias or `expr0`, `expr1`, ... in SELECT order.

import type { OrderByClause, Query } from '@jetstreamapp/soql-parser-js';
import type { ObjectDescribe } from '@restorelab/salesforce';
import { malformed, SoqlError } from './errors.ts';
import { type FieldPath, pathReader, resolvePath } from './fields.ts';
import type { SoqlDataSource, SoqlRecord } from './source.ts';
import { compareKeys, type Key, keyOf, kindOf, sortKeyOf, type ValueKind } from './values.ts';

const FUNCTIONS = new Set(['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG']);

/** A query is an aggregate one when it groups or selects an aggregate function of a field. */
export function isAggregateQuery(query: Query): boolean {
  if (query.groupBy) return true;
  return (query.fields ?? []).some(
    (f) =>
      f.type === 'FieldFunctionExpression' && FUNCTIONS.has(f.functionName.toUpperCase()) && f.parameters.length > 0,
  );
}

interface Column {
  readonly outKey: string;
  readonly path: FieldPath;
  readonly kind: ValueKind;
  readonly read: (record: SoqlRecord) => unknown;
}
interface GroupColumn extends Column {
  readonly canonical: string;
}
interface AggregateColumn extends Column {
  readonly fn: string;
  /** `COUNT(Id)` upper-cased without spaces, to match ORDER BY COUNT(Id). */
  readonly signature: string;
}

interface Accumulator {
  count: number;
  sum: number;
  distinct: Set<Key>;
  best: { key: Key; raw: unknown } | undefined;
}

interface Group {
  readonly values: unknown[];
  readonly accumulators: Accumulator[];
}

export interface AggregatePlan {
  add(record: SoqlRecord): void;
  /** The AggregateResult rows, ordered by the query's ORDER BY. */
  rows(): Array<Record<string, unknown>>;
}

const signatureOf = (raw: string): string => raw.replace(/\s+/g, '').toUpperCase();

export function planAggregate(query: Query, source: SoqlDataSource, root: ObjectDescribe): AggregatePlan {
  if (query.having) throw malformed('HAVING is not supported by the mock SOQL engine');
  const alias = query.sObjectAlias;
  const column = (dotted: string) => {
    const path = resolvePath(source, root, dotted, alias);
    return { path, kind: kindOf(path.field), read: pathReader(source, path) };
  };

  const groupClauses = query.groupBy ? (Array.isArray(query.groupBy) ? query.groupBy : [query.groupBy]) : [];
  const groups: GroupColumn[] = groupClauses.map((clause) => {
    if (!('field' in clause)) throw malformed('GROUP BY functions are not supported by the mock SOQL engine');
    const c = column(clause.field);
    return { ...c, outKey: c.path.field.name, canonical: c.path.canonical.toLowerCase() };
  });

  // The SELECT list in order: each item is a group column or an aggregate.
  const output: Array<{ group: number } | { aggregate: number }> = [];
  const aggregates: AggregateColumn[] = [];
  let unnamed = 0;
  for (const item of query.fields ?? []) {
    if (item.type === 'Field' || item.type === 'FieldRelationship') {
      const dotted = item.type === 'Field' ? item.field : [...item.relationships, item.field].join('.');
      const { path } = column(dotted);
      const index = groups.findIndex((g) => g.canonical === path.canonical.toLowerCase());
      if (index < 0) throw malformed(`Field must be grouped or aggregated: ${path.field.name}`);
      output.push({ group: index });
      continue;
    }
    if (item.type !== 'FieldFunctionExpression') throw malformed('subqueries are not allowed in aggregate queries');
    const fn = item.functionName.toUpperCase();
    const param = item.parameters[0];
    if (!FUNCTIONS.has(fn) || item.parameters.length !== 1 || typeof param !== 'string') {
      throw malformed(`${item.functionName}() is not supported in an aggregate query by the mock SOQL engine`);
    }
    const c = column(param);
    if ((fn === 'SUM' || fn === 'AVG') && c.kind !== 'number') {
      throw new SoqlError('INVALID_FIELD', `field ${c.path.field.name} does not support aggregate operator ${fn}`);
    }
    const outKey = item.alias ?? `expr${unnamed++}`;
    output.push({ aggregate: aggregates.length });
    aggregates.push({ ...c, fn, outKey, signature: signatureOf(item.rawValue ?? `${fn}(${param})`) });
  }

  const byKey = new Map<string, Group>();
  const fresh = (): Accumulator[] =>
    aggregates.map(() => ({ count: 0, sum: 0, distinct: new Set<Key>(), best: undefined }));
  if (groups.length === 0) byKey.set('[]', { values: [], accumulators: fresh() }); // one row even for no matches

  const add = (record: SoqlRecord) => {
    const values = groups.map((g) => g.read(record));
    const id = JSON.stringify(groups.map((g, i) => keyOf(g.kind, values[i])));
    let group = byKey.get(id);
    if (!group) {
      group = { values, accumulators: fresh() };
      byKey.set(id, group);
    }
    for (let i = 0; i < aggregates.length; i++) {
      const a = aggregates[i]!;
      accumulate(a, group.accumulators[i]!, a.read(record));
    }
  };

  const rows = () => {
    const list = [...byKey.values()].map((group) => {
      const row: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
      for (const item of output) {
        if ('group' in item) row[groups[item.group]!.outKey] = group.values[item.group] ?? null;
        else
          row[aggregates[item.aggregate]!.outKey] = result(
            aggregates[item.aggregate]!,
            group.accumulators[item.aggregate]!,
          );
      }
      return { row, group };
    });
    if (query.orderBy) {
      const sorters = orderColumns(query.orderBy, groups, aggregates, column);
      list.sort((x, y) => {
        for (const s of sorters) {
          const a = s.key(x.group);
          const b = s.key(y.group);
          if (a === b) continue;
          if (a === null) return s.nullsFirst ? -1 : 1;
          if (b === null) return s.nullsFirst ? 1 : -1;
          const c = compareKeys(a, b);
          if (c !== 0) return s.descending ? -c : c;
        }
        return 0;
      });
    }
    return list.map((x) => x.row);
  };
  return { add, rows };
}

function accumulate(column: AggregateColumn, acc: Accumulator, raw: unknown): void {
  const key = keyOf(column.kind, raw);
  if (key === null || (column.kind === 'boolean' && (raw === null || raw === undefined))) return;
  acc.count++;
  if (column.fn === 'COUNT_DISTINCT') acc.distinct.add(key);
  else if (column.fn === 'SUM' || column.fn === 'AVG') acc.sum += key as number;
  else if (column.fn === 'MIN' || column.fn === 'MAX') {
    const sortKey = sortKeyOf(column.kind, raw)!;
    const c = acc.best ? compareKeys(sortKey, acc.best.key!) : 0;
    if (!acc.best || (column.fn === 'MIN' ? c < 0 : c > 0)) acc.best = { key: sortKey, raw };
  }
}

function result(column: AggregateColumn, acc: Accumulator): unknown {
  switch (column.fn) {
    case 'COUNT':
      return acc.count;
    case 'COUNT_DISTINCT':
      return acc.distinct.size;
    case 'SUM':
      return acc.count === 0 ? null : acc.sum;
    case 'AVG':
      return acc.count === 0 ? null : acc.sum / acc.count;
    default:
      return acc.best ? acc.best.raw : null;
  }
}

function orderColumns(
  orderBy: OrderByClause | OrderByClause[],
  groups: GroupColumn[],
  aggregates: AggregateColumn[],
  column: (dotted: string) => { path: FieldPath },
): Array<{ key: (group: Group) => Key; descending: boolean; nullsFirst: boolean }> {
  return (Array.isArray(orderBy) ? orderBy : [orderBy]).map((clause) => {
    const descending = clause.order?.toUpperCase() === 'DESC';
    const nullsFirst = clause.nulls?.toUpperCase() !== 'LAST';
    if ('field' in clause) {
      const { path } = column(clause.field);
      const index = groups.findIndex((g) => g.canonical === path.canonical.toLowerCase());
      if (index < 0) throw malformed(`Ordered field must be grouped or aggregated: ${path.field.name}`);
      const kind = groups[index]!.kind;
      return { key: (group) => sortKeyOf(kind, group.values[index]), descending, nullsFirst };
    }
    const signature = signatureOf(clause.fn.rawValue ?? '');
    const index = aggregates.findIndex((a) => a.signature === signature);
    if (index < 0) throw malformed('ORDER BY an aggregate needs the same aggregate in the SELECT list');
    const aggregate = aggregates[index]!;
    return {
      key: (group) => {
        const value = result(aggregate, group.accumulators[index]!);
        return typeof value === 'number' ? value : sortKeyOf(aggregate.kind, value);
      },
      descending,
      nullsFirst,
    };
  });
}
