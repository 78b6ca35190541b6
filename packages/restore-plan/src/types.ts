// The planner's input and output shapes: what a restore plan is made from (request, snapshot slice,
// live org state) and what it says (the restore summary, R04, and the ordered writes).
import type { RestoreSummary } from '@restorelab/planner-api';
import type { BackedUpAttachment, BackedUpFile, BackedUpRecord, SnapshotSchema } from '@restorelab/snapshots';
import type { OrgStateQuery } from './scope-query.ts';

export type RestoreMethod = 'record' | 'related';

export interface RestoreRequest {
  snapshotId: string;
  /** The record the user picked, 15 or 18 characters. */
  rootId: string;
  /** R01: `record` writes the root only; `related` adds every record beneath it. */
  method: RestoreMethod;
}

/**
 * The part of one snapshot the plan needs. `records` must hold the root and, for `related`, its
 * descendants; extra records are ignored (the planner computes the closure itself). `files` and
 * `attachments` are those linked to / parented by those records.
 */
export interface SnapshotSlice {
  schema: SnapshotSchema;
  records: readonly BackedUpRecord[];
  files: readonly BackedUpFile[];
  attachments: readonly BackedUpAttachment[];
}

/** A record of the restore as the org has it now (keyed by its 18-character id). */
export type LiveRecord =
  | { state: 'absent' }
  | { state: 'deleted' }
  | { state: 'exists'; lastModifiedDate: string; recordTypeId?: string | null };

/** A record outside the restore that a restored record links to. */
export type LiveReference = 'exists' | 'deleted';

/** A file (ContentDocument) of the restore as the org has it now. */
export type LiveFile =
  | { state: 'absent' }
  | {
      state: 'exists';
      lastModifiedDate: string;
      latestVersionId: string;
      contentHash: string;
      /**
       * R17: the links the document has now (18-character entity ids). Given, a file to version or
       * overwrite plans only the links it lacks or shares otherwise; not given, every backed-up link.
       */
      links?: ReadonlyArray<{ linkedEntityId: string; shareType: string; visibility: string }>;
    };

export type LiveAttachment = { state: 'absent' } | { state: 'exists'; lastModifiedDate: string };

/**
 * The live org, as queried just before planning. Keys are 18-character ids. A record of the restore
 * missing from `records` counts as absent; an outside record missing from `references` counts as
 * existing (the planner only needs to know about deleted ones); a missing file or attachment is absent.
 */
export interface OrgState {
  records: ReadonlyMap<string, LiveRecord>;
  references: ReadonlyMap<string, LiveReference>;
  files: ReadonlyMap<string, LiveFile>;
  attachments?: ReadonlyMap<string, LiveAttachment>;
  /**
   * R11: per object, per picklist field, the values the live master record type allows (the org's
   * describe). A field left out allows every value.
   */
  masterPicklistValues: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /**
   * R11: per object, per record type id (18 characters), per picklist field, the values that record
   * type allows. An overwrite is filtered for the live record's own record type; one missing here
   * (or an org that does not say) leaves the values as they are. The master's comes from
   * `masterPicklistValues`.
   */
  recordTypePicklistValues?: Readonly<
    Record<string, Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>>
  >;
}

export interface PlanInput {
  request: RestoreRequest;
  slice: SnapshotSlice;
  org: OrgState;
  /** R02: object types whose records are download/share only. */
  downloadOnlyTypes: ReadonlySet<string>;
  /** R15: the admin user running the restore becomes the creator of restored files. */
  adminUserId: string;
  /**
   * What scopeRestore answered for this request and slice, when the caller asked it: the scope it
   * resolved is reused rather than resolved again (a slice changed since is resolved afresh).
   */
  query?: OrgStateQuery;
}

export type RecordAction = 'create' | 'overwrite' | 'skip' | 'willFail';

/** A reference the executor fills with the live id of another record of the restore (R06). */
export interface IdRewrite {
  field: string;
  /** Snapshot id of the record pointed at; its new id replaces it. */
  targetSourceId: string;
}

export type FailureCode =
  | 'MANDATORY_PARENT_DELETED'
  | 'MANDATORY_LOOP'
  | 'PARENT_WILL_FAIL'
  | 'OBJECT_NOT_CREATEABLE'
  | 'OBJECT_NOT_UPDATEABLE';

/** R09: one loop of mandatory links, named by its records and the fields that close it. */
export interface MandatoryLinkCycle {
  records: Array<{ sourceId: string; objectType: string }>;
  links: Array<{ fromSourceId: string; field: string; toSourceId: string }>;
}

