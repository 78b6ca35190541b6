// The SELECT list: which fields a row carries, in what order, and how parent relationship fields nest
// (`Account.Name, Account.Owner.Name` → one `Account` object holding `Name` and an `Owner` object).

import type { FieldType as ParsedField, Query } from '@jetstreamapp/soql-parser-js';
import type { FieldDescribe, ObjectDescribe } from '@restorelab/salesforce';
import { malformed } from './errors.ts';
import { parentOf, resolvePath } from './fields.ts';
import type { SoqlDataSource, SoqlRecord } from './source.ts';

export type SelectNode =
  | { readonly kind: 'field'; readonly key: string; readonly field: FieldDescribe }
  | {
      readonly kind: 'parent';
      readonly key: string;
      readonly reference: FieldDescribe;
      readonly children: SelectNode[];
    };

export type SelectPlan = { readonly count: true } | { readonly count: false; readonly nodes: SelectNode[] };

/** Builds the select plan for a query against `root`; unsupported select items are MALFORMED_QUERY. */
export function planSelect(query: Query, source: SoqlDataSource, root: ObjectDescribe): SelectPlan {
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
      default:
        throw malformed('relationship subqueries and TYPEOF are not supported by the mock SOQL engine');
    }
  }
  return { count: false, nodes };
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
    } else {
      const parent = parentOf(ctx.source, record, node.reference);
      row[node.key] = parent ? shapeRow(parent, node.children, ctx) : null;
    }
  }
  return row;
}
