// restorelab's restore pipeline run in-process, without NATS: backup into a snapshot store, plan with
// the pure planner, write with the writers' own functions. It is the engine the suite uses until
// the planner service's `startStack` is there, and the base of the deliberately broken engines
// (suite power): `faults` bend one step of the pipeline so exactly one rule breaks.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreAttachment, restoreFiles } from '@restorelab/file-writer';
import {
  PlanError,
  type PlannedRecord,
  planRestore,
  type RestorePlan,
  type RestoreRequest,
  type SnapshotSlice,
  scopeRestore,
  snapshotSlice,
} from '@restorelab/restore-plan';
import { STANDARD_STATUS_FIELDS, toId18 } from '@restorelab/salesforce';
import { readFileState, readOrgState } from '@restorelab/salesforce/client';
import { backupOrg, DOWNLOAD_ONLY_TYPES, openSnapshotStore, type SnapshotStore } from '@restorelab/snapshots';
import { writeRecordBatch } from '@restorelab/worker';
import type { Connection } from 'jsforce';
import type { EngineJob, EngineSummary, JobFailure, RestoreEngine, SummaryRequest } from '../engine.ts';
import { EngineError } from '../engine.ts';
import type { EngineFaults } from './faults.ts';

export interface LocalEngineOptions {
  conn: Connection;
  /** Objects to back up (the fixture's); default every object the backup accepts. */
  objects?: readonly string[];
  /** Snapshot store folder; default a temporary folder removed on close. */
  storeDir?: string;
  faults?: EngineFaults;
  name?: string;
}

interface PendingSummary {
  plan: RestorePlan;
  request: RestoreRequest;
  confirmed: boolean;
}

/**
 * `const engine = localEngine({ conn }); const snap = await engine.backup();`
 */
