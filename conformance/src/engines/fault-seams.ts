// The faults of faults.ts as the services' fault seams: each flag becomes a hook of the planner (plan,
// work, state) or of the file writer, and `seamsOf` gathers the set flags into the seams `startStack`
// takes. Several flags bending the same stage are applied one after the other.
import type { FileTask } from '@restorelab/contracts';
import { type FileWriterSeams, RESTORE_REASON } from '@restorelab/file-writer';
import type { PlanSeam, PlanSeamContext, RestoreRequestInput, StepWork, WorkCopy } from '@restorelab/planner';
import type { OrgState, PlannedRecord, RestorePlan } from '@restorelab/restore-plan';
import type { StackSeams } from '@restorelab/stack';
import type { EngineFaults } from './faults.ts';

type ActionCounts = RestorePlan['summary']['records']['total'];
type PlanBend = (plan: RestorePlan, context: PlanSeamContext) => RestorePlan | Promise<RestorePlan>;

/** A time no restore happens at (R07's "changed" org, R18's old modification time). */
const LONG_AGO = '2001-01-01T00:00:00.000Z';

export function seamsOf(faults: EngineFaults): StackSeams {
  const request: Array<(r: RestoreRequestInput) => RestoreRequestInput> = [];
  const org: Array<(o: OrgState) => OrgState> = [];
  const plan: PlanBend[] = [];
  const plannerSeams: PlanSeam = {};
  if (faults.alwaysRelated) request.push((r) => ({ ...r, method: 'related' }));
  if (faults.ignoresSnapshot) request.push(({ recordId, method }) => ({ recordId, method }));
  if (faults.restoresDownloadOnly) plannerSeams.downloadOnlyTypes = () => new Set<string>();
  if (faults.overwritesEqual) org.push(everythingChanged);
  if (faults.writesBeforeConfirm) plan.push(writeNow);
  if (faults.writesAfterSummary) plan.push(writeSoon);
  if (faults.writesMandatoryFailures) plan.push(writeFailures);
  if (faults.silentWillFail) plan.push(hideWillFail);
  if (faults.dropsWillFailItem) plan.push(dropOneWillFail);
  if (faults.skipsLinkPatches) plan.push((p) => ({ ...p, patches: [], patchBatches: [] }));
  if (faults.writesStandardStatus) plan.push(restoreOmitted('R10'));
  if (faults.writesStandardStatusOnOverwrite) plan.push(restoreOmitted('R10', 'overwrite'));
  if (faults.keepsRecordTypeValues) plan.push(restoreOmitted('R11'));
  if (faults.skipsGoneRecords) plan.push(skipGone);
  if (faults.attachmentContentFromMetadata) plan.push(attachmentBodies);
  if (faults.skipsFiles) plan.push((p) => ({ ...p, files: [], attachments: [] }));
  if (faults.skipsChangedAttachments) plan.push(skipChangedAttachments);
  if (faults.alwaysNewFileVersion) plan.push(versionEveryFile);
  if (request.length > 0) plannerSeams.request = (r) => request.reduce((acc, bend) => bend(acc), r);
  if (org.length > 0) plannerSeams.org = (o) => org.reduce((acc, bend) => bend(acc), o);
  if (plan.length > 0) {
    plannerSeams.plan = async (p, context) => {
      let bent = p;
      for (const bend of plan) bent = await bend(bent, context);
      return bent;
    };
  }

  const seams: StackSeams = {};
  const planner: NonNullable<StackSeams['planner']> = {};
  if (Object.keys(plannerSeams).length > 0) planner.plan = plannerSeams;
  const work = workSeam(faults);
  if (work) planner.work = work;
  const state: Array<NonNullable<NonNullable<StackSeams['planner']>['state']>> = [];
  if (faults.uncountedMetafiles) {
    state.push((s) => {
      s.counts.metafiles = { created: 0, overwritten: 0, newVersion: 0, skipped: 0, failed: 0, total: 0 };
    });
  }
  if (faults.countsOverwritesAsCreates) {
    state.push((s) => {
      for (const c of [s.counts.records.total, ...Object.values(s.counts.records.byObject)]) {
        c.created += c.overwritten;
        c.overwritten = 0;
      }
    });
  }
  if (faults.countsNewVersionsAsCreates) {
    state.push((s) => {
      s.counts.files.created += s.counts.files.newVersion;
      s.counts.files.newVersion = 0;
    });
  }
  if (faults.countsLinkOverwritesAsCreates) {
    state.push((s) => {
      s.counts.metafiles.created += s.counts.metafiles.overwritten;
      s.counts.metafiles.overwritten = 0;
    });
  }
  if (state.length > 0)
    planner.state = (s, result) => {
      for (const bend of state) bend(s, result);
    };
  if (Object.keys(planner).length > 0) seams.planner = planner;
  const fileWriter = fileWriterSeams(faults);
  if (fileWriter) seams.fileWriter = fileWriter;
  return seams;
}

