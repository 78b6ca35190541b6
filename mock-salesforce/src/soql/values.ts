// How stored field values compare. Each field type maps to a kind whose "key" is a plain JS value that
// `===` and `<` order the way Salesforce does: strings and picklists case-insensitively, ids in their
// 18-character form, dates and datetimes as instants (epoch ms), numbers as numbers.

import type { FieldDescribe } from '@restorelab/salesforce';
import { toId18 } from '@restorelab/salesforce';
import { SoqlError } from './errors.ts';
import { dateTimeToMs, dateToMs } from './literals.ts';

export type ValueKind = 'string' | 'id' | 'number' | 'boolean' | 'date' | 'datetime' | 'multipicklist' | 'base64';
export type Key = string | number | boolean | null;

export function kindOf(field: FieldDescribe): ValueKind {
  switch (field.type as string) {
    case 'id':
    case 'reference':
      return 'id';
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
    case 'long':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'multipicklist':
      return 'multipicklist';
    case 'base64':
      return 'base64';
    default:
      return 'string';
  }
}

/** The SOAP type name Salesforce quotes in filter type errors. */
export function soapTypeOf(kind: ValueKind): string {
  return (
    { string: 'string', id: 'id', number: 'double', boolean: 'boolean', date: 'date', datetime: 'dateTime' } as Record<
      string,
      string
    >
  )[kind]!;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value);
  return s === '' ? null : s; // Salesforce stores empty text as null
}

/** The comparison key of a stored value (null for a missing value). */
export function keyOf(kind: ValueKind, value: unknown): Key {
  switch (kind) {
    case 'string': {
      const s = text(value);
      return s === null ? null : s.toLowerCase();
    }
    case 'id': {
      const s = text(value);
      return s === null ? null : (toId18(s) ?? s);
    }
    case 'number': {
      if (value === null || value === undefined || value === '') return null;
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isNaN(n) ? null : n;
    }
    case 'boolean':
      return value === true || value === 'true';
    case 'date': {
      const s = text(value);
      if (s === null) return null;
      return dateToMs(s) ?? dayOf(dateTimeToMs(s));
    }
    case 'datetime': {
      const s = text(value);
      if (s === null) return null;
      return dateTimeToMs(s) ?? dateToMs(s) ?? null;
    }
    case 'multipicklist': {
      const s = text(value);
      return s === null ? null : multiKey(s);
    }
    case 'base64':
      return null;
  }
}

function dayOf(ms: number | undefined): number | null {
  return ms === undefined ? null : ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000);
}

/** A multi-select picklist value as a canonical set: lower-cased, sorted, `;`-joined. */
export function multiKey(value: string): string {
  return [
    ...new Set(
      value
        .split(';')
        .map((v) => v.trim().toLowerCase())
        .filter((v) => v !== ''),
    ),
  ]
    .sort()
    .join(';');
}

/** The ORDER BY key: like keyOf, but strings order by their upper-case form (Salesforce's en_US rule). */
export function sortKeyOf(kind: ValueKind, value: unknown): Key {
  if (kind === 'string') {
    const s = text(value);
    return s === null ? null : s.toUpperCase();
  }
  return keyOf(kind, value);
}

/** Orders two non-null keys of one kind. */
export function compareKeys(a: Exclude<Key, null>, b: Exclude<Key, null>): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Long text areas (more than 255 characters) and blobs: Salesforce can neither filter nor sort on them. */
function isLongOrBlob(field: FieldDescribe): boolean {
  return field.type === 'base64' || (field.type === 'textarea' && (field.length ?? 0) > 255);
}

export function assertFilterable(field: FieldDescribe): void {
  if (isLongOrBlob(field)) {
    throw new SoqlError('INVALID_FIELD', `field '${field.name}' can not be filtered in a query call`);
  }
}

export function assertSortable(field: FieldDescribe): void {
  if (isLongOrBlob(field) || field.type === 'multipicklist') {
    throw new SoqlError('INVALID_FIELD', `field '${field.name}' can not be sorted in a query call`);
  }
}