export function localEngine(options: LocalEngineOptions): RestoreEngine {
  const { conn } = options;
  const faults = options.faults ?? {};
  const ownDir = options.storeDir ? undefined : mkdtempSync(join(tmpdir(), 'restorelab-conformance-'));
  const store: SnapshotStore = openSnapshotStore(options.storeDir ?? (ownDir as string));
  const summaries = new Map<string, PendingSummary>();
  const jobs = new Map<string, EngineJob>();
  let orgId: string | undefined;
  /** Broken engine R16: the first version of every file, captured at backup time. */
  const firstVersions = new Map<string, Uint8Array>();

  function sliceOf(snapshotId: string, rootId: string, method: 'record' | 'related'): SnapshotSlice {
    const root = store.record(snapshotId, rootId);
    if (!root) throw new EngineError('NOT_FOUND', `record ${rootId} is not in snapshot ${snapshotId}`, { status: 404 });
    return snapshotSlice(store, snapshotId, root, method);
  }

  async function plan(request: RestoreRequest): Promise<RestorePlan> {
    const slice = sliceOf(request.snapshotId, request.rootId, request.method);
    const downloadOnly = faults.restoresDownloadOnly ? new Set<string>() : new Set<string>(DOWNLOAD_ONLY_TYPES);
    let query = scopeRestore(request, slice, downloadOnly);
    // R08: parents an earlier job re-created live under new ids; children follow them there.
    const restored = orgId ? store.restoredIdsOf(orgId, query.referenceIds) : new Map<string, string>();
    if (restored.size > 0) {
      slice.records = slice.records.map((record) => {
        const fields = { ...record.fields };
        for (const [name, value] of Object.entries(fields)) {
          if (name !== 'Id' && typeof value === 'string' && restored.has(toId18(value) ?? value))
            fields[name] = restored.get(toId18(value) ?? value);
        }
        return { ...record, fields };
      });
      query = scopeRestore(request, slice, downloadOnly);
    }
    // Only references into objects the snapshot backed up can be deleted ones that matter; users,
    // groups and record types have no recycle bin (and User has no IsDeleted to query).
    const prefixes = new Set(slice.schema.objects.filter((o) => o.name !== 'User').map((o) => o.keyPrefix));
    const referenceIds = query.referenceIds.filter((id) => prefixes.has(id.slice(0, 3)));
    const states = await readOrgState(conn, [...query.recordIds, ...referenceIds, ...query.attachmentIds]);
    const records = new Map();
    for (const id of query.recordIds) {
      const s = states.get(id);
      records.set(
        id,
        !s || s.state === 'absent'
          ? { state: 'absent' }
          : s.state === 'deleted'
            ? { state: 'deleted' }
            : { state: 'exists', lastModifiedDate: s.lastModifiedDate, recordTypeId: s.recordTypeId },
      );
    }
    const references = new Map();
    for (const id of referenceIds) {
      const s = states.get(id);
      if (s?.state === 'deleted' || (s?.state === 'absent' && s.sobjectType !== null)) references.set(id, 'deleted');
    }
    const attachments = new Map();
    for (const id of query.attachmentIds) {
      const s = states.get(id);
      attachments.set(
        id,
        s?.state === 'exists' ? { state: 'exists', lastModifiedDate: s.lastModifiedDate } : { state: 'absent' },
      );
    }
    const files = new Map();
    if (query.contentDocumentIds.length > 0) {
      const live = await readFileState(conn, query.contentDocumentIds);
      for (const id of query.contentDocumentIds) {
        const s = live.get(id);
        const backedUp = slice.files.find((f) => f.contentDocumentId === id);
        if (s?.state !== 'exists' || !backedUp || !s.lastModifiedDate) {
          files.set(id, { state: 'absent' });
          continue;
        }
        // The org reports MD5, the snapshot sha256: equal content takes the snapshot's hash (R19).
        const md5 = createHash('md5')
          .update(await store.readBlob(backedUp.contentHash))
          .digest('hex');
        const same = s.latestChecksum?.toLowerCase() === md5;
        files.set(id, {
          state: 'exists',
          lastModifiedDate: s.lastModifiedDate,
          latestVersionId: s.latestVersionId ?? '',
          contentHash: same ? backedUp.contentHash : `md5:${s.latestChecksum}`,
        });
      }
    }
    const masterPicklistValues: Record<string, Record<string, string[]>> = {};
    for (const type of query.objectTypes) {
      const described = slice.schema.objects.find((o) => o.name === type);
      if (!described || described.recordTypeInfos.length === 0) continue;
      // Asked as a plain request: the record types' picklistValues are not in jsforce's describe type.
      const live = await conn.request<{
        recordTypeInfos?: Array<{ master?: boolean; picklistValues?: Record<string, string[]> }>;
      }>(`/sobjects/${type}/describe`);
      const master = live.recordTypeInfos?.find((rt) => rt.master);
      if (master?.picklistValues && !faults.keepsRecordTypeValues) masterPicklistValues[type] = master.picklistValues;
    }
    const adminUserId = conn.userInfo?.id ?? (await conn.identity()).user_id;
    return planRestore({
      request,
      slice,
      org: { records, references, files, attachments, masterPicklistValues },
      downloadOnlyTypes: downloadOnly,
      adminUserId,
    });
  }

  async function execute(pending: PendingSummary, jobId: string): Promise<EngineJob> {
    const { plan: p } = pending;
    const job: EngineJob = {
      jobId,
      status: 'running',
      items: { restored: 0, metafiles: 0, skipped: 0, failed: 0 },
      idMap: {},
      failures: [],
    };
    const byId = new Map(p.records.map((r) => [r.sourceId, r]));
    const failedIds = new Set<string>();
    const fail = (f: JobFailure) => {
      job.failures.push(f);
      job.items.failed++;
      if (f.sourceId) failedIds.add(f.sourceId);
    };
    for (const r of p.records) {
      if (r.action === 'skip') job.items.skipped++;
      if (r.action === 'willFail' && !faults.writesMandatoryFailures) {
        fail({
          itemId: r.itemId,
          sourceId: r.sourceId,
          objectType: r.objectType,
          code: r.failure?.code ?? 'WILL_FAIL',
          message: r.failure?.message ?? 'planned to fail',
        });
      }
    }
    const liveId = (sourceId: string) => job.idMap[sourceId] ?? (faults.reusesOldIds ? sourceId : undefined);
    const fieldsOf = (r: PlannedRecord): Record<string, unknown> => {
      const fields: Record<string, unknown> = { ...r.fields };
      for (const rewrite of r.idRewrites) {
        const target = faults.reusesOldIds ? rewrite.targetSourceId : liveId(rewrite.targetSourceId);
        if (target) fields[rewrite.field] = target;
      }
      for (const omitted of r.omitted) {
        if (faults.writesStandardStatus && omitted.rule === 'R10') fields[omitted.field] = omitted.value;
        if (faults.keepsRecordTypeValues && omitted.rule === 'R11') fields[omitted.field] = omitted.value;
      }
      return fields;
    };
    const waves = faults.writesMandatoryFailures ? withFailuresWritten(p) : p.waves;
    for (const wave of waves) {
      for (const batch of wave.batches) {
        const items = batch.sourceIds
          .map((id) => byId.get(id) as PlannedRecord)
          .filter((r) => !r.idRewrites.some((w) => failedIds.has(w.targetSourceId)) || faults.writesMandatoryFailures)
          .map((r) => ({
            itemId: r.itemId,
            sourceId: r.sourceId,
            ...(batch.operation === 'update' ? { targetId: r.targetId ?? r.sourceId } : {}),
            fields: fieldsOf(r),
          }));
        if (items.length === 0) continue;
        const report = await writeRecordBatch(conn, {
          objectType: batch.objectType,
          operation: batch.operation,
          items,
        });
        for (const result of report.results) {
          if (result.success) {
            job.items.restored++;
            if (batch.operation === 'create' && result.newId) {
              job.idMap[result.sourceId] = result.newId;
              if (orgId) store.recordRestoredIds(orgId, { [result.sourceId]: result.newId });
            }
          } else {
            fail({
              itemId: result.itemId,
              sourceId: result.sourceId,
              objectType: batch.objectType,
              code: result.error?.code ?? 'UNKNOWN_ERROR',
              message: result.error?.message ?? '',
            });
          }
        }
      }
    }
    if (faults.overwritesEqual) {
      const equal = p.records.filter((r) => r.action === 'skip');
      for (const objectType of new Set(equal.map((r) => r.objectType))) {
        const items = equal
          .filter((r) => r.objectType === objectType)
          .map((r) => ({ itemId: r.itemId, sourceId: r.sourceId, targetId: r.sourceId, fields: fieldsOf(r) }));
        await writeRecordBatch(conn, { objectType, operation: 'update', items });
      }
    }
    // Optional links written empty, filled now that both ends exist (R09).
    const patchesByType = new Map<
      string,
      Array<{ itemId: string; sourceId: string; targetId: string; fields: Record<string, unknown> }>
    >();
    for (const patch of faults.skipsLinkPatches ? [] : p.patches) {
      const self =
        liveId(patch.sourceId) ?? (byId.get(patch.sourceId)?.action === 'overwrite' ? patch.sourceId : undefined);
      if (!self) continue;
      const fields: Record<string, unknown> = {};
      for (const link of patch.links) {
        const target =
          liveId(link.targetSourceId) ??
          (byId.get(link.targetSourceId)?.action === 'overwrite' ? link.targetSourceId : undefined);
        if (target) fields[link.field] = target;
      }
      if (Object.keys(fields).length === 0) continue;
      const list = patchesByType.get(patch.objectType) ?? [];
      list.push({ itemId: `patch:${patch.sourceId}`, sourceId: patch.sourceId, targetId: self, fields });
      patchesByType.set(patch.objectType, list);
    }
    for (const [objectType, items] of patchesByType) {
      await writeRecordBatch(conn, { objectType, operation: 'update', items });
    }

    const targetIds: Record<string, string> = { ...job.idMap };
    const fileInputs = [];
    for (const file of p.files) {
      if (file.action === 'skip') job.items.skipped++;
      if (file.action === 'willFail' || faults.skipsFiles) continue;
      if (file.action === 'skip' && !faults.alwaysNewFileVersion) {
        // An unchanged file is not written, but it is linked to its records that came back with new ids (R14).
        const items = file.links
          .filter((l) => l.rewriteToNewId && !l.ownerLink && targetIds[l.linkedEntityId])
          .map((l) => ({
            itemId: `link-${file.contentDocumentId}-${l.linkedEntityId}`,
            sourceId: l.linkedEntityId,
            fields: {
              ContentDocumentId: file.contentDocumentId,
              LinkedEntityId: targetIds[l.linkedEntityId],
              ShareType: l.shareType,
              Visibility: l.visibility,
            },
          }));
        if (items.length === 0) continue;
        const report = await writeRecordBatch(conn, { objectType: 'ContentDocumentLink', operation: 'create', items });
        for (const result of report.results) {
          if (result.success) job.items.metafiles++;
          else
            fail({
              itemId: result.itemId,
              code: result.error?.code ?? 'UNKNOWN_ERROR',
              message: result.error?.message ?? '',
            });
        }
        continue;
      }
      const firstVersion = faults.restoresOldFileVersions ? firstVersions.get(file.contentDocumentId) : undefined;
      const links = file.links
        .filter((l) => !l.ownerLink && (file.action !== 'skip' || l.rewriteToNewId))
        .filter(() => !faults.dropsFileSharing)
        .map((l) => ({ linkedEntityId: l.linkedEntityId, shareType: l.shareType, visibility: l.visibility }));
      const action = faults.alwaysNewFileVersion ? (file.action === 'create' ? 'create' : 'newVersion') : file.action;
      fileInputs.push({
        task: {
          itemId: file.itemId,
          action,
          ...(file.targetContentDocumentId || action === 'newVersion'
            ? { targetContentDocumentId: file.targetContentDocumentId ?? file.contentDocumentId }
            : {}),
          ownerId: faults.filesOwnedByAdmin ? (conn.userInfo?.id ?? file.ownerId) : file.ownerId,
          title: file.title,
          pathOnClient: file.pathOnClient,
          links,
          targetIds,
        },
        content: firstVersion ?? (await store.readBlob(file.contentHash)),
      });
    }
    if (faults.keepsFileModTime) {
      // Broken engine R18: created files are inserted with their backed-up ContentModifiedDate.
      for (const input of fileInputs.filter((i) => i.task.action === 'create')) {
        const backedUp = store.file(pending.request.snapshotId, input.task.itemId.replace(/^file:/, ''));
        const on = input.task.links[0];
        await conn.sobject('ContentVersion').create({
          Title: input.task.title,
          PathOnClient: input.task.pathOnClient,
          VersionData: Buffer.from(input.content).toString('base64'),
          OwnerId: input.task.ownerId,
          ...(backedUp?.contentModifiedDate ? { ContentModifiedDate: backedUp.contentModifiedDate } : {}),
          ...(on ? { FirstPublishLocationId: targetIds[on.linkedEntityId] ?? on.linkedEntityId } : {}),
        });
        job.items.restored++;
      }
      fileInputs.splice(0, fileInputs.length, ...fileInputs.filter((i) => i.task.action !== 'create'));
    }
    if (fileInputs.length > 0) {
      const report = await restoreFiles(conn, fileInputs);
      for (const result of report.results) {
        if (result.success) {
          if (result.action !== 'skip') job.items.restored++;
          // The owner's link comes with a created document: a metafile too (R05).
          job.items.metafiles += result.linksWritten + (result.action === 'create' ? 1 : 0);
        } else {
          fail({
            itemId: result.itemId,
            code: result.error?.code ?? 'UNKNOWN_ERROR',
            message: result.error?.message ?? '',
          });
        }
      }
    }
    for (const attachment of p.attachments) {
      if (attachment.action === 'skip') {
        job.items.skipped++;
        continue;
      }
      if (attachment.action === 'willFail' || faults.skipsFiles) continue;
      const parentId = attachment.parentRewrite ? liveId(attachment.parentSourceId) : toId18(attachment.parentSourceId);
      if (!parentId) continue;
      const bodyHash = faults.attachmentContentFromMetadata
        ? (attachment.bodyHash ?? store.attachment(pending.request.snapshotId, attachment.sourceId)?.bodyHash)
        : attachment.metadataOnly
          ? null
          : attachment.bodyHash;
      const body = bodyHash ? await store.readBlob(bodyHash) : undefined;
      const result = await restoreAttachment(
        conn,
        {
          itemId: attachment.itemId,
          action: attachment.action,
          ...(attachment.action === 'overwrite' ? { targetId: attachment.sourceId } : {}),
          parentId,
          name: attachment.name,
          contentType: attachment.contentType,
          isPrivate: attachment.isPrivate,
          ownerId: attachment.ownerId,
          description: attachment.description,
        },
        body,
      );
      if (result.success) job.items.restored++;
      else
        fail({
          itemId: attachment.itemId,
          sourceId: attachment.sourceId,
          code: result.error?.code ?? 'UNKNOWN_ERROR',
          message: result.error?.message ?? '',
        });
    }
    job.status = job.failures.length === 0 ? 'succeeded' : job.items.restored > 0 ? 'partial' : 'failed';
    if (faults.uncountedMetafiles) job.items.metafiles = 0;
    if (faults.silentWillFail) for (const f of job.failures) f.message = '';
    return job;
  }

  return {
    name: options.name ?? 'restorelab (in-process)',
    async backup() {
      const report = await backupOrg(conn, store, options.objects ? { objects: options.objects } : {});
      orgId = report.orgId;
      if (faults.restoresOldFileVersions) await captureFirstVersions(conn, firstVersions);
      return report.snapshot.id;
    },
    async summary(request: SummaryRequest): Promise<EngineSummary> {
      const latest = orgId ? store.latestSnapshot(orgId) : undefined;
      const snapshotId = faults.ignoresSnapshot ? latest?.id : (request.snapshotId ?? latest?.id);
      if (!snapshotId) throw new EngineError('NO_SNAPSHOT', 'no snapshot taken yet', { status: 404 });
      const method = faults.alwaysRelated ? 'related' : request.method;
      const restoreRequest: RestoreRequest = { snapshotId, rootId: request.recordId, method };
      let p: RestorePlan;
      try {
        p = await plan(restoreRequest);
      } catch (error) {
        if (error instanceof PlanError) throw new EngineError(error.code, error.message, { status: 400, cause: error });
        throw error;
      }
      const summaryId = randomUUID();
      const pending: PendingSummary = { plan: p, request: restoreRequest, confirmed: false };
      summaries.set(summaryId, pending);
      // A broken engine that writes while summarising: R04's counterexample.
      if (faults.writesBeforeConfirm) jobs.set(`early:${summaryId}`, await execute(pending, `early:${summaryId}`));
      const summary: EngineSummary = { ...p.summary, method: request.method, summaryId };
      if (faults.silentWillFail) {
        const total = summary.records.total;
        summary.records = {
          ...summary.records,
          total: { ...total, create: total.create + total.willFail, willFail: 0 },
        };
        summary.willFail = [];
      }
      return summary;
    },
    async confirm(summaryId: string) {
      const pending = summaries.get(summaryId);
      if (!pending) throw new EngineError('NOT_FOUND', `no summary ${summaryId}`, { status: 404 });
      if (pending.confirmed)
        throw new EngineError('ALREADY_CONFIRMED', `summary ${summaryId} was confirmed already`, { status: 409 });
      pending.confirmed = true;
      const jobId = randomUUID();
      const early = jobs.get(`early:${summaryId}`);
      jobs.set(jobId, early ? { ...early, jobId } : await execute(pending, jobId));
      return jobId;
    },
    async waitForJob(jobId: string) {
      const job = jobs.get(jobId);
      if (!job) throw new EngineError('NOT_FOUND', `no job ${jobId}`, { status: 404 });
      return job;
    },
    async close() {
      store.close();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

/** Broken engine R09: every record of a mandatory loop is put into the waves anyway. */
function withFailuresWritten(p: RestorePlan): RestorePlan['waves'] {
  const failing = p.records.filter((r) => r.action === 'willFail');
  if (failing.length === 0) return p.waves;
  const byType = new Map<string, string[]>();
  for (const r of failing) byType.set(r.objectType, [...(byType.get(r.objectType) ?? []), r.sourceId]);
  const extra = {
    index: p.waves.length,
    batches: [...byType].map(([objectType, sourceIds], batchIndex) => ({
      wave: p.waves.length,
      batchIndex,
      objectType,
      operation: 'create' as const,
      sourceIds,
    })),
  };
  return [extra, ...p.waves];
}

/** Broken engine R16: the content of every file's first version (the backup should keep only the latest). */
async function captureFirstVersions(conn: Connection, into: Map<string, Uint8Array>): Promise<void> {
  const rows = await conn.query<{ Id: string; ContentDocumentId: string }>(
    "SELECT Id, ContentDocumentId FROM ContentVersion WHERE VersionNumber = '1'",
  );
  for (const row of rows.records) {
    const url = `${conn.instanceUrl}/services/data/v${conn.version}/sobjects/ContentVersion/${row.Id}/VersionData`;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${conn.accessToken}` } });
    into.set(toId18(row.ContentDocumentId) ?? row.ContentDocumentId, new Uint8Array(await response.arrayBuffer()));
  }
}

export { STANDARD_STATUS_FIELDS };