// ---- plan seam ---------------------------------------------------------------------------------

/** R07: every record the org has looks modified since the backup. */
function everythingChanged(o: OrgState): OrgState {
  const records = new Map(
    [...o.records].map(([id, r]) => [id, r.state === 'exists' ? { ...r, lastModifiedDate: LONG_AGO } : r] as const),
  );
  return { ...o, records };
}

/** R04: the records to write are written while the summary is made (the job writes them again). */
async function writeNow(p: RestorePlan, { conn }: PlanSeamContext): Promise<RestorePlan> {
  await Promise.allSettled(
    p.records.map((r) => {
      if (r.action === 'overwrite')
        return conn.sobject(r.objectType).update({ ...r.fields, Id: r.targetId ?? r.sourceId });
      if (r.action === 'create') return conn.sobject(r.objectType).create(r.fields);
      return Promise.resolve();
    }),
  );
  return p;
}

/** R04: the same writes, queued to land a few milliseconds after the summary is answered. */
function writeSoon(p: RestorePlan, context: PlanSeamContext): RestorePlan {
  setTimeout(() => void writeNow(p, context), 5);
  return p;
}

/** R08 / R09: records planned to fail go into one more wave, written like any other. */
function writeFailures(p: RestorePlan): RestorePlan {
  const failing = p.records.filter((r) => r.action === 'willFail');
  if (failing.length === 0) return p;
  const index = p.waves.length;
  const byType = new Map<string, string[]>();
  for (const r of failing) byType.set(r.objectType, [...(byType.get(r.objectType) ?? []), r.sourceId]);
  const batches = [...byType].map(([objectType, sourceIds], batchIndex) => ({
    wave: index,
    batchIndex,
    objectType,
    operation: 'create' as const,
    sourceIds,
  }));
  return {
    ...p,
    waves: [...p.waves, { index, batches }],
    // The patches are numbered as the wave after the last one.
    patchBatches: p.patchBatches.map((b) => ({ ...b, wave: index + 1 })),
  };
}

/** R08: will-fail records are counted as creates, listed nowhere, and fail without a reason. */
function hideWillFail(p: RestorePlan): RestorePlan {
  const hide = (c: ActionCounts): ActionCounts => ({ ...c, create: c.create + c.willFail, willFail: 0 });
  const s = p.summary;
  return {
    ...p,
    summary: {
      ...s,
      records: {
        total: hide(s.records.total),
        byObject: Object.fromEntries(Object.entries(s.records.byObject).map(([k, c]) => [k, hide(c)])),
      },
      willFail: [],
    },
    records: p.records.map((r) => (r.failure ? { ...r, failure: { ...r.failure, message: '' } } : r)),
  };
}

/** R04 / R09: the summary's will-fail list loses its last item (the counts and the job still fail it). */
function dropOneWillFail(p: RestorePlan): RestorePlan {
  if (p.summary.willFail.length === 0) return p;
  return { ...p, summary: { ...p.summary, willFail: p.summary.willFail.slice(0, -1) } };
}

