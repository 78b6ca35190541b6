// Which values of a record are links to other records, and which of those links make the record a
// child ("beneath") its target for R01's "with related records". Audit and ownership links (fields
// that can only point at users, groups, record types and the like) are kept for preview but never
// followed: otherwise every record would sit beneath the user who created it.
import type { ObjectDescribe } from '@restorelab/salesforce';
import {
  keyPrefixOf,
  CONFIGURATION_KEY_PREFIXES as NON_HIERARCHY_PREFIXES,
  NON_HIERARCHY_TARGETS,
  toId18,
} from '@restorelab/salesforce';

export interface RecordReference {
  field: string;
  /** The target id in its 18-character form. */
  targetId: string;
  /** True when the link makes the record a descendant of the target. */
  follow: boolean;
}

/**
 * The links a record holds. With a describe of its object, exactly its reference fields count;
 * without one (hand-made data, an object the schema lacks), any field other than Id whose value is a
 * valid Salesforce id does.
 */
export function referencesOf(fields: Record<string, unknown>, describe: ObjectDescribe | undefined): RecordReference[] {
  const out: RecordReference[] = [];
  if (describe) {
    for (const field of describe.fields) {
      if (field.type !== 'reference') continue;
      const value = fields[field.name];
      if (typeof value !== 'string') continue;
      const targetId = toId18(value);
      if (!targetId) continue;
      const targets = field.referenceTo ?? [];
      const auditOnly = targets.length > 0 && targets.every((t) => NON_HIERARCHY_TARGETS.has(t));
      out.push({
        field: field.name,
        targetId,
        follow: !auditOnly && !NON_HIERARCHY_PREFIXES.has(keyPrefixOf(targetId)),
      });
    }
    return out;
  }
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'Id' || typeof value !== 'string') continue;
    if (value.length !== 15 && value.length !== 18) continue;
    const targetId = toId18(value);
    if (!targetId) continue;
    out.push({ field: name, targetId, follow: !NON_HIERARCHY_PREFIXES.has(keyPrefixOf(targetId)) });
  }
  return out;
}

const NAME_FIELDS = [
  'Name',
  'Subject',
  'Title',
  'CaseNumber',
  'ContractNumber',
  'OrderNumber',
  'SolutionName',
  'DeveloperName',
  'LastName',
];

/** The name a person knows a record by: its Name-like field, else its id. */
export function displayNameOf(fields: Record<string, unknown>): string {
  for (const name of NAME_FIELDS) {
    const v = fields[name];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return String(fields.Id ?? '');
}

/** Text indexed for search: every string and number value except ids and timestamps. */
export function searchTextOf(fields: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'Id' || name.endsWith('Date') || name === 'SystemModstamp') continue;
    if (typeof value === 'string') {
      if ((value.length === 15 || value.length === 18) && toId18(value)) continue;
      parts.push(value);
    } else if (typeof value === 'number') parts.push(String(value));
  }
  return parts.join(' ');
}
