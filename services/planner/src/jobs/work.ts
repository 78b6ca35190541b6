// The work of one job step, built from the stored plan and the ids learnt so far (pure: the same
// plan and id map always give the same messages, so a resumed planner republishes identical work
// under identical message ids). Steps: one per record wave (R06: references to re-created records
// rewritten to their new ids), then the optional-link patches (R09), then files and attachments.
import type { AttachmentTask, FileTask, MessageInputOf, RecordBatch, RecordBatchItem } from '@restorelab/contracts';
import type { PlannedRecord, WriteBatch } from '@restorelab/restore-plan';
import { type GraphPayload, graphLayout } from './graph-layout.ts';
import type { StoredPlan } from './types.ts';

export type StepWork =
  | { key: string; kind: 'records'; message: RecordBatch; itemObjectTypes: Record<string, string> }
  | { key: string; kind: 'file'; message: MessageInputOf<'fileTask'>; contentHash: string }
  | { key: string; kind: 'attachment'; message: AttachmentTask; bodyHash: string | null };

/** An item that cannot be sent because a record it needs was not written. */
export interface BlockedItem {
  itemId: string;
  objectType: string;
  code: 'PARENT_NOT_RESTORED';
  message: string;
  fields: string[];
}

/** A record whose mandatory links point at records that were not restored (R08): not sent. */
function mandatoryParentLost(record: { itemId: string; objectType: string }, missing: string[]): BlockedItem {
  return {
    itemId: record.itemId,
    objectType: record.objectType,
    code: 'PARENT_NOT_RESTORED',
    message: `mandatory link ${missing.join(', ')} points at a record whose restore failed`,
    fields: missing,
  };
}

export interface StepPlan {
  work: StepWork[];
  blocked: BlockedItem[];
}

/**
 * Number of steps: with Composite Graph first its levels of new records; then the waves (with
 * Graph, their overwrites only), one patch step, one files-and-attachments step.
 */
export function stepCount(stored: StoredPlan): number {
  return graphLevels(stored).length + stored.plan.waves.length + 2;
}

export function stepName(stored: StoredPlan, step: number): string {
  const levels = graphLevels(stored).length;
  if (step < levels) return `graph level ${step}`;
  const waves = stored.plan.waves.length;
  if (step - levels < waves) return `wave ${step - levels}`;
  if (step - levels === waves) return 'patches';
  return 'files and attachments';
}

/** The wave number of a graph level's batches: after the waves, the patches and the link batches. */
export function graphWave(stored: StoredPlan, level: number): number {
  return stored.plan.waves.length + 2 + level;
}

const layouts = new WeakMap<StoredPlan, GraphPayload[][]>();
/** The plan's graph payloads by level; none when the plan is written through Collections. */
function graphLevels(stored: StoredPlan): GraphPayload[][] {
  if (stored.writeMode !== 'graph') return [];
  let levels = layouts.get(stored);
  if (!levels) {
    levels = graphLayout(stored.plan, recordIndex(stored)).levels;
    layouts.set(stored, levels);
  }
  return levels;
}

export function buildStep(
  jobId: string,
  stored: StoredPlan,
  step: number,
  idMap: Readonly<Record<string, string>>,
  failed: ReadonlySet<string>,
): StepPlan {
  const { plan } = stored;
  const byId = recordIndex(stored);
  const levels = graphLevels(stored);
  if (step < levels.length) return graphStep(jobId, stored, step, levels[step] ?? [], byId, idMap);
  const wave = step - levels.length;
  const waves = plan.waves.length;
  if (wave < waves) {
    // With Graph the new records were written in the graph levels: the waves keep their overwrites.
    const batches = plan.waves[wave]!.batches.filter((b) => levels.length === 0 || b.operation === 'update');
    return recordStep(jobId, batches, byId, stored, idMap);
  }
  if (wave === waves) return patchStep(jobId, plan.patchBatches, byId, idMap, failed);
  return fileStep(jobId, stored, idMap);
}

const indexes = new WeakMap<StoredPlan, Map<string, PlannedRecord>>();
function recordIndex(stored: StoredPlan): Map<string, PlannedRecord> {
  let index = indexes.get(stored);
  if (!index) {
    index = new Map(stored.plan.records.map((r) => [r.sourceId, r]));
    indexes.set(stored, index);
  }
  return index;
}

function recordStep(
  jobId: string,
  batches: readonly WriteBatch[],
  byId: Map<string, PlannedRecord>,
  stored: StoredPlan,
  idMap: Readonly<Record<string, string>>,
): StepPlan {
  const mandatory = new Set(stored.mandatoryLinks);
  const work: StepWork[] = [];
  const blocked: BlockedItem[] = [];
  for (const batch of batches) {
    const items: RecordBatchItem[] = [];
    const itemObjectTypes: Record<string, string> = {};
    for (const sourceId of batch.sourceIds) {
      const record = byId.get(sourceId)!;
      const fields: Record<string, unknown> = { ...record.fields };
      const missing: string[] = [];
      for (const rewrite of record.idRewrites) {
        const newId = idMap[rewrite.targetSourceId];
        if (newId) fields[rewrite.field] = newId;
        else if (mandatory.has(`${record.objectType}.${rewrite.field}`)) missing.push(rewrite.field);
        else fields[rewrite.field] = null; // an optional link to a record that failed: written empty
      }
      if (missing.length > 0) {
        blocked.push(mandatoryParentLost(record, missing));
        continue;
      }
      const item: RecordBatchItem = { itemId: record.itemId, sourceId, fields };
      if (batch.operation === 'update') item.targetId = record.targetId ?? sourceId;
      items.push(item);
      itemObjectTypes[record.itemId] = record.objectType;
    }
    if (items.length === 0) continue;
    work.push(
      recordWork(jobId, batch.wave, batch.batchIndex, batch.operation, batch.objectType, items, itemObjectTypes),
    );
  }
  return { work, blocked };
}

