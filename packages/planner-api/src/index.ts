// @restorelab/planner-api: the planner's HTTP API (/v1) as a contract. The zod schemas that validate
// requests and describe answers (the planner serves its OpenAPI document from them), the types
// inferred from them, the job statuses, a typed client with one error class, the job event reader
// and the headers every download is served with.
export {
  isTerminalJobStatus,
  JOB_STATUSES,
  type JobEvent,
  JobEventSchema,
  TERMINAL_JOB_STATUSES,
} from '@restorelab/contracts/job-events';
export { type FetchRequest, type ItemDownload, PlannerApiClient, type PlannerApiClientOptions } from './client.ts';
export { type DownloadDescription, downloadHeaders, fileNameOfDisposition, SAFE_DOWNLOAD_HEADERS } from './download.ts';
export {
  type ClientErrorCode,
  type ErrorBody,
  ErrorBodySchema,
  PlannerApiError,
  type PlannerApiErrorInit,
} from './errors.ts';
export {
  type BackedUpAttachment,
  BackedUpAttachmentSchema,
  type BackedUpFile,
  BackedUpFileLinkSchema,
  BackedUpFileSchema,
  type BackedUpRecord,
  BackedUpRecordSchema,
  type BrowseEntry,
  BrowseEntrySchema,
  type FieldPreview,
  FieldPreviewSchema,
  type ItemLookup,
  ItemLookupSchema,
  type Listing,
  ListingSchema,
  type RecordPreview,
  RecordPreviewSchema,
  type SearchHit,
  SearchHitSchema,
  type SearchResult,
  SearchResultSchema,
} from './schemas/browse.ts';
export {
  type DroppedValue,
  DroppedValueSchema,
  type FieldChange,
  FieldChangeSchema,
  type ItemChange,
  ItemChangeSchema,
  type SummaryChanges,
  SummaryChangesSchema,
} from './schemas/changes.ts';
export {
  count,
  type Health,
  HealthSchema,
  type ItemKind,
  ItemKindSchema,
  OBJECT_NAME,
  SALESFORCE_ID,
  salesforceId,
} from './schemas/common.ts';
export {
  addOutcome,
  addPlanned,
  type CountedKind,
  emptyOutcomeCounts,
  emptyPlannedCounts,
  ITEM_KINDS,
  OUTCOMES,
  type Outcome,
  type OutcomeCounts,
  OutcomeCountsSchema,
  PLANNED_ACTIONS,
  type PlannedAction,
  type PlannedCounts,
  PlannedCountsSchema,
  sumOutcomes,
  sumPlanned,
  toWrite,
  WRITE_ACTIONS,
  WRITE_OUTCOMES,
  written,
} from './schemas/counts.ts';
export {
  type JobCounts,
  JobCountsSchema,
  type JobFailure,
  JobFailureSchema,
  JobListSchema,
  type JobState,
  JobStateSchema,
  type JobStatus,
  JobStatusSchema,
} from './schemas/jobs.ts';
export {
  FolderPathParam,
  ITEM_LOOKUP_MAX,
  ItemLookupQuery,
  ItemParams,
  JobIdParam,
  JobWaitQuery,
  OrgRecordParams,
  type Page,
  PageQuery,
  PlanIdParam,
  SearchQuery,
  SnapshotIdParam,
  SnapshotsQuery,
} from './schemas/params.ts';
export {
  type PendingPlan,
  PendingPlanSchema,
  type PlanRequest,
  PlanRequestSchema,
  type RestoreMethod,
  RestoreMethodSchema,
  type RestoreRequest,
  RestoreRequestSchema,
  type RestoreSummary,
  RestoreSummarySchema,
} from './schemas/restores.ts';
export {
  type CreatedShare,
  CreatedShareSchema,
  SHARE_DEFAULT_SECONDS,
  SHARE_MAX_SECONDS,
  type Share,
  ShareIdParam,
  type ShareRequest,
  ShareRequestSchema,
  ShareSchema,
} from './schemas/shares.ts';
export {
  type BackupReport,
  BackupReportSchema,
  type BackupRequest,
  BackupRequestSchema,
  type Org,
  OrgListSchema,
  type OrgRecord,
  OrgRecordSchema,
  OrgSchema,
  type SnapshotInfo,
  SnapshotInfoSchema,
  SnapshotListSchema,
} from './schemas/snapshots.ts';
export { readSse, type SseMessage } from './sse.ts';
