// Persistence of plans and jobs in JetStream: KV `restorelab-jobs` holds `plan.<id>` (pending plan and
// summary) and `job.<id>` (job state); the plan itself, which can be large, goes into the content
// object store under `plans/<id>.json`.
import type { JetStreamClient } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { type ObjectStore, Objm } from '@nats-io/obj';
import { KV_BUCKETS, OBJECT_BUCKETS } from '@restorelab/contracts';
import type { JobState, PendingPlan, StoredPlan } from './types.ts';

export interface JobStore {
  putPlan(pending: PendingPlan, stored: StoredPlan): Promise<void>;
  pendingPlan(planId: string): Promise<PendingPlan | undefined>;
  updatePendingPlan(pending: PendingPlan): Promise<void>;
  storedPlan(planId: string): Promise<StoredPlan | undefined>;
  putJob(job: JobState): Promise<void>;
  job(jobId: string): Promise<JobState | undefined>;
  jobs(): Promise<JobState[]>;
  content: ObjectStore;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function openJobStore(js: JetStreamClient): Promise<JobStore> {
  const kv: KV = await new Kvm(js).open(KV_BUCKETS.jobs);
  const content = await new Objm(js).open(OBJECT_BUCKETS.content);
  const getJson = async <T>(key: string): Promise<T | undefined> => {
    const entry = await kv.get(key);
    if (!entry || entry.operation !== 'PUT' || entry.length === 0) return undefined;
    return entry.json<T>();
  };
  return {
    content,
    async putPlan(pending, stored) {
      await content.putBlob({ name: planObjectName(pending.planId) }, encoder.encode(JSON.stringify(stored)));
      await kv.put(`plan.${pending.planId}`, JSON.stringify(pending));
    },
    pendingPlan: (planId) => (validKey(planId) ? getJson<PendingPlan>(`plan.${planId}`) : Promise.resolve(undefined)),
    async updatePendingPlan(pending) {
      await kv.put(`plan.${pending.planId}`, JSON.stringify(pending));
    },
    async storedPlan(planId) {
      const bytes = await content.getBlob(planObjectName(planId));
      return bytes ? (JSON.parse(decoder.decode(bytes)) as StoredPlan) : undefined;
    },
    async putJob(job) {
      await kv.put(`job.${job.jobId}`, JSON.stringify(job));
    },
    job: (jobId) => (validKey(jobId) ? getJson<JobState>(`job.${jobId}`) : Promise.resolve(undefined)),
    async jobs() {
      const keys: string[] = [];
      for await (const key of await kv.keys('job.*')) keys.push(key);
      const jobs = await Promise.all(keys.map((k) => getJson<JobState>(k)));
      return jobs.filter((j): j is JobState => j !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  };
}

function planObjectName(planId: string): string {
  return `plans/${planId}.json`;
}

// Ids become one KV key token; anything else cannot name a stored plan or job.
function validKey(id: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(id);
}
