// The contract between the SOQL engine and whatever holds the records (the mock org, or a test double).

import type { ObjectDescribe } from '@restorelab/salesforce';

/** A stored row: its object type and its fields by exact API name (Id and IsDeleted included). */
export interface SoqlRecord {
  readonly type: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface SoqlDataSource {
  /** The describe of an object, looked up case-insensitively. */
  describe(objectName: string): ObjectDescribe | undefined;
  /** Live AND deleted rows of one object; the engine filters IsDeleted unless the query includes deleted. */
  records(objectName: string): Iterable<SoqlRecord>;
  /** Any record by its 18-character id, for parent relationship fields and `Id = '...'` look-ups. */
  get(id18: string): SoqlRecord | undefined;
  /**
   * Optional: ids of the rows (live and deleted) of an object whose reference field `field` (exact API
   * name) holds `id18`, in any order; undefined when the field is not indexed, and the engine scans.
   */
  referencing?(objectName: string, field: string, id18: string): Iterable<string> | undefined;
}

export interface SoqlOptions {
  /** queryAll: deleted rows (IsDeleted = true) are included. */
  includeDeleted: boolean;
  /** The API version of the request path, like '50.0'; used in `attributes.url`. */
  apiVersion: string;
  /** The org's clock, for TODAY / LAST_N_DAYS:n; real time when absent. */
  now?: () => Date;
}

export interface SoqlResult {
  totalSize: number;
  records: Array<Record<string, unknown>>;
}
