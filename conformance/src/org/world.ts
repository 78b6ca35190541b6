// What a generated world is: its spec, what was built in the org (ids by logical key), the world as
// the org has it now, and which field of each object carries the run's tag, a change's note and the
// parent link. Every record is tagged with the run's tag, and only records that carry it are ever
// read, changed or deleted (build.ts, changes.ts, read.ts, clean-up.ts), so a real org's own data is
// never touched.
import type { AttachmentSpec } from '../generators/attachments.ts';
import type { FileSpec } from '../generators/files.ts';
import type { HierarchySpec } from '../generators/hierarchy.ts';

export interface WorldSpec {
  hierarchy: HierarchySpec;
  files: FileSpec[];
  attachments: AttachmentSpec[];
}

export interface World {
  tag: string;
  spec: WorldSpec;
  /** Logical key → id at build time. */
  ids: Record<string, string>;
  types: Record<string, string>;
  parents: Record<string, string | undefined>;
  checkerId: string;
  /** ContentDocument id per file, in spec order. */
  documents: string[];
  /** Versions written per file (grows with changes). */
  versions: number[];
  attachmentIds: string[];
  /** Owner of each file at backup time (R15). */
  owners: string[];
  /** The user each file is shared with (R17), per file. */
  shareTargets: Array<string | undefined>;
  adminUserId: string;
  otherUserId: string | undefined;
  /** A Gear/Cog loop was seeded with the world's tag: only then are those objects read (R09). */
  withLoop?: boolean;
}

/** A record of the world as the org has it now. */
export interface LiveRow {
  key: string;
  type: string;
  id: string;
  fields: Record<string, unknown>;
}

export interface LiveFile {
  index: number;
  contentDocumentId: string;
  latestVersionId: string;
  versionNumber: string;
  /** The latest version's ReasonForChange (a restore says why it wrote a version, R19). */
  reasonForChange: string | null;
  content: string;
  ownerId: string;
  createdById: string;
  contentModifiedDate: string;
  links: Array<{ linkedEntityId: string; shareType: string; visibility: string }>;
}

export interface LiveWorld {
  /** Live rows by logical key (more than one means a record was restored twice). */
  rows: Map<string, LiveRow[]>;
  files: LiveFile[];
  attachments: Array<{ id: string; parentId: string; name: string; isPrivate: boolean; body: string }>;
}

/** The field that carries the run's tag (`<tag>:<key>`), per object. */
export const TAG_FIELD: Record<string, string> = {
  Account: 'Name',
  Case: 'Subject',
  Contact: 'LastName',
  Programme__c: 'Tag__c',
  Stage__c: 'Tag__c',
  Step__c: 'Tag__c',
  Gear__c: 'Tag__c',
  Cog__c: 'Tag__c',
};
/** The fields read back besides Id, the tag and LastModifiedDate, per object. */
export const READ_FIELDS: Record<string, string[]> = {
  Account: ['Description'],
  Case: ['Status', 'AccountId', 'Description'],
  Programme__c: ['Status__c', 'RecordTypeId', 'Note__c', 'Account__c', 'Lead_Stage__c'],
  Stage__c: ['Programme__c', 'Note__c'],
  Step__c: ['Stage__c', 'Checker__c', 'Note__c'],
  Gear__c: ['Cog__c'],
  Cog__c: ['Gear__c'],
};
/** The field a change writes, per object (never the tag). */
export const NOTE_FIELD: Record<string, string> = {
  Account: 'Description',
  Case: 'Description',
  Programme__c: 'Note__c',
  Stage__c: 'Note__c',
  Step__c: 'Note__c',
};
/** The field that links a child to its parent in the hierarchy. */
export const PARENT_FIELD: Record<string, string> = {
  Case: 'AccountId',
  Programme__c: 'Account__c',
  Stage__c: 'Programme__c',
  Step__c: 'Stage__c',
};
