// The states of a restore job, in one place: the planner's job state, the job events it publishes on
// NATS, the HTTP API's job schema, the console and every client read them from here.

/** Every status a job can have: running, then one of the three final ones. */
export const JOB_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/** The statuses a job never leaves: nothing more is written once a job has one. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<string> = new Set<JobStatus>(['succeeded', 'failed', 'cancelled']);

/**
 * Whether a job with this status has stopped for good.
 * @example if (isTerminalJobStatus(job.status)) return job;
 */
export function isTerminalJobStatus(status: string): boolean {
  return TERMINAL_JOB_STATUSES.has(status);
}
