// Benchmarks of the restore engine (issue 5), all measured in one run (`pnpm bench restore`):
// 1. a 10,000-record hierarchy with 500 files restored through the full stack (NATS, planner,
//    record-writer, file-writer, the mock over HTTP): API calls against the lower bound for the
//    work, records per second, and the job's time against the same writes made straight through
//    jsforce in the same run;
// 2. planning a related restore over a 1,000,000-record snapshot slice (time and peak memory, in a
//    child process of its own so its memory is its own).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import type { Org, WriteContext } from '@restorelab/mock-salesforce';
import { openJobStore, type StoredPlan } from '@restorelab/planner';
import { PlannerApiClient } from '@restorelab/planner-api';
import { type RestorePlan, scopeRestore, snapshotSlice } from '@restorelab/restore-plan';
import { createLogger } from '@restorelab/runtime';
import { CONFIGURATION_KEY_PREFIXES, keyPrefixOf } from '@restorelab/salesforce';
import { backupOrg, DOWNLOAD_ONLY_TYPES, type SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import type { BenchMeasure, BenchSuite } from '../../../scripts/bench-types.ts';
import { type Stack, startStack } from '../src/stack.ts';

const DEMO_ORG_DIR = join(import.meta.dirname, '../../../mock-salesforce/fixtures/demo-org');
// RESTORE_BENCH_LOG=info shows the stack's own logs (on stdout); RESTORE_BENCH_PARTS=stack or plan
// runs one half only.
const silent = createLogger({
  name: 'restore-bench',
  level: (process.env.RESTORE_BENCH_LOG as 'info' | undefined) ?? 'silent',
});
const parts = new Set((process.env.RESTORE_BENCH_PARTS ?? 'stack,plan').split(','));

/** The shape of the hierarchy: one project, its milestones, their deliverables and tasks. */
const SHAPE = { milestones: 1_000, deliverables: 5_000, tasks: 3_999, files: 500, reviewers: 20 } as const;
/** Records per sObject Collections call, ids per org-state query: the engine's chunk sizes. */
const COLLECTION_LIMIT = 200;
/** Nodes per Composite Graph call (RESTORE_WRITE_MODE=graph, the default). */
const GRAPH_LIMIT = 500;
const QUERY_CHUNK = 300;

interface Hierarchy {
  rootId: string;
  documentIds: string[];
  records: number;
}

/**
 * Fills the org through its model (fast, no API calls): a Project__c root; milestones under it
 * (master-detail); deliverables under the milestones (master-detail, a required lookup to a reviewer
 * contact outside the tree); tasks on milestones and deliverables (WhatId); the project's optional
 * Current_Milestone__c closes a loop of optional links (patched after the waves). Files are linked
 * to milestones and deliverables and shared with a reviewer.
 */
function buildHierarchy(org: Org, ctx: WriteContext): Hierarchy {
  const account = org.create('Account', { Name: 'Bench Reviewers Inc' }, ctx);
  const reviewers = Array.from({ length: SHAPE.reviewers }, (_, i) =>
    org.create('Contact', { LastName: `Reviewer ${i}`, AccountId: account }, ctx),
  );
  const rootId = org.create('Project__c', { Name: 'Bench project', Code__c: 'BENCH-1' }, ctx);
  const milestones = Array.from({ length: SHAPE.milestones }, (_, i) =>
    org.create('Milestone__c', { Name: `Milestone ${i}`, Project__c: rootId, Sequence__c: i }, ctx),
  );
  org.update('Project__c', rootId, { Current_Milestone__c: milestones[0] }, ctx);
  const deliverables = Array.from({ length: SHAPE.deliverables }, (_, i) =>
    org.create(
      'Deliverable__c',
      {
        Title__c: `Deliverable ${i}`,
        Milestone__c: milestones[i % milestones.length],
        Reviewer__c: reviewers[i % reviewers.length],
      },
      ctx,
    ),
  );
  for (let i = 0; i < SHAPE.tasks; i++) {
    const what = i % 2 === 0 ? milestones[(i / 2) % milestones.length] : deliverables[i % deliverables.length];
    org.create('Task', { Subject: `Task ${i}`, WhatId: what }, ctx);
  }
  const documentIds: string[] = [];
  for (let i = 0; i < SHAPE.files; i++) {
    const content = Buffer.from(`bench file ${i}\n${'x'.repeat(1_000 + (i % 7) * 300)}\n`);
    const versionId = org.create(
      'ContentVersion',
      { Title: `Bench file ${i}`, PathOnClient: `bench-${i}.txt`, VersionData: content, OwnerId: ctx.userId },
      ctx,
    );
    const documentId = org.get(versionId)!.fields.ContentDocumentId as string;
    documentIds.push(documentId);
    const linked = i % 2 === 0 ? milestones[i % milestones.length]! : deliverables[i % deliverables.length]!;
    for (const entity of [linked, reviewers[i % reviewers.length]!]) {
      org.create(
        'ContentDocumentLink',
        { ContentDocumentId: documentId, LinkedEntityId: entity, ShareType: 'V', Visibility: 'AllUsers' },
        ctx,
      );
    }
  }
  return { rootId, documentIds, records: 1 + SHAPE.milestones + SHAPE.deliverables + SHAPE.tasks };
}

/**
 * The lower bound of API calls for a restore (written here and in the report):
 *   LB = Σ over (wave, object, operation) ⌈records / 200⌉     records, sObject Collections
 *        (with Composite Graph: ⌈new records / 500⌉ + the overwrites as above)
 *      + Σ over object ⌈patched records / 200⌉                 optional-link patches (their own wave)
 *      + files written + attachments written                   one call per file content
 *      + Σ over object ⌈ids asked / 300⌉ + ⌈documents / 300⌉   org-state queries in full chunks
 * where "ids asked" are the records of the restore, the outside records they link to (users and
 * other never-deleted objects excepted) and the attachments. Describes, identity and the queries
 * for new documents' ids and for sharing links are not in the bound: they count as overhead.
 */
function lowerBound(plan: RestorePlan, query: ReturnType<typeof scopeRestore>, graph: boolean) {
  const groups = new Map<string, number>();
  for (const r of plan.records) {
    if (r.wave === undefined) continue;
    // With Composite Graph every new record counts against one floor of 500 a call.
    const key =
      graph && r.action === 'create'
        ? 'graph'
        : `${r.wave}/${r.objectType}/${r.action === 'create' ? 'create' : 'update'}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  for (const p of plan.patches) {
    const key = `patch/${p.objectType}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  let records = 0;
  for (const [key, n] of groups) records += Math.ceil(n / (key === 'graph' ? GRAPH_LIMIT : COLLECTION_LIMIT));
  const written = (a: { action: string }) => a.action !== 'skip' && a.action !== 'willFail';
  const files = plan.files.filter(written).length + plan.attachments.filter(written).length;
  const asked = new Map<string, number>();
  const ids = [
    ...query.recordIds,
    ...query.referenceIds.filter((id) => !CONFIGURATION_KEY_PREFIXES.has(id.slice(0, 3))),
    ...query.attachmentIds,
  ];
  for (const id of ids) asked.set(keyPrefixOf(id), (asked.get(keyPrefixOf(id)) ?? 0) + 1);
  let orgState = Math.ceil(query.contentDocumentIds.length / QUERY_CHUNK);
  for (const n of asked.values()) orgState += Math.ceil(n / QUERY_CHUNK);
  return { records, files, orgState, total: records + files + orgState };
}

interface SaveResult {
  id?: string;
  success: boolean;
  errors?: unknown[];
}

/**
 * The baseline: the plan's writes made straight through jsforce, in the same wave order, with the
 * same references rewritten — sObject Collections of 200, then the patches, then one call per file.
 */
async function writeDirect(conn: Connection, store: SnapshotStore, plan: RestorePlan) {
  const byId = new Map(plan.records.map((r) => [r.sourceId, r]));
  const idMap = new Map<string, string>();
  const newDocumentVersions: string[] = [];
  let calls = 0;
  let failures = 0;
  const collection = async (method: 'POST' | 'PATCH', records: Record<string, unknown>[]) => {
    calls++;
    const answer = await conn.request<SaveResult[]>({
      method,
      url: '/composite/sobjects',
      body: JSON.stringify({ allOrNone: false, records }),
      headers: { 'content-type': 'application/json' },
    });
    return answer;
  };
  const started = performance.now();
  for (const wave of plan.waves) {
    for (const batch of wave.batches) {
      const payload = batch.sourceIds.map((sourceId) => {
        const record = byId.get(sourceId)!;
        const fields: Record<string, unknown> = { attributes: { type: batch.objectType }, ...record.fields };
        for (const rewrite of record.idRewrites) fields[rewrite.field] = idMap.get(rewrite.targetSourceId) ?? null;
        if (batch.operation === 'update') fields.id = record.targetId ?? sourceId;
        return fields;
      });
      const answer = await collection(batch.operation === 'create' ? 'POST' : 'PATCH', payload);
      answer.forEach((r, i) => {
        if (!r.success) failures++;
        else if (batch.operation === 'create' && r.id) idMap.set(batch.sourceIds[i]!, r.id);
      });
    }
  }
  for (const batch of plan.patchBatches) {
    const payload = batch.sourceIds.map((sourceId) => {
      const record = byId.get(sourceId)!;
      const fields: Record<string, unknown> = {
        attributes: { type: batch.objectType },
        id: idMap.get(sourceId) ?? sourceId,
      };
      for (const link of record.deferredLinks) fields[link.field] = idMap.get(link.targetSourceId) ?? null;
      return fields;
    });
    const answer = await collection('PATCH', payload);
    for (const r of answer) if (!r.success) failures++;
  }
  for (const file of plan.files) {
    if (file.action !== 'create') continue;
    const content = await store.readBlob(file.contentHash);
    calls++;
    const saved = await conn.request<{ id: string }>({
      method: 'POST',
      url: '/sobjects/ContentVersion',
      body: JSON.stringify({
        Title: file.title,
        PathOnClient: file.pathOnClient,
        VersionData: Buffer.from(content).toString('base64'),
        OwnerId: file.ownerId,
      }),
      headers: { 'content-type': 'application/json' },
    });
    newDocumentVersions.push(saved.id);
  }
  return { ms: performance.now() - started, calls, failures, idMap, newDocumentVersions };
}

async function measureStackRestore(log: (line: string) => void): Promise<BenchMeasure[]> {
  const stack = await startStack({ logger: silent, mock: { metadataDir: DEMO_ORG_DIR } });
  try {
    const mock = stack.mock!;
    const mockOrg = mock.admin.org(mock.orgId);
    const ctx: WriteContext = { userId: mockOrg.identity.adminUserId };
    const calls = () => mock.admin.apiCalls(mock.orgId).apiCalls;

    let t = performance.now();
    const tree = buildHierarchy(mockOrg.org, ctx);
    log(`org filled: ${tree.records.toLocaleString('en-US')} records, ${SHAPE.files} files in ${since(t)}`);
    t = performance.now();
    const backup = await backupOrg(stack.conn, stack.store);
    log(`backed up in ${since(t)}`);
    const destroyed = await stack.conn.sobject('Project__c').destroy(tree.rootId);
    if (!destroyed.success) throw new Error(`could not delete the root: ${JSON.stringify(destroyed)}`);
    for (const doc of tree.documentIds) mockOrg.org.delete('ContentDocument', doc, { ...ctx, system: true });

    // Plan (counted): the org-state queries.
    let c = calls();
    t = performance.now();
    const api = new PlannerApiClient({ url: stack.plannerUrl, token: stack.token });
    const pending = await api.planRestore({ recordId: tree.rootId, method: 'related' });
    const planMs = performance.now() - t;
    const planCalls = calls() - c;
    const jobStore = await openJobStore(jetstream(stack.nats.nc));
    const stored = (await jobStore.storedPlan(pending.planId)) as StoredPlan;
    const plan = stored.plan;
    // The same slice prepareRestore reads, for the org-state part of the lower bound.
    const root = stack.store.record(backup.snapshot.id, tree.rootId)!;
    const slice = snapshotSlice(stack.store, backup.snapshot.id, root, 'related');
    const query = scopeRestore(pending.request, slice, DOWNLOAD_ONLY_TYPES);
    const graph = stored.writeMode === 'graph';
    const bound = lowerBound(plan, query, graph);
    log(
      `planned in ${ms(planMs)}: ${plan.records.length} records in ${plan.waves.length} waves + patches, ${plan.files.length} files; ${planCalls} calls; writes through ${graph ? 'Composite Graph' : 'Collections'}`,
    );

    // Baseline (not counted): the same writes straight through jsforce, then undone.
    const direct = await writeDirect(stack.conn, stack.store, plan);
    log(`direct jsforce writes: ${ms(direct.ms)}, ${direct.calls} calls, ${direct.failures} failures`);
    const directRoot = direct.idMap.get(tree.rootId);
    if (directRoot) await stack.conn.sobject('Project__c').destroy(directRoot);
    for (const version of direct.newDocumentVersions) {
      const doc = mockOrg.org.get(version)?.fields.ContentDocumentId as string | undefined;
      if (doc) mockOrg.org.delete('ContentDocument', doc, { ...ctx, system: true });
    }

    // The job through the stack (counted).
    c = calls();
    t = performance.now();
    const started = await api.confirm(pending.planId);
    const job = await stack.planner.manager.settled(started.jobId, 900_000);
    const jobMs = performance.now() - t;
    const jobCalls = calls() - c;
    const written = job.counts.records.total.created + job.counts.records.total.overwritten;
    log(
      `job ${job.status} in ${ms(jobMs)}: ${written} records, ${job.counts.files.created} files, ${job.counts.metafiles.created} metafiles, ${job.failures.length} failures, ${job.retries} duplicate results; ${jobCalls} calls`,
    );
    if (job.status !== 'succeeded') log(`first failures: ${JSON.stringify(job.failures.slice(0, 3))}`);
    log(
      `lower bound ${bound.total} calls = ${bound.records} record calls + ${bound.files} file calls + ${bound.orgState} org-state queries`,
    );

    const ratio = (planCalls + jobCalls) / bound.total;
    const overhead = jobMs / direct.ms;
    return [
      {
        name: '10k-record restore with 500 files: API calls / lower bound',
        value: ratio,
        unit: 'ratio',
        ratio,
        baseline: `lower bound (${bound.total} calls; made ${planCalls + jobCalls})`,
        target: '≤ 1.2',
        met: ratio <= 1.2 && job.status === 'succeeded',
      },
      { name: '10k-record restore: records per second (job)', value: (written / jobMs) * 1000, unit: 'records/s' },
      { name: '10k-record restore: planning time (summary)', value: planMs, unit: 'ms' },
      { name: '10k-record restore: job time (confirm → finished)', value: jobMs, unit: 'ms' },
      {
        name: '10k-record restore: orchestration overhead (job time / direct jsforce time)',
        value: overhead,
        unit: 'ratio',
        ratio: overhead,
        baseline: `direct jsforce writes (${Math.round(direct.ms)} ms)`,
        target: '≤ 1.5',
        met: overhead <= 1.5,
      },
      {
        name: '10k-record restore: plan + job time / direct jsforce time',
        value: (planMs + jobMs) / direct.ms,
        unit: 'ratio',
      },
    ];
  } finally {
    await stack.close();
  }
}

interface PlanRun {
  size: number;
  records: number;
  elapsedMs: number;
  cpuMs: number;
  peakRssBytes: number;
  baselineRssBytes: number;
  inputHeapBytes: number;
  heapAfterPlanBytes: number;
  planRetainedHeapBytes: number;
}

function runPlanChild(size: number): Promise<PlanRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--max-old-space-size=4096',
        join(import.meta.dirname, '../../../packages/restore-plan/bench/plan-1m.ts'),
        String(size),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`plan child exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as PlanRun);
    });
  });
}

async function measurePlan1M(log: (line: string) => void): Promise<BenchMeasure[]> {
  const run = await runPlanChild(1_000_000);
  const gib = 2 ** 30;
  log(
    `planned ${run.records.toLocaleString('en-US')} records in ${ms(run.elapsedMs)} (CPU ${ms(run.cpuMs)}); input heap ${mib(run.inputHeapBytes)}, heap after plan ${mib(run.heapAfterPlanBytes)}, plan retained ${mib(run.planRetainedHeapBytes)}, peak RSS ${mib(run.peakRssBytes)}`,
  );
  return [
    {
      name: 'plan a 1,000,000-record related restore: time',
      value: run.elapsedMs,
      unit: 'ms',
      target: '≤ 10,000 ms',
      met: run.elapsedMs <= 10_000,
    },
    { name: 'plan a 1,000,000-record related restore: CPU time', value: run.cpuMs, unit: 'ms' },
    {
      name: 'plan a 1,000,000-record related restore: peak RSS (whole process, input included)',
      value: run.peakRssBytes / 2 ** 20,
      unit: 'MiB',
      target: '≤ 2,048 MiB',
      met: run.peakRssBytes <= 2 * gib,
    },
    {
      name: 'plan a 1,000,000-record related restore: heap after planning',
      value: run.heapAfterPlanBytes / 2 ** 20,
      unit: 'MiB',
    },
  ];
}

const ms = (duration: number) => `${Math.round(duration).toLocaleString('en-US')} ms`;
const since = (start: number) => ms(performance.now() - start);
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

const suite: BenchSuite = {
  name: 'restore engine',
  async run(log) {
    const measures: BenchMeasure[] = [];
    if (parts.has('stack')) measures.push(...(await measureStackRestore(log)));
    if (parts.has('plan')) measures.push(...(await measurePlan1M(log)));
    return measures;
  },
};
export default suite;