/** R11: records to re-create are skipped instead, in the summary and in the waves alike. */
function skipGone(p: RestorePlan): RestorePlan {
  const gone = new Set(p.records.filter((r) => r.action === 'create').map((r) => r.sourceId));
  if (gone.size === 0) return p;
  const skip = (c: ActionCounts): ActionCounts => ({ ...c, skip: c.skip + c.create, create: 0 });
  const s = p.summary;
  return {
    ...p,
    summary: {
      ...s,
      records: {
        total: skip(s.records.total),
        byObject: Object.fromEntries(Object.entries(s.records.byObject).map(([k, c]) => [k, skip(c)])),
      },
      itemsToWrite: s.itemsToWrite - s.records.total.create,
    },
    records: p.records.map((r) => (gone.has(r.sourceId) ? { ...r, action: 'skip' } : r)),
    waves: p.waves.map((w) => ({
      ...w,
      batches: w.batches
        .map((b) => ({ ...b, sourceIds: b.sourceIds.filter((id) => !gone.has(id)) }))
        .filter((b) => b.sourceIds.length > 0),
    })),
  };
}

/** R14: attachments planned to be overwritten are skipped, in the summary too. */
function skipChangedAttachments(p: RestorePlan): RestorePlan {
  const n = p.attachments.filter((a) => a.action === 'overwrite').length;
  if (n === 0) return p;
  const counts = p.summary.attachments;
  return {
    ...p,
    summary: {
      ...p.summary,
      attachments: { ...counts, overwrite: counts.overwrite - n, skip: counts.skip + n },
      itemsToWrite: p.summary.itemsToWrite - n,
    },
    attachments: p.attachments.map((a) => (a.action === 'overwrite' ? { ...a, action: 'skip' } : a)),
  };
}

/** R10 / R11: the values the plan left out for the rule are written after all. */
function restoreOmitted(rule: 'R10' | 'R11', only?: PlannedRecord['action']): PlanBend {
  return (p) => ({
    ...p,
    records: p.records.map((r): PlannedRecord => {
      const omitted = only && r.action !== only ? [] : r.omitted.filter((o) => o.rule === rule);
      if (omitted.length === 0) return r;
      return { ...r, fields: { ...r.fields, ...Object.fromEntries(omitted.map((o) => [o.field, o.value])) } };
    }),
  });
}

/** R13: a metadata-only attachment takes the body the snapshot's Attachments folder holds. */
function attachmentBodies(p: RestorePlan, { store, request }: PlanSeamContext): RestorePlan {
  return {
    ...p,
    attachments: p.attachments.map((a) => {
      if (!a.metadataOnly) return a;
      const bodyHash = store.attachment(request.snapshotId, a.sourceId)?.bodyHash ?? a.bodyHash;
      return { ...a, metadataOnly: false, bodyHash };
    }),
  };
}

/** R19: a file the org still has gets a new version, whatever its time and content. */
function versionEveryFile(p: RestorePlan): RestorePlan {
  return {
    ...p,
    files: p.files.map((f) =>
      f.action === 'skip' || f.action === 'overwrite'
        ? { ...f, action: 'newVersion', targetContentDocumentId: f.targetContentDocumentId ?? f.contentDocumentId }
        : f,
    ),
  };
}

// ---- work seam ---------------------------------------------------------------------------------

function workSeam(faults: EngineFaults): NonNullable<StackSeams['planner']>['work'] {
  const bends = [faults.reusesOldIds, faults.graphWrongParent, faults.duplicatesWork, faults.redeliversWork];
  if (!bends.some(Boolean) && !faults.dropsWork) return undefined;
  return (work, { plan }): WorkCopy[] => {
    if (faults.dropsWork && work.kind === 'records') return [];
    let bent = faults.reusesOldIds ? withOldIds(work, plan) : work;
    if (faults.graphWrongParent) bent = withWrongParents(bent);
    if (faults.duplicatesWork) return [{ work: bent }, { work: bent }];
    if (faults.redeliversWork) return [{ work: bent }, { work: bent, delayMs: 50 }];
    return [{ work: bent }];
  };
}

const recordIndexes = new WeakMap<RestorePlan, Map<string, PlannedRecord>>();

