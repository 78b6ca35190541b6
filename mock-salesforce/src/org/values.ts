// Field values at the API boundary: turns what a client sent for a field into the value the org
// stores (numbers, booleans, Salesforce-formatted dates, Buffers for base64), refusing values of
// the wrong shape with the errors Salesforce gives. Reference and picklist rules live in
// `value-checks.ts`, because they need the org's records and record types.
import type { FieldDescribe } from '@restorelab/salesforce';
import { jsonParserError, SalesforceApiError } from '../errors.ts';
import { formatDateTime } from './clock.ts';

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'multipicklist']);
const NUMBER_TYPES = new Set(['double', 'currency', 'percent', 'int']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (typeof value === 'object') return 'START_OBJECT';
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'boolean') return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
  return 'VALUE_NUMBER';
}

function cannotDeserialize(javaType: string, value: unknown): SalesforceApiError {
  const shown = typeof value === 'object' ? '' : ` value ${String(value)}`;
  return jsonParserError(
    `Cannot deserialize instance of ${javaType} from ${jsonKind(value)}${shown} or request may be missing a required field`,
  );
}

/** The stored form of `raw` for `field`; null for null. Throws SalesforceApiError on a bad value. */
export function coerceFieldValue(field: FieldDescribe, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  const type = field.type;
  if (TEXT_TYPES.has(type) || type === 'reference' || type === 'id') {
    if (typeof raw === 'object') return failText(raw);
    const text = String(raw);
    if (text === '') return null; // Salesforce stores empty text as null
    if (field.length && field.length > 0 && text.length > field.length && type !== 'reference') {
      throw new SalesforceApiError(
        'STRING_TOO_LONG',
        `${field.label}: data value too large: ${text.slice(0, 100)} (max length=${field.length})`,
        { fields: [field.name] },
      );
    }
    if (type === 'email' && !EMAIL.test(text)) {
      throw new SalesforceApiError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, {
        fields: [field.name],
      });
    }
    return text;
  }
  if (NUMBER_TYPES.has(type)) {
    const javaType = type === 'int' ? 'int' : 'double';
    let n: number;
    if (typeof raw === 'number') n = raw;
    else if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) n = Number(raw);
    else throw cannotDeserialize(javaType, raw);
    if (!Number.isFinite(n) || (type === 'int' && !Number.isInteger(n))) throw cannotDeserialize(javaType, raw);
    return n;
  }
  if (type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw cannotDeserialize('boolean', raw);
  }
  if (type === 'date') {
    if (typeof raw !== 'string') throw cannotDeserialize('date', raw);
    const text = raw.length > 10 && raw[10] === 'T' ? raw.slice(0, 10) : raw;
    const m = DATE.exec(text);
    if (!m || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).getUTCDate() !== +m[3]!) {
      throw cannotDeserialize('date', raw);
    }
    return text;
  }
  if (type === 'datetime') {
    const ms = typeof raw === 'string' ? parseDateTime(raw) : Number.NaN;
    if (!Number.isFinite(ms)) throw cannotDeserialize('datetime', raw);
    return formatDateTime(ms);
  }
  if (type === 'base64') {
    if (Buffer.isBuffer(raw)) return raw;
    if (typeof raw !== 'string' || !BASE64.test(raw)) throw cannotDeserialize('base64', raw);
    return Buffer.from(raw, 'base64');
  }
  return raw;
}

function failText(raw: unknown): never {
  throw cannotDeserialize('string', raw);
}

/** Parses Salesforce and ISO datetimes (`+0000`, `Z`, `+02:00`, date only). NaN when not a time. */
export function parseDateTime(text: string): number {
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(normalized))
    return Number.NaN;
  return Date.parse(
    normalized.includes('T') && !/(Z|[+-]\d{2}:\d{2})$/.test(normalized) ? `${normalized}Z` : normalized,
  );
}
