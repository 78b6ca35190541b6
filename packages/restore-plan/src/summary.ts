// R04 and R05: the restore summary a person confirms before anything is written: records per object
// and action, files and attachments per action, and the supporting items (metafiles) counted apart.
import type {
  ActionCounts,
  AttachmentAction,
  FileAction,
  PlannedAttachment,
  PlannedFile,
  PlannedRecord,
  RestoreRequest,
  RestoreSummary,
} from './types.ts';

export function summarize(
  request: RestoreRequest,
  records: readonly PlannedRecord[],
  files: readonly PlannedFile[],
  attachments: readonly PlannedAttachment[],
  attachmentRecords: number,
): RestoreSummary {
  const total = emptyCounts();
  const byObject: Record<string, ActionCounts> = {};
  const willFail: RestoreSummary['willFail'] = [];
  for (const record of records) {
    total[record.action]++;
    byObject[record.objectType] ??= emptyCounts();
    const counts = byObject[record.objectType]!;
    counts[record.action]++;
    if (record.failure) {
      willFail.push({
        itemId: record.itemId,
        objectType: record.objectType,
        code: record.failure.code,
        message: record.failure.message,
      });
    }
  }
  const fileCounts: Record<FileAction, number> = { create: 0, newVersion: 0, overwrite: 0, skip: 0, willFail: 0 };
  let fileLinks = 0;
  let ownerLinks = 0;
  for (const file of files) {
    fileCounts[file.action]++;
    for (const link of file.links) {
      if (link.ownerLink) ownerLinks++;
      else fileLinks++;
    }
    if (file.failure) {
      willFail.push({
        itemId: file.itemId,
        objectType: 'ContentDocument',
        code: file.failure.code,
        message: file.failure.message,
      });
    }
  }
  const attachmentCounts: Record<AttachmentAction, number> = { create: 0, overwrite: 0, skip: 0, willFail: 0 };
  for (const attachment of attachments) {
    attachmentCounts[attachment.action]++;
    if (attachment.failure) {
      willFail.push({
        itemId: attachment.itemId,
        objectType: 'Attachment',
        code: attachment.failure.code,
        message: attachment.failure.message,
      });
    }
  }
  const metafiles = fileLinks + ownerLinks;
  return {
    snapshotId: request.snapshotId,
    rootId: request.rootId,
    method: request.method,
    selected: records.length + attachmentRecords,
    records: { total, byObject },
    files: fileCounts,
    attachments: attachmentCounts,
    metafiles: { total: metafiles, fileLinks, ownerLinks },
    itemsToWrite:
      total.create +
      total.overwrite +
      fileCounts.create +
      fileCounts.newVersion +
      fileCounts.overwrite +
      attachmentCounts.create +
      attachmentCounts.overwrite +
      metafiles,
    willFail,
  };
}

function emptyCounts(): ActionCounts {
  return { create: 0, overwrite: 0, skip: 0, willFail: 0 };
}
