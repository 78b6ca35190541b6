// Which rows a query must test. A scan tests every row of the object; when the top-level AND chain
// pins the answer to a known set (`Id = / IN`, or a reference field `= / IN` the data source
// indexes), only those rows are fetched. The WHERE is still applied to each of them, so deleted rows,
// queryAll and the other conditions behave exactly as in a scan, and the rows come in id order, which
// in the mock is creation order: the order a scan answers in.

import type { LiteralType } from '@jetstreamapp/soql-parser-js';
import { toId18 } from '@restorelab/salesforce';
import { unquote } from './literals.ts';
import { conditionPath, type PredicateContext } from './predicate.ts';
import type { SoqlRecord } from './source.ts';
import { type BoolExpr, requiredConditions, type WhereCondition } from './where-tree.ts';

/** The rows to test, or undefined to scan the whole object. */
export function candidateRows(
  tree: BoolExpr<WhereCondition>,
  ctx: PredicateContext,
): (() => Iterable<SoqlRecord>) | undefined {
  let best: string[] | undefined;
  for (const cond of requiredConditions(tree)) {
    const ids = candidateIds(cond, ctx);
    if (ids && (!best || ids.length < best.length)) best = ids;
  }
  if (!best) return undefined;
  const ids = [...new Set(best)].sort();
  const type = ctx.root.name.toLowerCase();
  return () =>
    ids.flatMap((id) => {
      const record = ctx.source.get(id);
      return record && record.type.toLowerCase() === type ? [record] : [];
    });
}

/** The ids of the only rows a condition can hold for, or undefined when it narrows nothing. */
function candidateIds(cond: WhereCondition, ctx: PredicateContext): string[] | undefined {
  const operator = cond.operator.toUpperCase();
  if (operator !== '=' && operator !== 'IN') return undefined;
  if (!('field' in cond) || typeof cond.field !== 'string') return undefined;
  const path = conditionPath(cond, ctx);
  if (path.hops.length > 0) return undefined;
  if (path.field.type === 'id') return cond.valueQuery ? [...ctx.semiJoin(cond.valueQuery)] : literalIds(cond);
  if (path.field.type !== 'reference' || !ctx.source.referencing) return undefined;
  const targets = cond.valueQuery ? ctx.semiJoin(cond.valueQuery) : referenceTargets(cond);
  if (!targets) return undefined;
  const ids: string[] = [];
  for (const target of new Set(targets)) {
    const holders = ctx.source.referencing(ctx.root.name, path.field.name, target);
    if (!holders) return undefined; // the field is not indexed
    for (const id of holders) ids.push(id);
  }
  return ids;
}

/** `Id = '...'` / `Id IN (...)`: the ids named (an Id is never null, so `= null` names none). */
function literalIds(cond: WhereCondition): string[] {
  const values = Array.isArray(cond.value) ? cond.value : [cond.value];
  return values.flatMap((raw) => {
    const id = toId18(String(raw).replace(/^'|'$/g, ''));
    return id ? [id] : [];
  });
}

/**
 * The 18-character ids a reference condition compares with, or undefined when it also matches rows
 * holding no reference (`= null`, `= ''`), which no index lists. The predicate has already refused
 * literals that are not ids.
 */
function referenceTargets(cond: WhereCondition): string[] | undefined {
  const values = Array.isArray(cond.value) ? cond.value : [cond.value];
  const types = Array.isArray(cond.literalType) ? cond.literalType : values.map(() => cond.literalType);
  const ids: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const type = (types[i] ?? 'STRING') as LiteralType;
    if (type !== 'STRING') return undefined;
    const id = toId18(unquote(String(values[i] ?? '')));
    if (!id) return undefined;
    ids.push(id);
  }
  return ids;
}
