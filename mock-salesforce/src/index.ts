// mock-salesforce: a mock Salesforce org that real clients (jsforce, the Salesforce CLI) can talk to.
export {
  SalesforceApiError,
  type SalesforceErrorItem,
  toErrorBody,
} from './errors.ts';
export { createFetchBridge, createMockHandlers, interceptMockOrg, type MockNetwork } from './msw.ts';
export {
  type ClockRequest,
  type CreateOrgRequest,
  loadOrgDefinition,
  MockAdmin,
  type OrgLogin,
} from './org/admin.ts';
export { OrgClock } from './org/clock.ts';
export { type FaultError, FaultInjector, type FaultPlan, type FaultRule } from './org/faults.ts';
export { Org, type OrgOptions, type StoredRecord, type WriteContext } from './org/org.ts';
export {
  DEFAULT_DAILY_API_LIMIT,
  DEFAULT_PASSWORD,
  DEFAULT_USERNAME,
  MockOrg,
  type OrgDefinition,
  OrgRegistry,
} from './org/registry.ts';
export { type LoggedRequest, RequestLog } from './org/request-log.ts';
export {
  DEMO_ORG,
  type FixtureOrg,
  loadSfdxSchema,
  loadTreePlan,
  MINIMAL_ORG,
  type OrgSchema,
  SchemaError,
  type SchemaErrorCode,
  type SeedRecord,
  standardSchema,
  type TreePlanOptions,
} from './schema/index.ts';
export {
  createMockApp,
  type MockAppOptions,
  type MockServer,
  type StartMockServerOptions,
  startMockServer,
} from './server.ts';
