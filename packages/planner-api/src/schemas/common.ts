// Small pieces the API's schemas share: counts, Salesforce ids, the names of object types.
import { z } from 'zod';

/** A count of things: a whole number, never negative. */
export const count = z.number().int().min(0);

/** A 15- or 18-character Salesforce id. */
export const SALESFORCE_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
export const salesforceId = z.string().regex(SALESFORCE_ID, 'a 15- or 18-character Salesforce id');

/** An object type's API name (Account, Project__c). */
export const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

export const ItemKindSchema = z.enum(['record', 'file', 'attachment']);
/** What a backed-up item is: a record, a Lightning file or a Classic attachment. */
export type ItemKind = z.infer<typeof ItemKindSchema>;

export const HealthSchema = z.object({ ok: z.boolean() });
export type Health = z.infer<typeof HealthSchema>;
