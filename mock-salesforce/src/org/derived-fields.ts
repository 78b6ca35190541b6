// Fields the org fills in itself: compound person names (Contact, Lead and User `Name` built from
// FirstName and LastName) and auto-number fields (CaseNumber, ContractNumber, OrderNumber, custom
// AutoNumber fields and AutoNumber name fields), each from its own counter in its display format.
import type { FieldDescribe, ObjectDescribe } from '@restorelab/salesforce';

/** An auto-number field's format, as the schema loader keeps it from the field's metadata. */
export interface AutoNumberFormat {
  /** Salesforce's display format, like `CASE-{00000}` or `{00000000}`. */
  displayFormat?: string;
  /** The first number handed out. */
  startingNumber?: number;
}

/** Formats of the standard auto-number fields, as a new org numbers them. */
const STANDARD_AUTO_NUMBERS: Record<string, Required<AutoNumberFormat>> = {
  'Case.CaseNumber': { displayFormat: '{00000000}', startingNumber: 1000 },
  'Contract.ContractNumber': { displayFormat: '{00000000}', startingNumber: 100 },
  'Order.OrderNumber': { displayFormat: '{00000000}', startingNumber: 100 },
  'Solution.SolutionNumber': { displayFormat: '{00000000}', startingNumber: 1 },
};
const DEFAULT_FORMAT: Required<AutoNumberFormat> = { displayFormat: '{0}', startingNumber: 0 };

/** Renders number `n` in a display format: `{000}` pads to three digits, `{YYYY}` `{MM}` `{DD}` date the record. */
export function formatAutoNumber(displayFormat: string, n: number, now: Date): string {
  let placed = false;
  const out = displayFormat.replace(/\{([^}]*)\}/g, (whole, token: string) => {
    if (/^0+$/.test(token)) {
      placed = true;
      return String(n).padStart(token.length, '0');
    }
    if (token === 'YYYY') return String(now.getUTCFullYear());
    if (token === 'YY') return String(now.getUTCFullYear()).slice(2);
    if (token === 'MM') return String(now.getUTCMonth() + 1).padStart(2, '0');
    if (token === 'DD') return String(now.getUTCDate()).padStart(2, '0');
    return whole;
  });
  return placed ? out : `${out}${n}`;
}

export interface AutoNumberField {
  readonly field: FieldDescribe;
  readonly displayFormat: string;
  readonly startingNumber: number;
}

/** What an object's records get filled in with, worked out once per object. */
export interface DerivedFields {
  /** `Name` is FirstName + LastName. */
  readonly compoundName: boolean;
  readonly autoNumbers: readonly AutoNumberField[];
}

export function derivedFieldsOf(describe: ObjectDescribe): DerivedFields {
  const byName = new Map(describe.fields.map((f) => [f.name, f] as const));
  const name = byName.get('Name');
  const compoundName = Boolean(name?.calculated && byName.has('FirstName') && byName.has('LastName'));
  const autoNumbers = describe.fields
    .filter((f) => f.autoNumber)
    .map((field) => {
      const own = field as FieldDescribe & AutoNumberFormat;
      const standard = STANDARD_AUTO_NUMBERS[`${describe.name}.${field.name}`] ?? DEFAULT_FORMAT;
      return {
        field,
        displayFormat: own.displayFormat ?? standard.displayFormat,
        startingNumber: own.startingNumber ?? standard.startingNumber,
      };
    });
  return { compoundName, autoNumbers };
}

/** A person's full name as Salesforce shows it in `Name`: first name (if any), then last name. */
export function compoundName(fields: Readonly<Record<string, unknown>>): string | undefined {
  const parts = [fields.FirstName, fields.LastName].filter((p) => typeof p === 'string' && p !== '');
  return parts.length > 0 ? parts.join(' ') : undefined;
}
