// Stored plans made by hand for the job-state tests: records in waves and batches the way
// restore-plan numbers them (per wave, by object type and operation, in batches of `batchSize`),
// optional-link patches numbered as the wave after the last, files and attachments.
import type { DeadLetter, FileTaskResult, RecordBatchResult, RecordItemResult } from '@restorelab/contracts';
import type {
  AttachmentAction,
  FileAction,
  IdRewrite,
  PlannedAttachment,
  PlannedFile,
  PlannedRecord,
  RecordAction,
  WriteBatch,
} from '@restorelab/restore-plan';
import { summarize } from '@restorelab/restore-plan';
import { initialState } from './job-state.ts';
import type { JobState, PendingPlan, StoredPlan } from './types.ts';
import type { StepWork } from './work.ts';

/** An 18-character Salesforce-shaped id: `sfId('a00', 7) === 'a00000000000000007'`. */
export function sfId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(15, '0')}`;
}

export interface RecordSpec {
  sourceId: string;
  objectType: string;
  action: RecordAction;
  /** Wave of a create or overwrite (default 0). */
  wave?: number;
  /** References to records of earlier waves, filled with their new ids. */
  rewrites?: IdRewrite[];
  /** Optional links patched after the waves. */
  deferred?: IdRewrite[];
}

export interface FileSpec {
  contentDocumentId: string;
  action: FileAction;
  links?: Array<{ linkedEntityId: string; rewriteToNewId: boolean; ownerLink?: boolean }>;
}

export interface AttachmentSpec {
  sourceId: string;
  action: AttachmentAction;
  parentSourceId: string;
  parentRewrite: boolean;
  metadataOnly?: boolean;
}

export interface PlanSpec {
  records: RecordSpec[];
  files?: FileSpec[];
  attachments?: AttachmentSpec[];
  /** `Object.Field` of mandatory links. */
  mandatoryLinks?: string[];
  batchSize?: number;
}

export const OWNER = sfId('005', 1);

export function makeStoredPlan(spec: PlanSpec, planId = 'plan-test'): StoredPlan {
  const batchSize = spec.batchSize ?? 200;
  const records: PlannedRecord[] = spec.records.map((r) => {
    const written = r.action === 'create' || r.action === 'overwrite';
    return {
      itemId: `record:${r.sourceId}`,
      sourceId: r.sourceId,
      objectType: r.objectType,
      action: r.action,
      ...(written ? { wave: r.wave ?? 0 } : {}),
      ...(r.action === 'overwrite' ? { targetId: r.sourceId } : {}),
      fields: { Name: `name of ${r.sourceId}` },
      idRewrites: r.rewrites ?? [],
      deferredLinks: r.deferred ?? [],
      omitted: [],
      ...(r.action === 'willFail'
        ? {
            failure: {
              rule: 'R08' as const,
              code: 'MANDATORY_PARENT_DELETED' as const,
              message: 'its parent is deleted',
              fields: ['Parent__c'],
            },
          }
        : {}),
      files: [],
      attachments: [],
    };
  });
  const waveCount = Math.max(0, ...records.map((r) => (r.wave ?? -1) + 1));
  const waves = Array.from({ length: waveCount }, (_, w) => ({
    index: w,
    batches: toBatches(
      w,
      records.filter((r) => r.wave === w),
      (r) => (r.action === 'create' ? 'create' : 'update'),
      batchSize,
    ),
  }));
  const patched = records.filter((r) => r.deferredLinks.length > 0 && r.wave !== undefined);
  const patchBatches = toBatches(waveCount, patched, () => 'update', batchSize);
  const files: PlannedFile[] = (spec.files ?? []).map((f, i) => ({
    itemId: `file:${f.contentDocumentId}`,
    contentDocumentId: f.contentDocumentId,
    latestVersionId: sfId('068', i + 1),
    title: `doc ${i}`,
    pathOnClient: `doc-${i}.txt`,
    action: f.action,
    ...(f.action === 'newVersion' || f.action === 'overwrite' ? { targetContentDocumentId: f.contentDocumentId } : {}),
    ownerId: OWNER,
    createdById: OWNER,
    placement: 'ownerLibrary',
    modifiedAt: 'restoreTime',
    contentHash: `hash-${i % 3}`,
    contentSize: 10 + i,
    links: (f.links ?? []).map((l) => ({
      linkedEntityId: l.linkedEntityId,
      shareType: 'V',
      visibility: 'AllUsers',
      rewriteToNewId: l.rewriteToNewId,
      ownerLink: l.ownerLink ?? false,
    })),
    followsRecords: [],
    ...(f.action === 'willFail'
      ? { failure: { code: 'ALL_RECORDS_WILL_FAIL' as const, message: 'every record it follows will fail' } }
      : {}),
  }));
  const attachments: PlannedAttachment[] = (spec.attachments ?? []).map((a, i) => ({
    itemId: `attachment:${a.sourceId}`,
    sourceId: a.sourceId,
    action: a.action,
    parentSourceId: a.parentSourceId,
    parentRewrite: a.parentRewrite,
    metadataOnly: a.metadataOnly ?? false,
    bodyHash: a.metadataOnly ? null : `body-${i % 2}`,
    name: `attachment ${i}`,
    contentType: 'text/plain',
    isPrivate: false,
    ownerId: OWNER,
    description: null,
    ...(a.action === 'willFail'
      ? { failure: { code: 'PARENT_WILL_FAIL' as const, message: 'its parent will fail' } }
      : {}),
  }));
  // The summary the pure planner would give these items: the job's counts end where it says.
  const summary = summarize(
    { snapshotId: 'snap-1', rootId: records[0]?.sourceId ?? '', method: 'related' },
    records,
    files,
    attachments,
    0,
  );
  return {
    planId,
    plan: { summary, records, waves, patches: [], patchBatches, files, attachments },
    mandatoryLinks: spec.mandatoryLinks ?? [],
  };
}

function toBatches(
  wave: number,
  records: readonly PlannedRecord[],
  operation: (r: PlannedRecord) => 'create' | 'update',
  size: number,
): WriteBatch[] {
  const groups = new Map<string, string[]>();
  for (const r of records) {
    const key = `${r.objectType}\u0000${operation(r)}`;
    groups.set(key, [...(groups.get(key) ?? []), r.sourceId]);
  }
  const batches: WriteBatch[] = [];
  for (const key of [...groups.keys()].sort()) {
    const [objectType, op] = key.split('\u0000') as [string, 'create' | 'update'];
    const ids = groups.get(key)!;
    for (let start = 0; start < ids.length; start += size) {
      batches.push({
        wave,
        batchIndex: batches.length,
        objectType,
        operation: op,
        sourceIds: ids.slice(start, start + size),
      });
    }
  }
  return batches;
}

export function pendingPlanOf(stored: StoredPlan): PendingPlan {
  return {
    planId: stored.planId,
    orgId: '00D000000000001AAA',
    createdAt: '2026-01-01T00:00:00.000Z',
    request: { snapshotId: 'snap-1', rootId: stored.plan.records[0]?.sourceId ?? sfId('001', 1), method: 'related' },
    summary: stored.plan.summary,
  };
}

// ---- a sample job, and the writers' answers ------------------------------------------------

export const T0 = '2026-02-01T10:00:00.000Z';
export const T1 = '2026-02-01T11:00:00.000Z';

export const A1 = sfId('001', 1);
export const A2 = sfId('001', 2);
export const C1 = sfId('003', 1);
export const C2 = sfId('003', 2);
export const C3 = sfId('003', 3);
export const C4 = sfId('003', 4);
export const F1 = sfId('069', 1);
export const F2 = sfId('069', 2);
export const F3 = sfId('069', 3);
export const T1d = sfId('00P', 1);
export const T2d = sfId('00P', 2);
export const T3d = sfId('00P', 3);

/**
 * Two waves (accounts, then contacts pointing at a re-created account), one optional link patched
 * afterwards, a created file shared with a re-created contact, a skipped file whose link to a
 * re-created account is written again, attachments on a re-created and on a live account.
 */
export const SPEC: PlanSpec = {
  records: [
    { sourceId: A1, objectType: 'Account', action: 'create', wave: 0 },
    { sourceId: A2, objectType: 'Account', action: 'overwrite', wave: 0 },
    {
      sourceId: C1,
      objectType: 'Contact',
      action: 'create',
      wave: 1,
      rewrites: [{ field: 'AccountId', targetSourceId: A1 }],
    },
    { sourceId: C2, objectType: 'Contact', action: 'skip' },
    { sourceId: C3, objectType: 'Contact', action: 'willFail' },
    {
      sourceId: C4,
      objectType: 'Contact',
      action: 'create',
      wave: 1,
      rewrites: [{ field: 'AccountId', targetSourceId: A1 }],
      deferred: [{ field: 'ReportsToId', targetSourceId: C1 }],
    },
  ],
  files: [
    {
      contentDocumentId: F1,
      action: 'create',
      links: [
        { linkedEntityId: C1, rewriteToNewId: true },
        { linkedEntityId: sfId('005', 1), rewriteToNewId: false, ownerLink: true },
      ],
    },
    { contentDocumentId: F2, action: 'skip', links: [{ linkedEntityId: A1, rewriteToNewId: true }] },
    { contentDocumentId: F3, action: 'willFail' },
  ],
  attachments: [
    { sourceId: T1d, action: 'create', parentSourceId: A1, parentRewrite: true },
    { sourceId: T2d, action: 'skip', parentSourceId: A2, parentRewrite: false },
    { sourceId: T3d, action: 'overwrite', parentSourceId: A2, parentRewrite: false, metadataOnly: true },
  ],
  mandatoryLinks: ['Contact.AccountId'],
};

export function start(spec: PlanSpec = SPEC): { state: JobState; stored: StoredPlan } {
  const stored = makeStoredPlan(spec);
  return { state: initialState('job-test', pendingPlanOf(stored), stored, T0), stored };
}

export type RecordWork = Extract<StepWork, { kind: 'records' }>;
export type TaskWork = Exclude<StepWork, { kind: 'records' }>;

export function workOf(works: StepWork[], key: string): StepWork {
  const work = works.find((w) => w.key === key);
  if (!work) throw new Error(`no work ${key} among ${works.map((w) => w.key).join(', ')}`);
  return work;
}

/** The record writer's answer to a batch: each item as `answer` says (default: written). */
export function batchResult(
  work: StepWork,
  answer: (item: RecordWork['message']['items'][number]) => Partial<RecordItemResult> = () => ({}),
  extra: Partial<RecordBatchResult> = {},
): RecordBatchResult {
  const { message } = work as RecordWork;
  return {
    schemaVersion: 1,
    jobId: message.jobId,
    wave: message.wave,
    batchIndex: message.batchIndex,
    objectType: message.objectType,
    operation: message.operation,
    results: message.items.map((item) => ({
      itemId: item.itemId,
      sourceId: item.sourceId,
      success: true,
      ...answer(item),
    })),
    ...extra,
  };
}

export function taskResult(work: StepWork, extra: Partial<FileTaskResult> = {}): FileTaskResult {
  const { message } = work as TaskWork;
  return {
    schemaVersion: 1,
    jobId: message.jobId,
    kind: work.kind === 'file' ? 'file' : 'attachment',
    taskIndex: message.taskIndex,
    itemId: message.itemId,
    success: true,
    linksWritten: 0,
    ...extra,
  };
}

export function deadLetter(msgId: string | undefined, extra: Partial<DeadLetter> = {}): DeadLetter {
  return {
    schemaVersion: 1,
    jobId: 'job-test',
    subject: 'restorelab.records.batch.job-test',
    ...(msgId ? { msgId } : {}),
    deliveries: 5,
    reason: 'FIELD_INTEGRITY_EXCEPTION',
    payload: '{}',
    ...extra,
  };
}

export const newIdOf = (sourceId: string) => `${sourceId.slice(0, 3)}9${sourceId.slice(4)}`;
