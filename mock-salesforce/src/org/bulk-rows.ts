// One Bulk API 2.0 ingest row as the org writes it. The header is read once into a plan: each
// column a field of the job's object, `Id`, or a parent found by external id
// (`Relationship__r.ExternalId__c`, `Rel:Type.Field` for a polymorphic link). Each row then
// becomes one create, update, upsert or delete through the org's own rules, on its own: an empty
// cell leaves the field alone, `#N/A` sets it to null.
import type { FieldDescribe } from '@restorelab/salesforce';
import { SalesforceApiError } from '../errors.ts';
import type { Org, WriteContext } from './org.ts';
import type { ObjectTable } from './record-store.ts';
import { upsertOne } from './upsert.ts';

export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

type Column =
  | { kind: 'id' }
  | { kind: 'field'; field: FieldDescribe }
  | { kind: 'parent'; field: FieldDescribe; target: ObjectTable; key: FieldDescribe };

export interface RowPlan {
  readonly table: ObjectTable;
  readonly operation: IngestOperation;
  readonly columns: readonly Column[];
  /** Index of the Id column, or of the external id column of an upsert; -1 when absent. */
  readonly keyIndex: number;
  readonly externalIdField: FieldDescribe | undefined;
}

export type RowOutcome = { ok: true; id: string; created: boolean } | { ok: false; id: string; error: string };

/** The cell that sets a field to null; an empty cell leaves the field as it is. */
const NULL_CELL = '#N/A';

/** Why a header cannot be processed; the job fails with this message. */
export class HeaderError extends Error {}

const fieldNotFound = (name: string) => new HeaderError(`InvalidBatch : Field name not found : ${name}`);

/** Reads the header into a plan, or throws HeaderError (the whole job fails, no row is written). */
export function planRows(
  org: Org,
  table: ObjectTable,
  operation: IngestOperation,
  header: readonly string[],
  externalIdFieldName: string | undefined,
): RowPlan {
  const seen = new Set<string>();
  const columns = header.map((raw): Column => {
    const name = raw.trim();
    if (seen.has(name.toLowerCase())) throw new HeaderError(`InvalidBatch : Duplicate field name : ${name}`);
    seen.add(name.toLowerCase());
    if (name.toLowerCase() === 'id') return { kind: 'id' };
    const dot = name.indexOf('.');
    if (dot < 0) {
      const field = table.fieldByLower.get(name.toLowerCase());
      if (!field) throw fieldNotFound(name);
      return { kind: 'field', field };
    }
    return parentColumn(org, table, name, dot);
  });
  const externalIdField =
    operation === 'upsert' && externalIdFieldName
      ? table.fieldByLower.get(externalIdFieldName.toLowerCase())
      : undefined;
  const keyName = operation === 'insert' ? undefined : (externalIdField?.name ?? 'Id');
  const keyIndex = keyName ? header.findIndex((h) => h.trim().toLowerCase() === keyName.toLowerCase()) : -1;
  if (keyName && keyIndex < 0) {
    throw new HeaderError(`InvalidBatch : Field name not provided, or not found in the header : ${keyName}`);
  }
  if (operation === 'delete' || operation === 'hardDelete') {
    const extra = header.filter((h) => h.trim().toLowerCase() !== 'id');
    if (extra.length > 0) throw new HeaderError(`InvalidBatch : ${operation} accepts the Id column only: ${extra[0]}`);
  }
  return { table, operation, columns, keyIndex, externalIdField };
}

