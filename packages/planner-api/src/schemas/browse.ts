// Inside a snapshot: folder listings, search hits, a record's preview, a file's and an attachment's
// details, and the look-up of items by id. Download-only types are marked (R02), Objects/Attachment
// entries restore metadata only (R13), a standard status value is shown but never restored (R10).
import { z } from 'zod';
import { count, ItemKindSchema } from './common.ts';

const FolderEntry = z.object({
  kind: z.literal('folder'),
  name: z.string(),
  path: z.string(),
  downloadOnly: z.boolean(),
  metadataOnly: z.boolean(),
  count: count.optional(),
});
const RecordEntry = z.object({
  kind: z.literal('record'),
  name: z.string(),
  path: z.string(),
  id: z.string(),
  type: z.string(),
  lastModifiedDate: z.string(),
  downloadOnly: z.boolean(),
});
const FileEntry = z.object({
  kind: z.literal('file'),
  name: z.string(),
  path: z.string(),
  id: z.string(),
  size: count,
  contentType: z.string(),
  lastModifiedDate: z.string(),
  downloadOnly: z.literal(true),
});
const AttachmentEntry = z.object({
  kind: z.literal('attachment'),
  name: z.string(),
  path: z.string(),
  id: z.string(),
  parentId: z.string(),
  size: count,
  contentType: z.string(),
  /** True in Objects/Attachment: restores metadata only, no content (R13). */
  metadataOnly: z.boolean(),
  /** True in Attachments/: downloaded, never restored on its own (R12). */
  downloadOnly: z.boolean(),
});

export const BrowseEntrySchema = z.discriminatedUnion('kind', [FolderEntry, RecordEntry, FileEntry, AttachmentEntry]);
export type BrowseEntry = z.infer<typeof BrowseEntrySchema>;

export const ListingSchema = z
  .object({ path: z.string(), entries: z.array(BrowseEntrySchema), total: count })
  .meta({ id: 'Listing' });
export type Listing = z.infer<typeof ListingSchema>;

export const SearchHitSchema = z
  .object({
    kind: ItemKindSchema,
    id: z.string(),
    /** The object type for records, `File` or `Attachment` otherwise. */
    type: z.string(),
    name: z.string(),
    /** The item's browse path: `Objects/Account/001…`, `Files/069…`, `Attachments/00P…`. */
    path: z.string(),
    downloadOnly: z.boolean(),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z
  .object({ items: z.array(SearchHitSchema), hasMore: z.boolean() })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof SearchResultSchema>;

/** GET /v1/snapshots/{id}/items?ids=…: the asked ids the snapshot holds, as search hits. */
export const ItemLookupSchema = z.object({ items: z.array(SearchHitSchema) }).meta({ id: 'ItemLookup' });
export type ItemLookup = z.infer<typeof ItemLookupSchema>;

export const BackedUpRecordSchema = z.object({
  id: z.string(),
  type: z.string(),
  /** LastModifiedDate as the org reported it. */
  lastModifiedDate: z.string(),
  /** Every field value by API name, Id included. */
  fields: z.record(z.string(), z.unknown()),
});
export type BackedUpRecord = z.infer<typeof BackedUpRecordSchema>;

export const BackedUpFileLinkSchema = z.object({
  linkedEntityId: z.string(),
  /** V viewer, C collaborator, I inferred. */
  shareType: z.enum(['V', 'C', 'I']),
  visibility: z.enum(['AllUsers', 'InternalUsers', 'SharedUsers']),
});

/** A Lightning file as backed up: its latest version only (R16), with its sharing. */
export const BackedUpFileSchema = z
  .object({
    contentDocumentId: z.string(),
    latestVersionId: z.string(),
    title: z.string(),
    pathOnClient: z.string(),
    ownerId: z.string(),
    lastModifiedDate: z.string(),
    contentModifiedDate: z.string().nullable(),
    versionNumber: z.string(),
    contentHash: z.string(),
    contentSize: count,
    fileType: z.string().nullable(),
    links: z.array(BackedUpFileLinkSchema),
  })
  .meta({ id: 'BackedUpFile' });
export type BackedUpFile = z.infer<typeof BackedUpFileSchema>;

/** A Classic attachment as backed up; `bodyHash` is null when only its metadata was kept. */
export const BackedUpAttachmentSchema = z
  .object({
    id: z.string(),
    parentId: z.string(),
    name: z.string(),
    contentType: z.string().nullable(),
    isPrivate: z.boolean(),
    ownerId: z.string(),
    description: z.string().nullable(),
    lastModifiedDate: z.string(),
    bodyHash: z.string().nullable(),
    bodyLength: count,
  })
  .meta({ id: 'BackedUpAttachment' });
export type BackedUpAttachment = z.infer<typeof BackedUpAttachmentSchema>;

export const FieldPreviewSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  value: z.unknown(),
  /** A standard status value (R10): backed up, never restored. */
  standardStatus: z.boolean(),
});
export type FieldPreview = z.infer<typeof FieldPreviewSchema>;

export const RecordPreviewSchema = z
  .object({
    record: BackedUpRecordSchema,
    name: z.string(),
    path: z.string(),
    downloadOnly: z.boolean(),
    fields: z.array(FieldPreviewSchema),
    /** The standard status field's backed-up value, when the object has one (R10). */
    standardStatus: z.object({ field: z.string(), value: z.unknown() }).optional(),
    children: z.array(
      z.object({ field: z.string(), id: z.string(), type: z.string(), name: z.string(), path: z.string() }),
    ),
    files: z.array(BackedUpFileSchema),
    attachments: z.array(BackedUpAttachmentSchema),
  })
  .meta({ id: 'RecordPreview' });
export type RecordPreview = z.infer<typeof RecordPreviewSchema>;
