// Restores across jobs (R06–R08, R19): a record, file or attachment an earlier job re-created lives on
// under a new id. These rewrite a snapshot slice onto those copies, so a later plan targets the copy
// (or follows it as a parent) instead of creating the item a second time. Pure: the caller reads
// which copies exist.

import { isMandatoryLink, toId18 } from '@restorelab/salesforce';
import type { BackedUpAttachment, BackedUpRecord } from '@restorelab/snapshots';
import type { OrgStateQuery } from './scope-query.ts';
import type { SnapshotSlice } from './types.ts';

/** Every id of a scope an earlier restore may have re-created: records, documents, attachments. */
export function copyableIds(
  query: Pick<OrgStateQuery, 'recordIds' | 'contentDocumentIds' | 'attachmentIds'>,
): string[] {
  return [...query.recordIds, ...query.contentDocumentIds, ...query.attachmentIds];
}

/**
 * References to records an earlier restore re-created, rewritten to the new ids. The live org then
 * decides: a copy that exists is an existing parent; a copy deleted since is a deleted one.
 */
export function followRestoredIds(
  records: readonly BackedUpRecord[],
  restored: ReadonlyMap<string, string>,
): BackedUpRecord[] {
  return records.map((record) => {
    let fields: Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(record.fields)) {
      if (name === 'Id' || typeof value !== 'string') continue;
      const newId = restored.get(toId18(value) ?? value);
      if (!newId) continue;
      fields ??= { ...record.fields };
      fields[name] = newId;
    }
    return fields ? { ...record, fields } : record;
  });
}

/**
 * The slice with every item that has a live copy moved onto the copy's id: a record itself, every
 * reference to it, its files' links and its attachments' parent; a file's document (R19 then compares
 * the copy with the backup); an attachment itself (R07 then compares the copy).
 */
export function moveToCopies(
  slice: SnapshotSlice,
  copies: ReadonlyMap<string, string>,
): Pick<SnapshotSlice, 'records' | 'files' | 'attachments'> {
  const moved = (id: string) => copies.get(toId18(id) ?? id);
  const records = followRestoredIds(slice.records, copies).map((record) => {
    const copy = moved(record.id);
    return copy ? { ...record, id: copy, fields: { ...record.fields, Id: copy } } : record;
  });
  const files = slice.files.map((file) => {
    const document = moved(file.contentDocumentId);
    const relinked = file.links.some((l) => moved(l.linkedEntityId))
      ? {
          ...file,
          links: file.links.map((l) => ({ ...l, linkedEntityId: moved(l.linkedEntityId) ?? l.linkedEntityId })),
        }
      : file;
    return document ? { ...relinked, contentDocumentId: document } : relinked;
  });
  const attachments = slice.attachments.map((a) => {
    const parent = moved(a.parentId);
    const self = moved(a.id);
    return parent || self ? { ...a, ...(parent ? { parentId: parent } : {}), ...(self ? { id: self } : {}) } : a;
  });
  return { records, files, attachments };
}

/**
 * R13: an item of Objects/Attachment is restorable, as metadata only. The store keeps attachments
 * apart from records, so the item becomes an Attachment record for the plan, which restores such
 * records without content.
 */
export function attachmentAsRecord(a: BackedUpAttachment): BackedUpRecord {
  return {
    id: a.id,
    type: 'Attachment',
    lastModifiedDate: a.lastModifiedDate,
    fields: {
      Id: a.id,
      ParentId: a.parentId,
      Name: a.name,
      ContentType: a.contentType,
      IsPrivate: a.isPrivate,
      OwnerId: a.ownerId,
      Description: a.description,
      BodyLength: a.bodyLength,
      LastModifiedDate: a.lastModifiedDate,
    },
  };
}

/** The mandatory links (`Object.Field`) of the object types a plan writes: what the summary lists. */
export function mandatoryLinksOf(schema: SnapshotSlice['schema'], types: ReadonlySet<string>): string[] {
  const links: string[] = [];
  for (const object of schema.objects) {
    if (!types.has(object.name)) continue;
    for (const field of object.fields) if (isMandatoryLink(field)) links.push(`${object.name}.${field.name}`);
  }
  return links;
}