export interface PlanFailure {
  rule: 'R08' | 'R09' | 'R06' | 'R07';
  code: FailureCode;
  message: string;
  /** The fields the failure is about (the mandatory links). */
  fields: string[];
  cycle?: MandatoryLinkCycle;
}

/** A value the plan leaves out on purpose, and why (R10, R11, deleted outside targets). */
export interface OmittedValue {
  field: string;
  value: unknown;
  rule: 'R10' | 'R11' | 'R08' | 'R09';
  reason: string;
}

export interface PlannedRecord {
  itemId: string;
  sourceId: string;
  objectType: string;
  action: RecordAction;
  /** Wave the record is written in (create and overwrite). */
  wave?: number;
  /** Stands for the id the org will give the re-created record (create only, R06). */
  newIdPlaceholder?: string;
  /** The live id to update (overwrite only; same as sourceId, R07). */
  targetId?: string;
  /** Values to write as of the snapshot (R03); references to re-created records are left out here. */
  fields: Record<string, unknown>;
  /** References filled with the new id when the record is written (the target is in an earlier wave). */
  idRewrites: IdRewrite[];
  /** Optional links written empty and filled afterwards by a patch (the target is not written yet). */
  deferredLinks: IdRewrite[];
  omitted: OmittedValue[];
  failure?: PlanFailure;
  /** Content document ids and attachment ids that follow this record (R14). */
  files: string[];
  attachments: string[];
}

export interface WriteBatch {
  wave: number;
  batchIndex: number;
  objectType: string;
  operation: 'create' | 'update';
  sourceIds: string[];
}

export interface Wave {
  index: number;
  batches: WriteBatch[];
}

/** An update after all waves that fills optional links written empty (R09 optional loops). */
export interface RecordPatch {
  sourceId: string;
  objectType: string;
  links: IdRewrite[];
}

export type FileAction = 'create' | 'newVersion' | 'overwrite' | 'skip' | 'willFail';

export interface PlannedFileLink {
  linkedEntityId: string;
  shareType: 'V' | 'C' | 'I';
  visibility: 'AllUsers' | 'InternalUsers' | 'SharedUsers';
  /** The linked record is re-created: use its new id. */
  rewriteToNewId: boolean;
  /** The owner's link, which the org creates by itself when the document is created. */
  ownerLink: boolean;
  /**
   * What writing the link does: `create` (the default) adds it; `overwrite` changes the sharing of
   * a link the org has with other sharing (a file still in the org, R17).
   */
  change?: 'create' | 'overwrite';
}

export interface PlannedFile {
  itemId: string;
  contentDocumentId: string;
  latestVersionId: string;
  title: string;
  pathOnClient: string;
  action: FileAction;
  /** R19: the live document to version or overwrite. */
  targetContentDocumentId?: string;
  /** R15: kept. */
  ownerId: string;
  /** R15: the admin who runs the restore. */
  createdById: string;
  /** R15: the owner's own library. */
  placement: 'ownerLibrary';
  /** R18: written by the org at restore time. */
  modifiedAt: 'restoreTime';
  contentHash: string;
  contentSize: number;
  /** R17: every link to write (for create: all; otherwise links whose entity gets a new id). */
  links: PlannedFileLink[];
  /** Snapshot ids of the restored records this file follows (R14). */
  followsRecords: string[];
  failure?: { code: 'ALL_RECORDS_WILL_FAIL'; message: string };
}

export type AttachmentAction = 'create' | 'overwrite' | 'skip' | 'willFail';

export interface PlannedAttachment {
  itemId: string;
  sourceId: string;
  action: AttachmentAction;
  parentSourceId: string;
  /** The parent is re-created: write the attachment under its new id. */
  parentRewrite: boolean;
  /** R13: restored from Objects/Attachment: metadata only, no body. */
  metadataOnly: boolean;
  bodyHash: string | null;
  name: string;
  contentType: string | null;
  isPrivate: boolean;
  ownerId: string;
  description: string | null;
  failure?: { code: 'PARENT_WILL_FAIL'; message: string };
}

/** R04: the summary, as the API serves it (one count model, defined by its schema). */
export type { RestoreSummary } from '@restorelab/planner-api';

/** The restore plan: the summary shown before confirmation (R04) and the writes it stands for. */
export interface RestorePlan {
  summary: RestoreSummary;
  /** Every record of the scope, sorted by id, with its action. */
  records: PlannedRecord[];
  waves: Wave[];
  patches: RecordPatch[];
  /** The patches as update batches, numbered as the wave after the last one. */
  patchBatches: WriteBatch[];
  files: PlannedFile[];
  attachments: PlannedAttachment[];
}
