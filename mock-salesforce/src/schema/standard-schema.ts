// The schema of a mock org with no metadata loaded: the standard objects, linked.

import type { ObjectDescribe } from '@restorelab/salesforce';
import { linkChildRelationships } from './child-relationships.ts';
import { standardObjects } from './standard-objects.ts';

export interface OrgSchema {
  objects: ObjectDescribe[];
}

/**
 * A fresh standard schema (a new object graph on every call, so an org may extend its copy).
 * @example standardSchema().objects.find((o) => o.name === 'Account')?.keyPrefix // '001'
 */
export function standardSchema(): OrgSchema {
  const objects = standardObjects();
  linkChildRelationships(objects);
  return { objects };
}

/** The object of that name, case-insensitively as the API matches names. */
export function findObject(schema: OrgSchema, name: string): ObjectDescribe | undefined {
  const lower = name.toLowerCase();
  return schema.objects.find((o) => o.name.toLowerCase() === lower);
}
