// R04 and R05: the restore summary a person confirms before anything is written, in the one count
// model of @restorelab/planner-api: records (per object), files, attachments and metafiles per
// action, and `all`, their sum. A metafile is a sharing link (ContentDocumentLink) written beside a
// file: one per planned link of the file, the owner's link the org makes with a created file among
// them. Totals come from `addPlanned`/`sumPlanned`, so each is the sum of the counts beside it.
import { addPlanned, emptyPlannedCounts, type PlannedCounts, sumPlanned, toWrite } from '@restorelab/planner-api';
import { itemChanges, summarizeChanges } from './changes.ts';
import type { PlannedAttachment, PlannedFile, PlannedRecord, RestoreRequest, RestoreSummary } from './types.ts';

export function summarize(
  request: RestoreRequest,
  records: readonly PlannedRecord[],
  files: readonly PlannedFile[],
  attachments: readonly PlannedAttachment[],
  attachmentRecords: number,
): RestoreSummary {
  const total = emptyPlannedCounts();
  const byObject: Record<string, PlannedCounts> = {};
  const willFail: RestoreSummary['willFail'] = [];
  for (const record of records) {
    addPlanned(total, record.action);
    byObject[record.objectType] ??= emptyPlannedCounts();
    addPlanned(byObject[record.objectType]!, record.action);
    if (record.failure) {
      willFail.push({
        itemId: record.itemId,
        objectType: record.objectType,
        code: record.failure.code,
        message: record.failure.message,
      });
    }
  }
  const fileCounts = emptyPlannedCounts();
  const metafiles = { ...emptyPlannedCounts(), fileLinks: 0, ownerLinks: 0 };
  for (const file of files) {
    addPlanned(fileCounts, file.action);
    for (const link of file.links) {
      if (link.ownerLink) metafiles.ownerLinks++;
      else metafiles.fileLinks++;
      // The links of a file that will fail fail with it.
      addPlanned(metafiles, file.action === 'willFail' ? 'willFail' : (link.change ?? 'create'));
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
  const attachmentCounts = emptyPlannedCounts();
  for (const attachment of attachments) {
    addPlanned(attachmentCounts, attachment.action);
    if (attachment.failure) {
      willFail.push({
        itemId: attachment.itemId,
        objectType: 'Attachment',
        code: attachment.failure.code,
        message: attachment.failure.message,
      });
    }
  }
  const all = sumPlanned([total, fileCounts, attachmentCounts, metafiles]);
  return {
    snapshotId: request.snapshotId,
    rootId: request.rootId,
    method: request.method,
    selected: records.length + attachmentRecords,
    records: { total, byObject },
    files: fileCounts,
    attachments: attachmentCounts,
    metafiles,
    all,
    itemsToWrite: toWrite(all),
    willFail,
    changes: summarizeChanges(itemChanges(records, attachments)),
  };
}
