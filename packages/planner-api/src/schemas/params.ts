// What requests carry besides a body: path parameters and query strings, checked at the door.
// Path parameters carry their OpenAPI `param` metadata so the served document names them.
import { z } from 'zod';
import { OBJECT_NAME } from './common.ts';

const pathId = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .meta({ param: { name, in: 'path' }, example });
const pathSalesforceId = (name: string) =>
  z
    .string()
    .min(15)
    .max(18)
    .meta({ param: { name, in: 'path' } });

export const SnapshotIdParam = z.object({ id: pathId('id', 'snap-1') });
export const JobIdParam = z.object({ id: pathId('id', 'job-abc') });
export const PlanIdParam = z.object({ id: pathId('id', 'plan-abc') });
/** A backed-up record, file or attachment of a snapshot. */
export const ItemParams = SnapshotIdParam.extend({ itemId: pathSalesforceId('itemId') });
/** A record of the connected org, read live. */
export const OrgRecordParams = z.object({
  orgId: pathSalesforceId('orgId'),
  type: z
    .string()
    .regex(OBJECT_NAME, 'an object API name')
    .meta({ param: { name: 'type', in: 'path' }, example: 'Account' }),
  recordId: pathSalesforceId('recordId'),
});
export const FolderPathParam = z.string().meta({ param: { name: 'path', in: 'path' }, example: 'Objects/Account' });

export const SnapshotsQuery = z.object({ org: z.string().min(15).max(18).optional() });

export const PageQuery = z.object({
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type Page = z.infer<typeof PageQuery>;

export const SearchQuery = PageQuery.extend({ q: z.string().min(1).max(500) });

/** How many ids one look-up may ask for (the client splits longer lists). */
export const ITEM_LOOKUP_MAX = 200;
const ID = '[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?';
export const ItemLookupQuery = z.object({
  ids: z
    .string()
    .regex(new RegExp(`^${ID}(?:,${ID}){0,${ITEM_LOOKUP_MAX - 1}}$`), `1 to ${ITEM_LOOKUP_MAX} ids, comma-separated`)
    .meta({ example: '001000000000001AAA,069000000000001AAA' }),
});

/** `?wait=S`: answer once the job has stopped, or after S seconds with the job as it is then. */
export const JobWaitQuery = z.object({
  wait: z.coerce
    .number()
    .min(0)
    .max(60)
    .optional()
    .meta({ description: 'Seconds to wait for the job to stop before answering (long poll, at most 60)' }),
});

/** `?cursor=C`: where a page of a job's ids or failures starts (the `next` of the page before). */
export const JobPageQuery = z.object({
  cursor: z
    .string()
    .regex(/^[0-9]{1,12}$/, 'the `next` of an earlier page')
    .optional()
    .meta({ description: 'The `next` of the page before; absent for the first page' }),
});
