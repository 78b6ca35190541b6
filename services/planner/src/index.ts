// planner: public face. The job manager, the HTTP API and the planner service. The API's shapes
// are the contract in @restorelab/planner-api; the web console is an app (apps/console) that calls
// the API, composed beside it by apps/stack.

export { createApi, errorBody, OPENAPI_PATH } from './api/app.ts';
export { tokenMatches } from './api/auth.ts';
export { PlannerError, type PlannerErrorCode } from './errors.ts';
export { jobEvents } from './jobs/events.ts';
export { JobManager, type JobManagerOptions } from './jobs/job-manager.ts';
export { type JobStore, openJobStore } from './jobs/job-store.ts';
export { type LiveOrgRead, readLiveOrg } from './jobs/live-org.ts';
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
export type {
  JobResult,
  PlannerSeams,
  PlanSeam,
  PlanSeamContext,
  StateSeam,
  StepWork,
  WorkCopy,
  WorkSeam,
} from './seams.ts';
export { type PlannerOptions, type PlannerService, type PlannerSite, startPlanner } from './service.ts';
