// Which objects of the global describe a backup reads as records. Pure: tested without an org.
// Skipped: objects that cannot be queried, objects with no key prefix (no records of their own),
// the file objects (backed up as Files/), history/share/feed/change-event tables the org derives,
// metadata, events and external or big objects, and objects the API refuses to query without a filter.

export interface GlobalObject {
  name: string;
  queryable: boolean;
  keyPrefix?: string | null;
}

/** Backed up through the Files/ path, not as records. */
export const FILE_OBJECTS: ReadonlySet<string> = new Set([
  'ContentVersion',
  'ContentDocument',
  'ContentDocumentLink',
  'ContentBody',
  'ContentFolderItem',
  'ContentFolderMember',
  'ContentFolderLink',
  'ContentVersionComment',
  'ContentVersionRating',
]);

/** Standard objects the real API will not query without a WHERE filter, or that are views over others. */
export const UNQUERYABLE_IN_BULK: ReadonlySet<string> = new Set([
  'ActivityHistory',
  'AggregateResult',
  'AttachedContentDocument',
  'CombinedAttachment',
  'ContentHubItem',
  'DataType',
  'EntityDefinition',
  'EntityParticle',
  'FieldDefinition',
  'FlexQueueItem',
  'IdeaComment',
  'ListViewChartInstance',
  'LookedUpFromActivity',
  'Name',
  'NoteAndAttachment',
  'OpenActivity',
  'OwnerChangeOptionInfo',
  'PicklistValueInfo',
  'PlatformAction',
  'ProcessInstanceHistory',
  'RelationshipDomain',
  'RelationshipInfo',
  'SearchLayout',
  'UserEntityAccess',
  'UserFieldAccess',
  'UserRecordAccess',
  'Vote',
]);

const DERIVED_SUFFIXES: readonly [string, string][] = [
  ['__History', 'field history the org writes itself'],
  ['History', 'field history the org writes itself'],
  ['__Share', 'sharing rows the org computes'],
  ['Share', 'sharing rows the org computes'],
  ['__Feed', 'Chatter feed'],
  ['Feed', 'Chatter feed'],
  ['ChangeEvent', 'change data capture events'],
  ['__Tag', 'tags'],
  ['__mdt', 'custom metadata (deployed, not data)'],
  ['__e', 'platform events'],
  ['__x', 'external object (data lives outside the org)'],
  ['__b', 'big object (no SOQL over the whole table)'],
];

export interface ObjectSelection {
  backup: string[];
  skipped: { name: string; reason: string }[];
}

/** Why an object of the global describe is not read as records, or undefined when it is. */
export function skipReason(object: GlobalObject): string | undefined {
  if (!object.queryable) return 'not queryable';
  if (!object.keyPrefix) return 'no key prefix: not a data object';
  if (FILE_OBJECTS.has(object.name)) return 'backed up as files (Files/)';
  if (UNQUERYABLE_IN_BULK.has(object.name)) return 'the API refuses an unfiltered query of it';
  for (const [suffix, why] of DERIVED_SUFFIXES) {
    if (object.name.endsWith(suffix) && object.name !== suffix) return why;
  }
  return undefined;
}

/** The objects to read; `requested` narrows the choice to those names (unknown ones are reported). */
export function selectObjects(objects: readonly GlobalObject[], requested?: readonly string[]): ObjectSelection {
  const backup: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const wanted = requested ? new Set(requested) : undefined;
  for (const object of objects) {
    if (wanted && !wanted.has(object.name)) continue;
    const reason = skipReason(object);
    if (reason) skipped.push({ name: object.name, reason });
    else backup.push(object.name);
  }
  if (wanted) {
    const known = new Set(objects.map((o) => o.name));
    for (const name of wanted) if (!known.has(name)) skipped.push({ name, reason: 'not in the org' });
  }
  return { backup: backup.sort(), skipped };
}

/** An object's API name as the describe spells it (Account, Project__c); anything else names no object. */
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

/** The asked-for names that are not object API names at all (`Account WHERE Name='x'`, ``). */
export function malformedObjectNames(requested: readonly string[]): string[] {
  return requested.filter((name) => !OBJECT_NAME.test(name));
}

/** `Nope__c (not in the org), AccountHistory (field history the org writes itself)` */
export function describeRefused(refused: readonly { name: string; reason: string }[]): string {
  return refused.map((r) => `${JSON.stringify(r.name)} (${r.reason})`).join(', ');
}
