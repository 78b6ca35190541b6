// The state of a job, without NATS: how a job starts, how it resumes, and what its progress is.
// No I/O and no clock in here (times are passed in); the job manager saves and announces.
import type { JobEvent } from '@restorelab/contracts';
import {
  emptyCounts,
  type JobCounts,
  type JobFailure,
  type JobState,
  type JobStatus,
  type OutcomeCounts,
  type PendingPlan,
  type StoredPlan,
} from './types.ts';
import { stepCount } from './work.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event of the job as the state machine tells it; the job manager adds its version, job and time. */
export type JobEventBody = DistributiveOmit<JobEvent, 'schemaVersion' | 'jobId' | 'at'>;

export type FinalStatus = Exclude<JobStatus, 'running'>;

const FINAL: ReadonlySet<JobStatus> = new Set<JobStatus>(['succeeded', 'failed', 'cancelled']);

export function isFinished(state: Pick<JobState, 'status'>): boolean {
  return FINAL.has(state.status);
}

/** The job as it starts: skips and will-fail items of the plan are counted at once. */
export function initialState(jobId: string, pending: PendingPlan, stored: StoredPlan, now: string): JobState {
  const { plan } = stored;
  const counts: JobCounts = {
    selected: plan.summary.selected,
    records: { total: emptyCounts(), byObject: {} },
    files: emptyCounts(),
    attachments: emptyCounts(),
    metafiles: 0,
    restored: 0,
  };
  const failures: JobFailure[] = [];
  for (const record of plan.records) {
    const byObject = objectCounts(counts, record.objectType);
    if (record.action === 'skip') {
      byObject.skipped++;
      counts.records.total.skipped++;
    } else if (record.action === 'willFail') {
      byObject.failed++;
      counts.records.total.failed++;
      failures.push({
        itemId: record.itemId,
        objectType: record.objectType,
        code: record.failure?.code ?? 'WILL_FAIL',
        message: record.failure?.message ?? 'planned to fail',
        fields: record.failure?.fields ?? [],
        phase: 'plan',
        ...(record.failure?.rule ? { rule: record.failure.rule } : {}),
      });
    }
  }
  for (const file of plan.files) {
    if (file.action === 'skip') counts.files.skipped++;
    else if (file.action === 'willFail') {
      counts.files.failed++;
      failures.push({
        itemId: file.itemId,
        objectType: 'ContentDocument',
        code: file.failure?.code ?? 'WILL_FAIL',
        message: file.failure?.message ?? 'planned to fail',
        phase: 'plan',
      });
    }
  }
  for (const attachment of plan.attachments) {
    if (attachment.action === 'skip') counts.attachments.skipped++;
    else if (attachment.action === 'willFail') {
      counts.attachments.failed++;
      failures.push({
        itemId: attachment.itemId,
        objectType: 'Attachment',
        code: attachment.failure?.code ?? 'WILL_FAIL',
        message: attachment.failure?.message ?? 'planned to fail',
        phase: 'plan',
      });
    }
  }
  return {
    jobId,
    planId: pending.planId,
    orgId: pending.orgId,
    request: pending.request,
    status: 'running',
    createdAt: now,
    updatedAt: now,
    step: 0,
    steps: stepCount(stored),
    pending: [],
    cancelRequested: false,
    counts,
    failures,
    idMap: {},
    retries: 0,
  };
}

/**
 * A failed job run again (JobManager.resume): every step from the first, write failures forgotten
 * and counts started afresh, under the next attempt number. Kept: the id map (the ids written so far
 * are true in the org, and later steps point at them, R06), the retry counts and the creation time.
 */
export function resumedState(previous: JobState, pending: PendingPlan, stored: StoredPlan, now: string): JobState {
  const fresh = initialState(previous.jobId, pending, stored, now);
  return {
    ...fresh,
    createdAt: previous.createdAt,
    updatedAt: now,
    idMap: previous.idMap,
    retries: previous.retries,
    writerRetries: previous.writerRetries ?? 0,
    attempt: (previous.attempt ?? 1) + 1,
    resumedAt: [...(previous.resumedAt ?? []), now],
  };
}

/** A running job whose stored plan is gone cannot go on (a planner finds it so when it starts). */
export function planLost(state: JobState): JobState {
  state.status = 'failed';
  state.reason = 'the stored plan is gone: the job cannot resume';
  return state;
}

/** The job's progress event: items written, skipped and failed so far, of the plan's items to write. */
export function progressEvent(state: JobState, stored: StoredPlan): JobEventBody {
  const c = state.counts;
  const written =
    c.records.total.created +
    c.records.total.updated +
    c.files.created +
    c.files.updated +
    c.attachments.created +
    c.attachments.updated;
  return {
    type: 'progress',
    wave: state.step,
    written,
    skipped: c.records.total.skipped + c.files.skipped + c.attachments.skipped,
    failed: c.records.total.failed + c.files.failed + c.attachments.failed,
    metafiles: c.metafiles,
    total: stored.plan.summary.itemsToWrite,
  };
}

/** The counts of one object type's records, made on first use. */
export function objectCounts(counts: JobCounts, objectType: string): OutcomeCounts {
  counts.records.byObject[objectType] ??= emptyCounts();
  return counts.records.byObject[objectType];
}