/** `Account__r.Code__c` or, for a polymorphic link, `What:Project__c.Code__c`. */
function parentColumn(org: Org, table: ObjectTable, name: string, dot: number): Column {
  const [relationship, typeName] = name.slice(0, dot).split(':') as [string, string | undefined];
  const keyName = name.slice(dot + 1);
  const field = table.describe.fields.find(
    (f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === relationship.toLowerCase(),
  );
  const targetName = typeName ?? field?.referenceTo?.[0];
  const target = targetName ? org.table(targetName) : undefined;
  const allowed = field?.referenceTo?.some((t) => t.toLowerCase() === target?.name.toLowerCase());
  const key = target?.fieldByLower.get(keyName.toLowerCase());
  if (!field || !target || !allowed || !key) throw fieldNotFound(name);
  if (!key.externalId && key.name !== 'Id') {
    throw new HeaderError(`InvalidBatch : ${target.name}.${key.name} is not an external id field : ${name}`);
  }
  return { kind: 'parent', field, target, key };
}

/** The `sf__Error` text of a failed row: code, message, the fields concerned. */
export function errorText(error: SalesforceApiError): string {
  return `${error.code}:${error.message}:${error.fields.join(',')} --`;
}

/** Writes one row through the org; a SalesforceApiError becomes a failed row, anything else throws. */
export function writeRow(org: Org, plan: RowPlan, cells: readonly string[], ctx: WriteContext): RowOutcome {
  const key = plan.keyIndex >= 0 ? (cells[plan.keyIndex] ?? '').trim() : '';
  const rowId = plan.externalIdField ? '' : key;
  try {
    return org.atomically(() => writeOne(org, plan, cells, key, ctx));
  } catch (error) {
    if (!(error instanceof SalesforceApiError)) throw error;
    return { ok: false, id: rowId, error: errorText(error) };
  }
}

function writeOne(
  org: Org,
  plan: RowPlan,
  cells: readonly string[],
  key: string,
  ctx: WriteContext,
): RowOutcome & { ok: true } {
  const { table, operation } = plan;
  if (operation === 'delete' || operation === 'hardDelete') {
    if (key === '') throw missingId(operation);
    const id = org.delete(table.name, key, ctx);
    if (operation === 'hardDelete') org.purgeDeleted([id]);
    return { ok: true, id, created: false };
  }
  const input = rowInput(org, plan, cells);
  if (operation === 'insert') return { ok: true, id: org.create(table.name, input, ctx), created: true };
  if (operation === 'update') {
    if (key === '') throw missingId(operation);
    return { ok: true, id: org.update(table.name, key, input, ctx), created: false };
  }
  const field = plan.externalIdField!;
  const value = key === '' || key === NULL_CELL ? undefined : key;
  const outcome = upsertOne(org, table, field.name, value, input, ctx.userId);
  if ('multiple' in outcome) {
    throw new SalesforceApiError(
      'DUPLICATE_EXTERNAL_ID',
      `${field.name}: more than one record found for external id field: [${outcome.multiple.join(', ')}]`,
      { fields: [field.name] },
    );
  }
  return { ok: true, id: outcome.id, created: outcome.created };
}

const missingId = (operation: string) =>
  new SalesforceApiError('MISSING_ARGUMENT', `Id not specified in an ${operation} call`, { fields: ['Id'] });

/** The record input of a row: empty cells left out, `#N/A` as null, parents looked up. */
function rowInput(org: Org, plan: RowPlan, cells: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  plan.columns.forEach((column, i) => {
    if (column.kind === 'id') return;
    const cell = cells[i] ?? '';
    if (cell === '') return;
    if (cell === NULL_CELL) {
      input[column.field.name] = null;
      return;
    }
    if (column.kind === 'field') input[column.field.name] = cellValue(column.field, cell);
    else input[column.field.name] = parentId(org, column, cell);
  });
  return input;
}

/** A cell as the field's input value (checkboxes take true/false and 1/0, any case). */
function cellValue(field: FieldDescribe, cell: string): unknown {
  if (field.type !== 'boolean') return cell;
  const lower = cell.trim().toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  return cell;
}

function parentId(org: Org, column: Column & { kind: 'parent' }, value: string): string {
  const { target, key } = column;
  if (key.name === 'Id') return value;
  const found = org.findBy(target.name, key.name, value);
  if (found.length === 1) return found[0]!.fields.Id as string;
  const message =
    found.length === 0
      ? `Foreign key external ID: ${value} not found for field ${key.name} in entity ${target.name}`
      : `Foreign key external ID: ${value} matches more than one ${target.name} by ${key.name}`;
  throw new SalesforceApiError('INVALID_FIELD', message, { fields: [column.field.name] });
}
