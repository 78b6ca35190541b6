// planner: public face. The pure restore plan, the job manager, the HTTP API, the planner service
// and the in-process stack launcher the CLI and the conformance suite use.

export { createApi, errorBody, OPENAPI_PATH } from './api/app.ts';
export { tokenMatches } from './api/auth.ts';
export { CONSOLE_BASE, consoleLoginLink, createConsole } from './console/index.ts';
export { PlannerError, type PlannerErrorCode } from './errors.ts';
export { jobEvents } from './jobs/events.ts';
export { JobManager, type JobManagerOptions } from './jobs/job-manager.ts';
export { type JobStore, openJobStore } from './jobs/job-store.ts';
export { prepareRestore, type RestoreRequestInput } from './jobs/prepare.ts';
export type {
  JobCounts,
  JobFailure,
  JobState,
  JobStatus,
  OutcomeCounts,
  PendingPlan,
  StoredPlan,
} from './jobs/types.ts';
export { type PlannerOptions, type PlannerService, startPlanner } from './service.ts';