/**
 * A graph level's batches: each payload one message, a record's links to records of the same
 * payload left to the writer (`refs`), links to records written earlier filled from the id map. A
 * record whose mandatory parent was not written is blocked, and so, in turn, are its children.
 */
function graphStep(
  jobId: string,
  stored: StoredPlan,
  level: number,
  payloads: readonly GraphPayload[],
  byId: Map<string, PlannedRecord>,
  idMap: Readonly<Record<string, string>>,
): StepPlan {
  const mandatory = new Set(stored.mandatoryLinks);
  const work: StepWork[] = [];
  const blocked: BlockedItem[] = [];
  for (const payload of payloads) {
    const inPayload = new Map(payload.nodes.map((n) => [n.sourceId, byId.get(n.sourceId)!]));
    const refused = new Set<string>();
    const items: RecordBatchItem[] = [];
    const itemObjectTypes: Record<string, string> = {};
    for (const node of payload.nodes) {
      const record = inPayload.get(node.sourceId)!;
      const fields: Record<string, unknown> = { ...record.fields };
      const refs: NonNullable<RecordBatchItem['refs']> = [];
      const missing: string[] = [];
      for (const rewrite of record.idRewrites) {
        const isMandatory = mandatory.has(`${record.objectType}.${rewrite.field}`);
        const parent = inPayload.get(rewrite.targetSourceId);
        const newId = idMap[rewrite.targetSourceId];
        if (parent && !refused.has(parent.sourceId)) {
          refs.push({ field: rewrite.field, itemId: parent.itemId, mandatory: isMandatory });
        } else if (!parent && newId) fields[rewrite.field] = newId;
        else if (isMandatory) missing.push(rewrite.field);
        else fields[rewrite.field] = null; // an optional link to a record that failed: written empty
      }
      if (missing.length > 0) {
        refused.add(record.sourceId);
        blocked.push(mandatoryParentLost(record, missing));
        continue;
      }
      items.push({
        itemId: record.itemId,
        sourceId: record.sourceId,
        fields,
        objectType: record.objectType,
        graph: node.graph,
        ...(refs.length > 0 ? { refs } : {}),
      });
      itemObjectTypes[record.itemId] = record.objectType;
    }
    if (items.length === 0) continue;
    const wave = graphWave(stored, level);
    const first = items[0]!.objectType!;
    const w = recordWork(jobId, wave, payload.index, 'create', first, items, itemObjectTypes);
    if (w.kind === 'records') w.message.mode = 'graph';
    work.push(w);
  }
  return { work, blocked };
}

/** Patch items have their own item ids, so the write ledger does not mistake them for the first write. */
export function patchItemId(sourceId: string): string {
  return `patch-${sourceId}`;
}

function patchStep(
  jobId: string,
  batches: readonly WriteBatch[],
  byId: Map<string, PlannedRecord>,
  idMap: Readonly<Record<string, string>>,
  failed: ReadonlySet<string>,
): StepPlan {
  const work: StepWork[] = [];
  for (const batch of batches) {
    const items: RecordBatchItem[] = [];
    const itemObjectTypes: Record<string, string> = {};
    for (const sourceId of batch.sourceIds) {
      const record = byId.get(sourceId)!;
      if (failed.has(record.itemId)) continue;
      const targetId = record.action === 'create' ? idMap[sourceId] : (record.targetId ?? sourceId);
      if (!targetId) continue;
      const fields: Record<string, unknown> = {};
      for (const link of record.deferredLinks) {
        const newId = idMap[link.targetSourceId];
        if (newId) fields[link.field] = newId;
      }
      if (Object.keys(fields).length === 0) continue;
      const itemId = patchItemId(sourceId);
      items.push({ itemId, sourceId, targetId, fields });
      itemObjectTypes[itemId] = record.objectType;
    }
    if (items.length === 0) continue;
    work.push(recordWork(jobId, batch.wave, batch.batchIndex, 'update', batch.objectType, items, itemObjectTypes));
  }
  return { work, blocked: [] };
}

