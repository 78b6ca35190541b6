// @restorelab/salesforce/client: talking to an org through jsforce. Connect, retry transient
// failures with one shared policy, typed call errors, reads of the live org state, Composite Batch
// queries and a per-work call counter. Kept apart from the model (`@restorelab/salesforce`) so the
// mock, which needs only the model, never loads a client.

export { BATCH_SUBREQUESTS, type BatchedQuery, type QueryPage, queryBatch } from './composite-batch.ts';
export { type AlongsideRequest, COMPOSITE_QUERIES, type CompositeGet, compositeGets } from './composite-query.ts';
export { connectSalesforce, SALESFORCE_API_VERSION } from './connect.ts';
export { isApiLimitError, SalesforceCallError, type SalesforceCallErrorCode } from './errors.ts';
export { inParallel } from './in-parallel.ts';
export {
  type LiveFileLink,
  type LiveFileState,
  type LiveRecordState,
  ORG_STATE_CHUNK_SIZE,
  type OrgStateOptions,
  readFileState,
  readOrgState,
} from './org-state.ts';
export { PARENT_IDS_PER_QUERY, type ParentLink, ROWS_PER_PAGE } from './parent-walk.ts';
export {
  API_LIMIT_CODE,
  backoffDelay,
  type CallCounter,
  callWithRetry,
  classifyFailure,
  countedRequest,
  DEFAULT_RETRY_POLICY,
  errorCodeOf,
  type FailureKind,
  isConcurrencyLimit,
  NO_JSFORCE_RETRY,
  newCallCounter,
  type RetryPolicy,
  TRANSIENT_NETWORK_CODES,
  TRANSIENT_SALESFORCE_CODES,
} from './retry.ts';
