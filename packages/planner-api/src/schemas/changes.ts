// What a restore changes, item by item, shown in the summary before anything is written (R04): for
// an overwrite, the fields whose value in the org differs from the snapshot's (old → new); for any
// item, the backed-up values that will not be written and why (R10 standard status values, R11
// picklist values the record type does not allow, R13 an attachment without its content, R08/R09
// links to records that will not exist). Bounded: the first `limit` items in full, every item in
// `total` and `dropped`.
import { z } from 'zod';
import { count } from './common.ts';
import { PLANNED_ACTIONS } from './counts.ts';

export const FieldChangeSchema = z
  .object({
    field: z.string(),
    /** The value in the org now. */
    from: z.unknown(),
    /** The backed-up value the overwrite writes. */
    to: z.unknown(),
  })
  .meta({ id: 'FieldChange' });
export type FieldChange = z.infer<typeof FieldChangeSchema>;

export const DroppedValueSchema = z
  .object({
    field: z.string(),
    /** The backed-up value that will not be written (it stays readable in the backup preview). */
    value: z.unknown(),
    rule: z.string().meta({ example: 'R10' }),
    reason: z.string(),
  })
  .meta({ id: 'DroppedValue' });
export type DroppedValue = z.infer<typeof DroppedValueSchema>;

export const ItemChangeSchema = z
  .object({
    itemId: z.string(),
    objectType: z.string(),
    action: z.enum(PLANNED_ACTIONS),
    /**
     * Overwrite only: the fields that differ between the org and the snapshot. Absent when the org's
     * values were not read (past the summary's limit); empty when nothing differs.
     */
    changed: z.array(FieldChangeSchema).optional(),
    dropped: z.array(DroppedValueSchema),
  })
  .meta({ id: 'ItemChange' });
export type ItemChange = z.infer<typeof ItemChangeSchema>;

export const SummaryChangesSchema = z
  .object({
    /** The first `limit` items that overwrite or drop something, in plan order. */
    items: z.array(ItemChangeSchema),
    /** Every item that overwrites or drops something (the items listed and the rest). */
    total: count,
    /** How many items are listed in full at most (ask with `allChanges` for every one). */
    limit: count,
    /** Values not written, per rule, over every item. */
    dropped: z.record(z.string(), count),
  })
  .meta({ id: 'SummaryChanges' });
export type SummaryChanges = z.infer<typeof SummaryChangesSchema>;
