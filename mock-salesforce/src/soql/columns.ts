// Query column metadata: what `GET /query?q=...&columns=true` answers. The Salesforce CLI's
// `sf data query` asks for it to lay out its table: one column per SELECT item, parent paths as
// nested `joinColumns`, child subqueries and aggregate functions marked `aggregate: true`.

import type { FieldType as ParsedField, Query, Subquery } from '@jetstreamapp/soql-parser-js';
import type { FieldDescribe, ObjectDescribe } from '@restorelab/salesforce';
import { malformed, unsupportedType } from './errors.ts';
import { resolvePath } from './fields.ts';
import { parseSoql } from './parse.ts';
import type { SoqlDataSource } from './source.ts';

export interface QueryColumn {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: QueryColumn[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

export interface QueryColumns {
  columnMetadata: QueryColumn[];
  entityName: string;
  groupBy: boolean;
  idSelected: boolean;
  keyPrefix: string | null;
}

const NUMBER_TYPES = new Set(['double', 'currency', 'percent', 'int', 'long']);
const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'multipicklist', 'combobox']);
const APEX_TYPES: Record<string, string> = {
  id: 'Id',
  reference: 'Id',
  boolean: 'Boolean',
  double: 'Double',
  currency: 'Decimal',
  percent: 'Decimal',
  int: 'Integer',
  long: 'Long',
  date: 'Date',
  datetime: 'Datetime',
  time: 'Time',
  base64: 'Blob',
};

function fieldColumn(field: FieldDescribe, displayName: string): QueryColumn {
  return {
    aggregate: false,
    apexType: APEX_TYPES[field.type] ?? 'String',
    booleanType: field.type === 'boolean',
    columnName: field.name,
    custom: field.name.endsWith('__c'),
    displayName,
    foreignKeyName: null,
    insertable: field.createable ?? false,
    joinColumns: [],
    numberType: NUMBER_TYPES.has(field.type),
    textType: TEXT_TYPES.has(field.type),
    updatable: field.updateable ?? false,
  };
}

function structural(columnName: string, displayName: string, aggregate: boolean, join: QueryColumn[]): QueryColumn {
  return {
    aggregate,
    apexType: null,
    booleanType: false,
    columnName,
    custom: columnName.endsWith('__r'),
    displayName,
    foreignKeyName: null,
    insertable: false,
    joinColumns: join,
    numberType: false,
    textType: false,
    updatable: false,
  };
}

/**
 * The columns of a query, as `?columns=true` answers them.
 * @example queryColumns('SELECT Id, Owner.Name FROM Account', org).columnMetadata[1].joinColumns[0].displayName // 'Owner.Name'
 */
export function queryColumns(soql: string, source: SoqlDataSource): QueryColumns {
  const query = parseSoql(soql);
  if (!query.sObject) throw malformed("unexpected token: '<EOF>'");
  const root = source.describe(query.sObject);
  if (!root) throw unsupportedType(query.sObject);
  const columnMetadata = columnsOf(query, root, source, true);
  return {
    columnMetadata,
    entityName: root.name,
    groupBy: query.groupBy !== undefined,
    idSelected: columnMetadata.some((c) => c.columnName === 'Id' && c.joinColumns.length === 0),
    keyPrefix: root.keyPrefix || null,
  };
}

function columnsOf(query: Query | Subquery, root: ObjectDescribe, source: SoqlDataSource, top: boolean): QueryColumn[] {
  const columns: QueryColumn[] = [];
  let unnamed = 0;
  const addPath = (dotted: string) => {
    const path = resolvePath(source, root, dotted, query.sObjectAlias);
    if (path.hops.length === 0) {
      columns.push(fieldColumn(path.field, path.field.name));
      return;
    }
    // Parent paths nest: Owner.Manager.Name → Owner { Manager { Name } }, merged with siblings.
    let level = columns;
    const names: string[] = [];
    for (const hop of path.hops) {
      const key = hop.relationshipName!;
      names.push(key);
      let parent = level.find((c) => c.columnName === key && c.joinColumns.length > 0 && !c.aggregate);
      if (!parent) {
        parent = structural(key, names.join('.'), false, []);
        level.push(parent);
      }
      level = parent.joinColumns;
    }
    level.push(fieldColumn(path.field, [...names, path.field.name].join('.')));
  };
  for (const item of query.fields ?? []) {
    switch (item.type) {
      case 'Field':
        addPath(item.field);
        break;
      case 'FieldRelationship':
        addPath([...item.relationships, item.field].join('.'));
        break;
      case 'FieldFunctionExpression':
        columns.push(...functionColumns(item, root, query, () => `expr${unnamed++}`));
        break;
      case 'FieldSubquery': {
        if (!top) throw malformed("unexpected token: 'SELECT'");
        const name = item.subquery.relationshipName;
        const relationship = root.childRelationships.find(
          (r) => r.relationshipName?.toLowerCase() === name.toLowerCase(),
        );
        const child = relationship && source.describe(relationship.childSObject);
        if (!relationship || !child) throw unsupportedType(name);
        const key = relationship.relationshipName!;
        columns.push(structural(key, key, true, columnsOf(item.subquery, child, source, false)));
        break;
      }
      default:
        columns.push(structural(`expr${unnamed++}`, 'TYPEOF', false, []));
    }
  }
  return columns;
}

function functionColumns(
  item: Extract<ParsedField, { type: 'FieldFunctionExpression' }>,
  root: ObjectDescribe,
  query: Query | Subquery,
  nextName: () => string,
): QueryColumn[] {
  const fn = item.functionName.toUpperCase();
  if (fn === 'FIELDS') {
    const scope = String(item.parameters[0] ?? '').toUpperCase();
    return root.fields
      .filter((f) => scope === 'ALL' || (scope === 'CUSTOM') === f.name.endsWith('__c'))
      .map((f) => fieldColumn(f, f.name));
  }
  if (fn === 'COUNT' && item.parameters.length === 0 && (query.fields ?? []).length === 1) return [];
  const display = item.rawValue ?? `${item.functionName}(${item.parameters.join(', ')})`;
  return [structural(item.alias ?? nextName(), display, true, [])];
}
