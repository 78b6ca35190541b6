// The org's answers a backup reads, as Salesforce's REST API documents them, checked where they
// arrive. jsforce hands answers over untyped; an answer of another shape stops the backup with
// SalesforceCallError UNEXPECTED_RESPONSE naming the call and the place, instead of turning into
// "undefined" in a snapshot. Only what the backup reads is described; other keys are dropped.
// Values Salesforce may leave out or send as null are nullish, and the readers keep the defaults
// they always had.

import { SalesforceCallError } from '@restorelab/salesforce/client';
import { z } from 'zod';

/** One record of a query answer: field name → value (`attributes` included). */
export type SfRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is SfRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Records are only checked to be objects: their fields are whatever the query selected. */
const SfRecordSchema = z.custom<SfRecord>(isRecord, 'a record must be an object');

/** One page of a query (`/query`, a nextRecordsUrl, or a Composite subrequest). */
export const QueryPageSchema = z.object({
  // jsforce's own query treats a page without `done` as the last one; so does the backup.
  done: z.boolean().default(true),
  totalSize: z.number().optional(),
  records: z.array(SfRecordSchema),
  nextRecordsUrl: z.string().optional(),
});
export type QueryPage = z.output<typeof QueryPageSchema>;

/** A `SELECT COUNT() …` answer: no records, the count in totalSize. */
export const CountSchema = z.object({ totalSize: z.number() });

/** `GET /sobjects`: the org's objects. */
export const GlobalDescribeSchema = z.object({
  sobjects: z.array(z.object({ name: z.string(), queryable: z.boolean(), keyPrefix: z.string().nullish() })).optional(),
});

const flag = z.boolean().nullish();
const text = z.string().nullish();

const PicklistEntrySchema = z.object({ value: z.string(), label: text, active: flag, defaultValue: flag });

const FieldAnswerSchema = z.object({
  name: z.string(),
  label: text,
  type: z.string(),
  length: z.number().nullish(),
  nillable: flag,
  createable: flag,
  updateable: flag,
  defaultedOnCreate: flag,
  calculated: flag,
  externalId: flag,
  unique: flag,
  referenceTo: z.array(z.string()).nullish(),
  relationshipName: text,
  cascadeDelete: flag,
  restrictedDelete: flag,
  updateableMasterDetail: flag,
  /** Real describes mark master-detail fields with relationshipOrder; the mock says masterDetail. */
  masterDetail: flag,
  relationshipOrder: z.number().nullish(),
  picklistValues: z.array(PicklistEntrySchema).nullish(),
  restrictedPicklist: flag,
  /** A string, number or boolean; anything else (an object, say) is not kept. */
  defaultValue: z.unknown(),
});
export type FieldAnswer = z.output<typeof FieldAnswerSchema>;

/** `GET /sobjects/{name}/describe`. */
export const ObjectDescribeSchema = z.object({
  name: z.string(),
  label: text,
  keyPrefix: text,
  custom: flag,
  createable: flag,
  updateable: flag,
  deletable: flag,
  queryable: flag,
  undeletable: flag,
  fields: z.array(FieldAnswerSchema).nullish(),
  recordTypeInfos: z
    .array(
      z.object({
        recordTypeId: z.string(),
        developerName: text,
        name: text,
        active: flag,
        available: flag,
        master: flag,
        defaultRecordTypeMapping: flag,
        /** The mock carries the values each record type allows; the real describe does not. */
        picklistValues: z.record(z.string(), z.array(z.string())).nullish(),
      }),
    )
    .nullish(),
  childRelationships: z
    .array(
      z.object({
        childSObject: z.string(),
        field: z.string(),
        relationshipName: text,
        cascadeDelete: flag,
        restrictedDelete: flag,
      }),
    )
    .nullish(),
});
export type ObjectDescribeAnswer = z.output<typeof ObjectDescribeSchema>;

/** `GET /sobjects/{name}/describe/layouts`: the picklist values each record type allows. */
export const LayoutsSchema = z.object({
  recordTypeMappings: z
    .array(
      z.object({
        recordTypeId: z.string(),
        picklistsForRecordType: z
          .array(z.object({ picklistName: z.string(), picklistValues: z.array(z.object({ value: z.string() })) }))
          .nullish(),
      }),
    )
    .nullish(),
});

/** `body` read as `schema` says, or UNEXPECTED_RESPONSE naming `what` and where the shape differs. */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new SalesforceCallError(
    'UNEXPECTED_RESPONSE',
    `the org's answer to ${what} is not what Salesforce sends${at}: ${issue?.message ?? 'unreadable'}`,
  );
}
