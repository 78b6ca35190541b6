// Runs one parsed query against a data source: resolve the object, compile the WHERE once, pick the
// candidate rows (direct look-ups when the WHERE pins Id or an indexed reference, a scan otherwise),
// filter, order, slice, and shape the rows the way the REST API answers them.

import type { Query, Subquery } from '@jetstreamapp/soql-parser-js';
import type { ObjectDescribe } from '@restorelab/salesforce';
import { isAggregateQuery, planAggregate } from './aggregate.ts';
import { candidateRows } from './candidates.ts';
import { malformed, unsupportedType } from './errors.ts';
import { pathReader, resolvePath } from './fields.ts';
import { compileOrder, type SortColumn, sortRecords } from './order.ts';
import { parseSoql } from './parse.ts';
import { compilePredicate, conditionPath, type Predicate, type PredicateContext } from './predicate.ts';
import { type ChildRows, planSelect, type RowContext, shapeRow } from './select.ts';
import type { SoqlDataSource, SoqlOptions, SoqlRecord, SoqlResult } from './source.ts';
import { keyOf, kindOf } from './values.ts';
import {
  type BoolExpr,
  buildWhereTree,
  conditionsOf,
  countNotKeywords,
  countNots,
  type WhereCondition,
} from './where-tree.ts';

/**
 * Executes a SOQL query the way `GET /query` (or `/queryAll` with `includeDeleted`) would, answering
 * every record at once; the REST layer pages them.
 *
 * @example executeSoql("SELECT Id, Account.Name FROM Contact WHERE LastName LIKE 'sm%'", org, { includeDeleted: false, apiVersion: '50.0' })
 */
export function executeSoql(soql: string, source: SoqlDataSource, options: SoqlOptions): SoqlResult {
  const query = parseSoql(soql);
  if (countNotKeywords(soql) !== countNots(query.where)) throw malformed("unexpected token: 'NOT'");
  const now = (options.now?.() ?? new Date()).getTime();
  return runQuery(query, options.includeDeleted ? source : liveOnly(source), options, now);
}

/**
 * `/query` sees no deleted record, parents included: a relationship path through a parent in the
 * recycle bin reads as null, while the reference id itself keeps its stored value. (On an org, a
 * delete clears or cascades every lookup to the record, so only fields outside those rules, like
 * ContentVersion.FirstPublishLocationId, can still name a deleted parent.) `/queryAll` sees all.
 */
function liveOnly(source: SoqlDataSource): SoqlDataSource {
  return {
    describe: (name) => source.describe(name),
    records: (name) => source.records(name),
    get: (id18) => {
      const record = source.get(id18);
      return record && record.fields.IsDeleted !== true ? record : undefined;
    },
    ...(source.referencing ? { referencing: source.referencing.bind(source) } : {}),
  };
}

interface CompiledQuery {
  readonly root: ObjectDescribe;
  readonly predicate: Predicate | undefined;
  /** Rows to test, or undefined to scan the whole object. */
  readonly candidates: (() => Iterable<SoqlRecord>) | undefined;
}

const CONTENT_DOCUMENT_LINK_RESTRICTION =
  'Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId or ' +
  "LinkedEntityId using the equals operator or multiple Id's using the IN operator.";

function compileQuery(
  query: Query | Subquery,
  root: ObjectDescribe,
  source: SoqlDataSource,
  options: SoqlOptions,
  now: number,
): CompiledQuery {
  if (query.withDataCategory || query.usingScope)
    throw malformed('USING SCOPE and WITH DATA CATEGORY are not supported');

  const semiJoins = new Map<Query, ReadonlySet<string>>();
  const ctx: PredicateContext = {
    source,
    root,
    alias: query.sObjectAlias,
    now,
    semiJoin: (inner) => {
      let ids = semiJoins.get(inner);
      if (!ids) {
        ids = runSemiJoin(inner, source, options, now);
        semiJoins.set(inner, ids);
      }
      return ids;
    },
  };
  const tree = query.where ? buildWhereTree(query.where) : undefined;
  const predicate = tree ? compilePredicate(tree, ctx) : undefined;

  if (root.name === 'ContentDocumentLink' && !filtersLinkById(tree, ctx)) {
    throw malformed(CONTENT_DOCUMENT_LINK_RESTRICTION);
  }
  return { root, predicate, candidates: tree ? candidateRows(tree, ctx) : undefined };
}

function describeFrom(query: Query, source: SoqlDataSource): ObjectDescribe {
  if (!query.sObject) throw malformed("unexpected token: '<EOF>'");
  const root = source.describe(query.sObject);
  if (!root) throw unsupportedType(query.sObject);
  return root;
}

/** Calls `visit` for each row that passes the deleted-row rule and the WHERE; stops when it answers false. */
function forEachMatch(
  compiled: CompiledQuery,
  rows: Iterable<SoqlRecord>,
  options: SoqlOptions,
  visit: (record: SoqlRecord) => boolean,
): void {
  const { predicate } = compiled;
  for (const record of rows) {
    if (!options.includeDeleted && record.fields.IsDeleted === true) continue;
    if (predicate && !predicate(record)) continue;
    if (!visit(record)) return;
  }
}

function rowsOf(compiled: CompiledQuery, source: SoqlDataSource): Iterable<SoqlRecord> {
  return compiled.candidates ? compiled.candidates() : source.records(compiled.root.name);
}

