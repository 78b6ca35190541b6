// Overlapping restores: what a job claims (the backed-up ids of every item of its plan), what a job
// that ended wrote, and the live org as a later job of the same snapshot sees it after waiting for
// that one. Pure: the job manager and the claim gate do the reading and writing.
import type { OrgState, RestorePlan, SnapshotSlice } from '@restorelab/restore-plan';
import { toId18 } from '@restorelab/salesforce';
import type { JobState, StoredPlan } from './types.ts';

/** The backed-up ids of every record, file and attachment of a plan (its items moved back from copies). */
export function backedUpItems(plan: RestorePlan, copyOf: Readonly<Record<string, string>>): string[] {
  const ids = new Set<string>();
  const add = (id: string) => {
    const normal = toId18(id) ?? id;
    ids.add(copyOf[id] ?? copyOf[normal] ?? normal);
  };
  for (const record of plan.records) add(record.sourceId);
  for (const file of plan.files) add(file.contentDocumentId);
  for (const attachment of plan.attachments) add(attachment.sourceId);
  return [...ids];
}

/** What a job claims: its plan's backed-up items (for a plan stored before claims, worked out again). */
export function claimedItems(stored: StoredPlan): string[] {
  return stored.items ?? backedUpItems(stored.plan, stored.copyOf ?? {});
}

/**
 * The backed-up items a job that has ended wrote (or found unchanged) from `snapshotId`: every item
 * of its plan but those that failed. None for a job of another snapshot (its values are not the ones
 * asked for) or a cancelled one (it stopped part way, and which items it reached is not kept).
 */
export function writtenItems(job: JobState, stored: StoredPlan, snapshotId: string): Set<string> {
  if (job.request.snapshotId !== snapshotId) return new Set();
  if (job.status !== 'succeeded' && job.status !== 'failed') return new Set();
  const copyOf = stored.copyOf ?? {};
  const failed = new Set(job.failures.map((f) => copyOf[f.itemId] ?? toId18(f.itemId) ?? f.itemId));
  return new Set(claimedItems(stored).filter((id) => !failed.has(id)));
}

/**
 * The live org as a job sees it after waiting for overlapping jobs: an item one of them wrote from the
 * same snapshot holds that snapshot's values, so it counts as existing and unchanged since the backup
 * (same LastModifiedDate, same content), and R07/R19 skip it rather than write it a second time.
 */
export function assumeWritten(
  org: OrgState,
  slice: SnapshotSlice,
  copyOf: ReadonlyMap<string, string>,
  written: ReadonlySet<string>,
): OrgState {
  if (written.size === 0) return org;
  const backedUp = (id: string) => copyOf.get(id) ?? toId18(id) ?? id;
  const records = new Map(org.records);
  for (const record of slice.records) {
    if (!written.has(backedUp(record.id))) continue;
    const key = toId18(record.id) ?? record.id;
    const live = records.get(key);
    const recordTypeId = live?.state === 'exists' ? live.recordTypeId : undefined;
    records.set(key, {
      state: 'exists',
      lastModifiedDate: record.lastModifiedDate,
      ...(recordTypeId !== undefined ? { recordTypeId } : {}),
    });
  }
  const files = new Map(org.files);
  for (const file of slice.files) {
    if (!written.has(backedUp(file.contentDocumentId))) continue;
    files.set(file.contentDocumentId, {
      state: 'exists',
      lastModifiedDate: file.lastModifiedDate,
      latestVersionId: file.latestVersionId,
      contentHash: file.contentHash,
    });
  }
  const attachments = new Map(org.attachments ?? []);
  for (const attachment of slice.attachments) {
    if (!written.has(backedUp(attachment.id))) continue;
    attachments.set(attachment.id, { state: 'exists', lastModifiedDate: attachment.lastModifiedDate });
  }
  return { ...org, records, files, attachments };
}
