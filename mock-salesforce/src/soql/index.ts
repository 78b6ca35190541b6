// The mock's SOQL engine: parses a query, checks it against the org's describes, and answers the rows a
// real org's REST query endpoint would. The org model supplies the data through SoqlDataSource.

export { type QueryColumn, type QueryColumns, queryColumns } from './columns.ts';
export type { SoqlErrorCode } from './errors.ts';
export { SoqlError } from './errors.ts';
export { executeSoql } from './execute.ts';
export type { SoqlDataSource, SoqlOptions, SoqlRecord, SoqlResult } from './source.ts';