function fileStep(jobId: string, stored: StoredPlan, idMap: Readonly<Record<string, string>>): StepPlan {
  const work: StepWork[] = [];
  const blocked: BlockedItem[] = [];
  stored.plan.files.forEach((file, taskIndex) => {
    if (file.action === 'skip') {
      const links = skippedFileLinks(jobId, stored, file, taskIndex, idMap);
      if (links) work.push(links);
      return;
    }
    if (file.action === 'willFail') return;
    const targetIds: Record<string, string> = {};
    const links: FileTask['links'] = [];
    for (const link of file.links) {
      if (link.ownerLink) continue; // the org makes the owner's link with the document (R15)
      if (link.rewriteToNewId) {
        const newId = idMap[link.linkedEntityId];
        if (!newId) continue; // the record it was shared with did not come back
        targetIds[link.linkedEntityId] = newId;
      }
      links.push({ linkedEntityId: link.linkedEntityId, shareType: link.shareType, visibility: link.visibility });
    }
    const message: MessageInputOf<'fileTask'> = {
      schemaVersion: 1,
      jobId,
      taskIndex,
      itemId: file.itemId,
      contentDocumentId: file.contentDocumentId,
      action: file.action,
      ownerId: file.ownerId,
      title: file.title,
      pathOnClient: file.pathOnClient,
      contentKey: contentKey(file.contentHash),
      contentHash: file.contentHash,
      contentSize: file.contentSize,
      links,
      targetIds,
    };
    if (file.targetContentDocumentId) message.targetContentDocumentId = file.targetContentDocumentId;
    work.push({ key: taskKey('file', taskIndex), kind: 'file', message, contentHash: file.contentHash });
  });
  stored.plan.attachments.forEach((attachment, taskIndex) => {
    if (attachment.action === 'skip' || attachment.action === 'willFail') return;
    const parentId = attachment.parentRewrite ? idMap[attachment.parentSourceId] : attachment.parentSourceId;
    if (!parentId) {
      blocked.push({
        itemId: attachment.itemId,
        objectType: 'Attachment',
        code: 'PARENT_NOT_RESTORED',
        message: `parent ${attachment.parentSourceId} was not restored`,
        fields: ['ParentId'],
      });
      return;
    }
    const bodyHash = attachment.metadataOnly ? null : attachment.bodyHash;
    const message: AttachmentTask = {
      schemaVersion: 1,
      jobId,
      taskIndex,
      itemId: attachment.itemId,
      sourceId: attachment.sourceId,
      action: attachment.action,
      parentId,
      name: attachment.name,
      contentType: attachment.contentType,
      isPrivate: attachment.isPrivate,
      ownerId: attachment.ownerId,
      description: attachment.description,
      bodyKey: bodyHash ? contentKey(bodyHash) : null,
    };
    if (attachment.action === 'overwrite') message.targetId = attachment.sourceId;
    work.push({ key: taskKey('attachment', taskIndex), kind: 'attachment', message, bodyHash });
  });
  return { work, blocked };
}

/** The wave number of link batches for skipped files: after the record waves and the patches. */
export function linkWave(stored: StoredPlan): number {
  return stored.plan.waves.length + 1;
}

/**
 * R14: an unchanged (skipped) file is not written, but its links to records that came back with new
 * ids are: they are plain ContentDocumentLink records, so they go to the record writer as one batch.
 */
function skippedFileLinks(
  jobId: string,
  stored: StoredPlan,
  file: StoredPlan['plan']['files'][number],
  taskIndex: number,
  idMap: Readonly<Record<string, string>>,
): StepWork | undefined {
  const items: RecordBatchItem[] = [];
  const itemObjectTypes: Record<string, string> = {};
  for (const link of file.links) {
    if (link.ownerLink || !link.rewriteToNewId) continue;
    const newId = idMap[link.linkedEntityId];
    if (!newId) continue; // the record did not come back: nothing to link
    const itemId = `link-${file.contentDocumentId}-${link.linkedEntityId}`;
    items.push({
      itemId,
      sourceId: link.linkedEntityId,
      fields: {
        ContentDocumentId: file.contentDocumentId,
        LinkedEntityId: newId,
        ShareType: link.shareType,
        Visibility: link.visibility,
      },
    });
    itemObjectTypes[itemId] = 'ContentDocumentLink';
  }
  if (items.length === 0) return undefined;
  const wave = linkWave(stored);
  return recordWork(jobId, wave, taskIndex, 'create', 'ContentDocumentLink', items, itemObjectTypes);
}

/** One record-writer batch: the message, keyed by its wave and index, with each item's object type. */
function recordWork(
  jobId: string,
  wave: number,
  batchIndex: number,
  operation: RecordBatch['operation'],
  objectType: string,
  items: RecordBatchItem[],
  itemObjectTypes: Record<string, string>,
): StepWork {
  return {
    key: batchKey(wave, batchIndex),
    kind: 'records',
    itemObjectTypes,
    message: { schemaVersion: 1, jobId, wave, batchIndex, operation, objectType, items },
  };
}

export function batchKey(wave: number, batchIndex: number): string {
  return `w${wave}.b${batchIndex}`;
}

export function taskKey(kind: 'file' | 'attachment', taskIndex: number): string {
  return `${kind}.${taskIndex}`;
}

/** Object-store name of a blob, by its sha256: one upload serves every job that needs it. */
export function contentKey(hash: string): string {
  return `sha256/${hash}`;
}
