// The org schema: standard objects, SFDX metadata loading, tree-format seed data and the
// built-in demo org. The org model builds its describe answers and integrity rules from this.
export { SchemaError, type SchemaErrorCode } from './errors.ts';
export { OPPORTUNITY_STAGES } from './standard-objects.ts';
export { findObject, type OrgSchema, standardSchema } from './standard-schema.ts';
