// The SELECT list: which fields a row carries, in what order, and how parent relationship fields nest
// (`Account.Name, Account.Owner.Name` → one `Account` object holding `Name` and an `Owner` object).

import type { FieldType as ParsedField, Query, Subquery } from '@jetstreamapp/soql-parser-js';
import type { FieldDescribe, ObjectDescribe } from '@restorelab/salesforce';
import { malformed, SoqlError } from './errors.ts';
import { parentOf, resolvePath } from './fields.ts';
import type { SoqlDataSource, SoqlRecord } from './source.ts';

export type SelectNode =
  | { readonly kind: 'field'; readonly key: string; readonly field: FieldDescribe }
  | {
      readonly kind: 'parent';
      readonly key: string;
      readonly reference: FieldDescribe;
      readonly children: SelectNode[];
    }
  | { readonly kind: 'children'; readonly key: string; readonly rows: ChildRows };

/** A parent-to-child subquery compiled once: answers the shaped child rows of one parent record. */
export type ChildRows = (parent: SoqlRecord) => Array<Record<string, unknown>>;

/** Compiles `(SELECT ... FROM Contacts)` for the child object and the reference field that points back. */
export type ChildPlanner = (subquery: Subquery, child: ObjectDescribe, field: string) => ChildRows;

export type SelectPlan = { readonly count: true } | { readonly count: false; readonly nodes: SelectNode[] };

/** Builds the select plan for a query against `root`; unsupported select items are MALFORMED_QUERY. */
export function planSelect(
  query: Query | Subquery,
  source: SoqlDataSource,
  root: ObjectDescribe,
  planChildren?: ChildPlanner,
): SelectPlan {
  const items = query.fields ?? [];
  if (items.length === 1 && isCount(items[0]!)) return { count: true };
  const nodes: SelectNode[] = [];
  const seen = new Set<string>();
  const add = (dotted: string) => {
    const path = resolvePath(source, root, dotted, query.sObjectAlias);
    const canonical = path.canonical.toLowerCase();
    if (seen.has(canonical)) throw malformed(`duplicate field selected: ${path.canonical}`);
    seen.add(canonical);
    let level = nodes;
    for (const hop of path.hops) {
      const key = hop.relationshipName!;
      let parent = level.find((n) => n.kind === 'parent' && n.key === key);
      if (!parent) {
        parent = { kind: 'parent', key, reference: hop, children: [] };
        level.push(parent);
      }
      level = (parent as { children: SelectNode[] }).children;
    }
    level.push({ kind: 'field', key: path.field.name, field: path.field });
  };

  for (const item of items) {
    switch (item.type) {
      case 'Field':
        add(item.field);
        break;
      case 'FieldRelationship':
        add([...item.relationships, item.field].join('.'));
        break;
      case 'FieldFunctionExpression': {
        const name = item.functionName.toUpperCase();
        if (name === 'FIELDS') {
          const scope = String(item.parameters[0] ?? '').toUpperCase();
          if ((scope === 'ALL' || scope === 'CUSTOM') && (query.limit === undefined || query.limit > 200)) {
            throw malformed('The SOQL FIELDS function must have a LIMIT of at most 200');
          }
          for (const field of root.fields) {
            const custom = field.name.endsWith('__c');
            if (scope === 'ALL' || (scope === 'CUSTOM' && custom) || (scope === 'STANDARD' && !custom)) {
              if (!seen.has(field.name.toLowerCase())) add(field.name);
            }
          }
          break;
        }
        if (isCount(item)) throw malformed('COUNT() must be the only element in the SELECT list.');
        throw malformed(`${item.functionName}() is not supported by the mock SOQL engine`);
      }
      case 'FieldSubquery': {
        if (!planChildren) throw malformed("unexpected token: 'SELECT'"); // no subqueries inside subqueries
        const name = item.subquery.relationshipName;
        const relationship = root.childRelationships.find(
          (r) => r.relationshipName?.toLowerCase() === name.toLowerCase(),
        );
        const child = relationship && source.describe(relationship.childSObject);
        if (!relationship || !child) throw unknownChildRelationship(name);
        const key = relationship.relationshipName!;
        if (seen.has(key.toLowerCase())) throw malformed(`duplicate field selected: ${key}`);
        seen.add(key.toLowerCase());
        nodes.push({ kind: 'children', key, rows: planChildren(item.subquery, child, relationship.field) });
        break;
      }
      default:
        throw malformed('TYPEOF is not supported by the mock SOQL engine');
    }
  }
  return { count: false, nodes };
}

function unknownChildRelationship(name: string): SoqlError {
  return new SoqlError(
    'INVALID_TYPE',
    `Didn't understand relationship '${name}' in FROM part of query call. If you are attempting to use a custom ` +
      `relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL ` +
      `or the describe call for the appropriate names.`,
  );
}

function isCount(item: ParsedField): boolean {
  return (
    item.type === 'FieldFunctionExpression' &&
    item.functionName.toUpperCase() === 'COUNT' &&
    item.parameters.length === 0
  );
}

export interface RowContext {
  readonly source: SoqlDataSource;
  readonly apiVersion: string;
}

/** The REST shape of one record: `attributes` first, then the selected fields in SELECT order. */
export function shapeRow(record: SoqlRecord, nodes: readonly SelectNode[], ctx: RowContext): Record<string, unknown> {
  const id = String(record.fields.Id ?? '');
  const url = `/services/data/v${ctx.apiVersion}/sobjects/${record.type}/${id}`;
  const row: Record<string, unknown> = { attributes: { type: record.type, url } };
  for (const node of nodes) {
    if (node.kind === 'field') {
      // Blob fields are never inlined: the API answers the URL the bytes can be fetched from.
      row[node.key] = node.field.type === 'base64' ? `${url}/${node.key}` : (record.fields[node.key] ?? null);
    } else if (node.kind === 'parent') {
      const parent = parentOf(ctx.source, record, node.reference);
      row[node.key] = parent ? shapeRow(parent, node.children, ctx) : null;
    } else {
      // Child rows come back as a nested query result, or null when there are none.
      const rows = node.rows(record);
      row[node.key] = rows.length === 0 ? null : { totalSize: rows.length, done: true, records: rows };
    }
  }
  return row;
}
