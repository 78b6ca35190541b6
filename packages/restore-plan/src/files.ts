// R12–R19: files and attachments follow the records they belong to. A file comes back with its
// owner (R15), latest version only (R16), all its sharing links (R17), restore-time modification
// (R18), and an action from its live state (R19). Attachments come back under their (new) parent;
// those from Objects/Attachment carry metadata only (R13).
import type { BackedUpAttachment, BackedUpFile, BackedUpRecord } from '@restorelab/snapshots';
import { sameInstant } from './dates.ts';
import { id18 } from './scope.ts';
import { append } from './shared.ts';
import type { FileAction, OrgState, PlannedAttachment, PlannedFile, PlannedFileLink, PlannedRecord } from './types.ts';

/** What the file planner needs to know about the scope's records. */
export interface RecordLookup {
  get(sourceId: string): PlannedRecord | undefined;
  /** The org has no such record now (it is re-created, or fails). */
  isNew(sourceId: string): boolean;
}

export function planFiles(
  files: readonly BackedUpFile[],
  records: RecordLookup,
  org: OrgState,
  adminUserId: string,
): PlannedFile[] {
  const out: PlannedFile[] = [];
  const sorted = [...files].sort((a, b) => compare(a.contentDocumentId, b.contentDocumentId));
  const seen = new Set<string>();
  for (const file of sorted) {
    if (seen.has(file.contentDocumentId)) continue;
    const followed: PlannedRecord[] = [];
    for (const link of file.links) {
      const record = records.get(id18(link.linkedEntityId) ?? link.linkedEntityId);
      if (record && !followed.includes(record)) followed.push(record);
    }
    if (followed.length === 0) continue; // not attached to any record of this restore (R12)
    seen.add(file.contentDocumentId);
    const itemId = `file:${file.contentDocumentId}`;
    for (const record of followed) record.files = append(record.files, file.contentDocumentId);
    const followsRecords = followed.map((r) => r.sourceId);
    const base = {
      itemId,
      contentDocumentId: file.contentDocumentId,
      latestVersionId: file.latestVersionId,
      title: file.title,
      pathOnClient: file.pathOnClient,
      ownerId: file.ownerId,
      createdById: adminUserId,
      placement: 'ownerLibrary' as const,
      modifiedAt: 'restoreTime' as const,
      contentHash: file.contentHash,
      contentSize: file.contentSize,
      followsRecords,
    };
    if (followed.every((r) => r.action === 'willFail')) {
      out.push({
        ...base,
        action: 'willFail',
        links: [],
        failure: { code: 'ALL_RECORDS_WILL_FAIL', message: 'every record this file is attached to will fail' },
      });
      continue;
    }
    const live = org.files.get(file.contentDocumentId);
    let action: FileAction;
    if (!live || live.state === 'absent') action = 'create';
    else if (sameInstant(live.lastModifiedDate, file.lastModifiedDate)) action = 'skip';
    else action = live.contentHash === file.contentHash ? 'overwrite' : 'newVersion';
    // An unchanged file is not written, but its links to records that come back with new ids are
    // (R14): the org dropped them with the deleted records, and the file must follow the new ones.
    const links = fileLinks(file, records, org);
    const planned: PlannedFile = {
      ...base,
      action,
      links:
        action === 'skip'
          ? links.filter((l) => l.rewriteToNewId && !l.ownerLink)
          : live?.state === 'exists' && live.links
            ? linksToChange(links, live.links)
            : links,
    };
    if (action === 'newVersion' || action === 'overwrite') planned.targetContentDocumentId = file.contentDocumentId;
    out.push(planned);
  }
  return out;
}

// R17 on a file still in the org (new version or overwrite): the file writer writes the links the
// document lacks and changes those shared otherwise, nothing else, so the plan (and the summary's
// metafiles, R05) holds exactly those. The owner's link is always there: the org keeps it.
function linksToChange(
  links: readonly PlannedFileLink[],
  live: ReadonlyArray<{ linkedEntityId: string; shareType: string; visibility: string }>,
): PlannedFileLink[] {
  const out: PlannedFileLink[] = [];
  for (const link of links) {
    if (link.ownerLink) continue;
    const entity = id18(link.linkedEntityId) ?? link.linkedEntityId;
    const now = link.rewriteToNewId
      ? undefined
      : live.find((l) => (id18(l.linkedEntityId) ?? l.linkedEntityId) === entity);
    if (!now) out.push(link);
    else if (now.shareType !== link.shareType || now.visibility !== link.visibility)
      out.push({ ...link, change: 'overwrite' });
  }
  return out;
}

