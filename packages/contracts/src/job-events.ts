// @restorelab/contracts/job-events: job statuses and the job event schema alone, without the JetStream
// set-up, so an HTTP client (the planner API's) can read job events without loading NATS.
export { isTerminalJobStatus, JOB_STATUSES, type JobStatus, TERMINAL_JOB_STATUSES } from './job-status.ts';
export { FAILURES_NAMED, type JobEvent, JobEventSchema, parseMessage, SCHEMA_VERSION } from './messages.ts';
