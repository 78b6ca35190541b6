// The org schema: standard objects, SFDX metadata loading, tree-format seed data and the
// built-in fixture orgs. The org model builds its describe answers and integrity rules from this.
export { SchemaError, type SchemaErrorCode } from './errors.ts';
export { DEMO_ORG, type FixtureOrg, MINIMAL_ORG } from './fixtures.ts';
export { MOCK_SETTINGS_FILE } from './mock-settings.ts';
export { customKeyPrefix, loadSfdxSchema } from './sfdx-loader.ts';
export { OPPORTUNITY_STAGES } from './standard-objects.ts';
export { findObject, type OrgSchema, standardSchema } from './standard-schema.ts';
export { loadTreePlan, type SeedRecord, type TreePlanOptions } from './tree-plan.ts';