/** The page of matching rows: ORDER BY, then OFFSET and LIMIT; stops early when nothing is sorted. */
function pageOf(
  query: Query | Subquery,
  compiled: CompiledQuery,
  rows: Iterable<SoqlRecord>,
  options: SoqlOptions,
  columns: SortColumn[] | undefined,
): SoqlRecord[] {
  const offset = query.offset ?? 0;
  const limit = query.limit;
  if (limit === 0) return [];
  if (columns) {
    const matches: SoqlRecord[] = [];
    forEachMatch(compiled, rows, options, (record) => {
      matches.push(record);
      return true;
    });
    return sortRecords(matches, columns, limit === undefined ? undefined : offset + limit).slice(offset);
  }
  const page: SoqlRecord[] = [];
  let skipped = 0;
  forEachMatch(compiled, rows, options, (record) => {
    if (skipped < offset) skipped++;
    else page.push(record);
    return limit === undefined || page.length < limit;
  });
  return page;
}

export function runQuery(query: Query, source: SoqlDataSource, options: SoqlOptions, now: number): SoqlResult {
  const compiled = compileQuery(query, describeFrom(query, source), source, options, now);
  if (isAggregateQuery(query)) {
    const aggregate = planAggregate(query, source, compiled.root);
    forEachMatch(compiled, rowsOf(compiled, source), options, (record) => {
      aggregate.add(record);
      return true;
    });
    const offset = query.offset ?? 0;
    const rows = aggregate.rows().slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    return { totalSize: rows.length, records: rows };
  }
  const rowContext = { source, apiVersion: options.apiVersion };
  const planChildren = (subquery: Subquery, child: ObjectDescribe, field: string) =>
    childRows(subquery, child, field, source, options, now, rowContext);
  const select = planSelect(query, source, compiled.root, planChildren);

  if (select.count) {
    const offset = query.offset ?? 0;
    const limit = query.limit;
    let count = 0;
    forEachMatch(compiled, rowsOf(compiled, source), options, () => {
      count++;
      return limit === undefined || count < offset + limit;
    });
    const totalSize = Math.max(0, Math.min(count - offset, limit ?? Number.POSITIVE_INFINITY));
    return { totalSize, records: [] };
  }
  const columns = query.orderBy ? compileOrder(query.orderBy, source, compiled.root, query.sObjectAlias) : undefined;
  const page = pageOf(query, compiled, rowsOf(compiled, source), options, columns);
  return { totalSize: page.length, records: page.map((record) => shapeRow(record, select.nodes, rowContext)) };
}

/**
 * A parent-to-child subquery. The child object is scanned once, on first use, into an index by parent id;
 * each parent row then filters, orders and slices only its own children.
 */
function childRows(
  subquery: Subquery,
  child: ObjectDescribe,
  field: string,
  source: SoqlDataSource,
  options: SoqlOptions,
  now: number,
  rowContext: RowContext,
): ChildRows {
  if (subquery.groupBy) throw malformed('GROUP BY is not allowed in a relationship subquery');
  const compiled = compileQuery(subquery, child, source, options, now);
  const select = planSelect(subquery, source, child);
  if (select.count) throw malformed('COUNT() is not allowed in a relationship subquery');
  const columns = subquery.orderBy ? compileOrder(subquery.orderBy, source, child, subquery.sObjectAlias) : undefined;
  let byParent: Map<string, SoqlRecord[]> | undefined;
  return (parent) => {
    if (!byParent) {
      byParent = new Map();
      for (const record of rowsOf(compiled, source)) {
        const key = keyOf('id', record.fields[field]);
        if (typeof key !== 'string') continue;
        const list = byParent.get(key);
        if (list) list.push(record);
        else byParent.set(key, [record]);
      }
    }
    const parentId = keyOf('id', parent.fields.Id);
    const children = typeof parentId === 'string' ? (byParent.get(parentId) ?? []) : [];
    const page = pageOf(subquery, compiled, children, options, columns);
    return page.map((record) => shapeRow(record, select.nodes, rowContext));
  };
}

/** `Id IN (SELECT ParentId FROM ...)`: the 18-character ids the inner query selects. */
function runSemiJoin(inner: Query, source: SoqlDataSource, options: SoqlOptions, now: number): ReadonlySet<string> {
  if (inner.groupBy) throw malformed('GROUP BY is not allowed in a semi join sub-select');
  const compiled = compileQuery(inner, describeFrom(inner, source), source, options, now);
  const fields = inner.fields ?? [];
  const only = fields[0];
  if (fields.length !== 1 || !only || (only.type !== 'Field' && only.type !== 'FieldRelationship')) {
    throw malformed('a semi join sub-select must select exactly one Id or reference field');
  }
  const dotted = only.type === 'Field' ? only.field : [...only.relationships, only.field].join('.');
  const path = resolvePath(source, compiled.root, dotted, inner.sObjectAlias);
  if (kindOf(path.field) !== 'id') throw malformed('a semi join sub-select must select an Id or reference field');
  const read = pathReader(source, path);
  const ids = new Set<string>();
  forEachMatch(compiled, rowsOf(compiled, source), options, (record) => {
    const key = keyOf('id', read(record));
    if (typeof key === 'string') ids.add(key);
    return true;
  });
  return ids;
}

/** Salesforce refuses an unfiltered ContentDocumentLink query; a filter by id on either side is enough. */
function filtersLinkById(tree: BoolExpr<WhereCondition> | undefined, ctx: PredicateContext): boolean {
  if (!tree) return false;
  return conditionsOf(tree).some((cond) => {
    const operator = cond.operator.toUpperCase();
    if (operator !== '=' && operator !== 'IN') return false;
    if (!('field' in cond) || typeof cond.field !== 'string') return false;
    const path = conditionPath(cond, ctx);
    return path.hops.length === 0 && ['ContentDocumentId', 'LinkedEntityId', 'Id'].includes(path.field.name);
  });
}