// Every backed-up link (R17) except those to records that will not exist after the restore; the
// owner's link is listed even when the backup lacks it, since the org makes it for every file.
function fileLinks(file: BackedUpFile, records: RecordLookup, org: OrgState): PlannedFileLink[] {
  const links: PlannedFileLink[] = [];
  let ownerLinked = false;
  const owner = id18(file.ownerId) ?? file.ownerId;
  for (const link of file.links) {
    const entity = id18(link.linkedEntityId) ?? link.linkedEntityId;
    const record = records.get(entity);
    if (record?.action === 'willFail' && records.isNew(entity)) continue;
    if (!record && org.references.get(entity) === 'deleted') continue;
    const ownerLink = entity === owner;
    ownerLinked ||= ownerLink;
    links.push({
      linkedEntityId: link.linkedEntityId,
      shareType: link.shareType,
      visibility: link.visibility,
      rewriteToNewId: record?.action === 'create',
      ownerLink,
    });
  }
  if (!ownerLinked) {
    links.push({
      linkedEntityId: file.ownerId,
      shareType: 'I',
      visibility: 'AllUsers',
      rewriteToNewId: false,
      ownerLink: true,
    });
  }
  return links;
}

export function planAttachments(
  attachments: readonly BackedUpAttachment[],
  attachmentRecords: readonly BackedUpRecord[],
  records: RecordLookup,
  org: OrgState,
): PlannedAttachment[] {
  const candidates = new Map<string, { attachment: BackedUpAttachment; fromObjects: boolean }>();
  // Objects/Attachment records first, so an Attachments-folder copy with its body replaces them (R13/R14).
  for (const record of attachmentRecords) {
    const attachment = attachmentFromRecord(record);
    candidates.set(attachment.id, { attachment, fromObjects: true });
  }
  for (const attachment of attachments) {
    const parent = id18(attachment.parentId) ?? attachment.parentId;
    if (!records.get(parent) && !candidates.has(attachment.id)) continue;
    candidates.set(attachment.id, { attachment, fromObjects: false });
  }
  const out: PlannedAttachment[] = [];
  for (const id of [...candidates.keys()].sort(compare)) {
    const { attachment, fromObjects } = candidates.get(id)!;
    const parentSourceId = id18(attachment.parentId) ?? attachment.parentId;
    const parent = records.get(parentSourceId);
    if (parent) parent.attachments = append(parent.attachments, id);
    const planned: PlannedAttachment = {
      itemId: `attachment:${id}`,
      sourceId: id,
      action: 'create',
      parentSourceId,
      parentRewrite: parent?.action === 'create',
      metadataOnly: fromObjects || attachment.bodyHash === null,
      bodyHash: fromObjects ? null : attachment.bodyHash,
      name: attachment.name,
      contentType: attachment.contentType,
      isPrivate: attachment.isPrivate,
      ownerId: attachment.ownerId,
      description: attachment.description,
    };
    const parentGone =
      (parent?.action === 'willFail' && records.isNew(parentSourceId)) ||
      (!parent && org.references.get(parentSourceId) === 'deleted');
    const live = org.attachments?.get(id);
    if (parentGone) {
      planned.action = 'willFail';
      planned.failure = {
        code: 'PARENT_WILL_FAIL',
        message: `parent ${parentSourceId} will not exist after the restore`,
      };
    } else if (live?.state === 'exists') {
      planned.action = sameInstant(live.lastModifiedDate, attachment.lastModifiedDate) ? 'skip' : 'overwrite';
    }
    out.push(planned);
  }
  return out;
}

function attachmentFromRecord(record: BackedUpRecord): BackedUpAttachment {
  const f = record.fields;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: id18(record.id) ?? record.id,
    parentId: text(f.ParentId) ?? '',
    name: text(f.Name) ?? record.id,
    contentType: text(f.ContentType),
    isPrivate: f.IsPrivate === true,
    ownerId: text(f.OwnerId) ?? '',
    description: text(f.Description),
    lastModifiedDate: record.lastModifiedDate,
    bodyHash: null,
    bodyLength: typeof f.BodyLength === 'number' ? f.BodyLength : 0,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