/** R06: references to re-created records are written with the records' old ids. */
function withOldIds(work: StepWork, plan: RestorePlan): StepWork {
  if (work.kind !== 'records') return work;
  let index = recordIndexes.get(plan);
  if (!index) {
    index = new Map(plan.records.map((r) => [r.sourceId, r]));
    recordIndexes.set(plan, index);
  }
  const byId = index;
  const items = work.message.items.map((item) => {
    const rewrites = byId.get(item.sourceId)?.idRewrites ?? [];
    if (rewrites.length === 0) return item;
    // In a graph batch the writer would fill these fields from the parents' answers: drop those links.
    const { refs, ...rest } = item;
    const kept = (refs ?? []).filter((ref) => !rewrites.some((w) => w.field === ref.field));
    return {
      ...rest,
      ...(kept.length > 0 ? { refs: kept } : {}),
      fields: { ...item.fields, ...Object.fromEntries(rewrites.map((w) => [w.field, w.targetSourceId])) },
    };
  });
  return { ...work, message: { ...work.message, items } };
}

/**
 * R06: each graph reference names another node of its parent's type in the same message, when there
 * is one (stage 0's steps hang under stage 1): a wrong parent the org cannot refuse.
 */
function withWrongParents(work: StepWork): StepWork {
  if (work.kind !== 'records' || work.message.mode !== 'graph') return work;
  const { items } = work.message;
  const typeOf = new Map(items.map((i) => [i.itemId, i.objectType]));
  const wrong = (parent: string): string => {
    const peers = items.filter((i) => i.objectType === typeOf.get(parent)).map((i) => i.itemId);
    return peers[(peers.indexOf(parent) + 1) % peers.length] ?? parent;
  };
  const bent = items.map((item) =>
    item.refs ? { ...item, refs: item.refs.map((ref) => ({ ...ref, itemId: wrong(ref.itemId) })) } : item,
  );
  return { ...work, message: { ...work.message, items: bent } };
}

// ---- file-writer seams -------------------------------------------------------------------------

function fileWriterSeams(faults: EngineFaults): FileWriterSeams | undefined {
  const seams: FileWriterSeams = {};
  const task: Array<(t: FileTask, runAs: string | undefined) => FileTask> = [];
  if (faults.filesOwnedByAdmin) task.push((t, runAs) => (runAs ? { ...t, ownerId: runAs } : t));
  if (faults.dropsFileSharing) task.push((t) => ({ ...t, links: [] }));
  if (faults.keepsLiveSharing) task.push((t) => (t.action === 'create' ? t : { ...t, links: [] }));
  if (task.length > 0) seams.fileTask = (t, { runAs }) => task.reduce((acc, bend) => bend(acc, runAs), t);
  const fields: Array<NonNullable<FileWriterSeams['versionFields']>> = [];
  if (faults.keepsFileModTime)
    fields.push((f, t) => (t.action === 'create' ? { ...f, ContentModifiedDate: LONG_AGO } : f));
  if (faults.overwriteSaysNewVersion)
    fields.push((f, t) => (t.action === 'overwrite' ? { ...f, ReasonForChange: RESTORE_REASON.newVersion } : f));
  if (fields.length > 0) seams.versionFields = (f, t) => fields.reduce((acc, bend) => bend(acc, t), f);
  if (faults.addsFileVersions) {
    seams.versionInserted = async ({ conn, task: t, contentVersionId, content }) => {
      if (t.action !== 'create' || !content) return;
      const [row] = (
        await conn.query<{ ContentDocumentId: string }>(
          `SELECT ContentDocumentId FROM ContentVersion WHERE Id = '${contentVersionId}'`,
        )
      ).records;
      if (!row) return;
      await conn.sobject('ContentVersion').create({
        ContentDocumentId: row.ContentDocumentId,
        Title: t.title,
        PathOnClient: t.pathOnClient,
        VersionData: Buffer.from(content).toString('base64'),
      });
    };
  }
  return Object.keys(seams).length > 0 ? seams : undefined;
}
