// Orgs, snapshots and backups: what GET /v1/orgs, GET/POST /v1/snapshots and GET /v1/snapshots/{id}
// answer, and the body a backup takes.
import { z } from 'zod';
import { count } from './common.ts';

export const SnapshotInfoSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    /** When the backup started (ISO 8601). Values are as of this time. */
    takenAt: z.string(),
    /** The org's own time when the backup read the object list (absent in older snapshots). */
    describedAt: z.string().optional(),
    complete: z.boolean(),
    /**
     * Only chosen objects were backed up (or files or attachments left out): never the default
     * snapshot for an item it does not hold.
     */
    partial: z.boolean(),
    counts: z.object({ records: count, files: count, attachments: count }),
  })
  .meta({ id: 'Snapshot' });
export type SnapshotInfo = z.infer<typeof SnapshotInfoSchema>;

export const OrgSchema = z
  .object({
    orgId: z.string(),
    snapshots: count,
    /** The org the planner is connected to: restores always write there. */
    connected: z.boolean(),
    latest: SnapshotInfoSchema.optional(),
  })
  .meta({ id: 'Org' });
export type Org = z.infer<typeof OrgSchema>;

export const OrgListSchema = z.object({ orgs: z.array(OrgSchema) });

/** A record as the connected org holds it now (GET /v1/orgs/{orgId}/records/{type}/{recordId}). */
export const OrgRecordSchema = z
  .object({ orgId: z.string(), type: z.string(), id: z.string(), fields: z.record(z.string(), z.unknown()) })
  .meta({ id: 'OrgRecord' });
export type OrgRecord = z.infer<typeof OrgRecordSchema>;

export const SnapshotListSchema = z.object({ snapshots: z.array(SnapshotInfoSchema) });

export const BackupRequestSchema = z
  .strictObject({
    objects: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({ description: 'Back up only these objects (API names); an unknown one is a 400 naming it' }),
    files: z.boolean().optional(),
    attachments: z.boolean().optional(),
  })
  .meta({ id: 'BackupRequest' });
export type BackupRequest = z.infer<typeof BackupRequestSchema>;

export const BackupReportSchema = z
  .object({
    snapshot: SnapshotInfoSchema,
    orgId: z.string(),
    /** Records read per object. */
    objects: z.record(z.string(), count),
    skippedObjects: z.array(z.object({ name: z.string(), reason: z.string() })),
    newRecordVersions: count,
    files: count,
    newFileVersions: count,
    attachments: count,
    newAttachmentVersions: count,
    blobsAdded: count,
    blobBytesAdded: count,
    recordsCarriedOver: count,
    blobsReused: count,
    /** REST requests this backup sent. */
    apiCalls: count,
    apiUsage: z.object({ used: count, limit: count }).optional(),
    warnings: z.array(z.string()),
    durationMs: z.number().min(0),
  })
  .meta({ id: 'BackupReport' });
export type BackupReport = z.infer<typeof BackupReportSchema>;
