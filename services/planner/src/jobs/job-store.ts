// Persistence of plans and jobs in JetStream: KV `restorelab-jobs` holds `plan.<id>` (pending plan and
// summary) and `job.<id>` (job state). The plan itself goes beside the pending plan in the same KV
// entry when it is small, and into the content object store under `plans/<id>.json` otherwise: an
// object-store put costs three round trips (a look-up, the chunks, the metadata) where a KV put costs
// one, and most restores plan a handful of records.
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { type ObjectStore, Objm } from '@nats-io/obj';
import { KV_BUCKETS, OBJECT_BUCKETS } from '@restorelab/contracts';
import { withRetries } from './retry.ts';
import type { JobState, PendingPlan, StoredPlan } from './types.ts';

export interface JobStore {
  putPlan(pending: PendingPlan, stored: StoredPlan): Promise<void>;
  pendingPlan(planId: string): Promise<PendingPlan | undefined>;
  storedPlan(planId: string): Promise<StoredPlan | undefined>;
  putJob(job: JobState): Promise<void>;
  /** Writes a job's first state; false (and nothing written) when the job already exists. */
  createJob(job: JobState): Promise<boolean>;
  job(jobId: string): Promise<JobState | undefined>;
  jobs(): Promise<JobState[]>;
  content: ObjectStore;
}

/**
 * Plans up to this size (characters of JSON) are kept inside their KV entry: well below the server's
 * 1 MiB message limit, and about the plan of a few hundred records.
 */
export const INLINE_PLAN_CHARS = 256 * 1024;

/** A `plan.<id>` entry: the pending plan, with the plan itself when it is small. */
type PlanEntry = PendingPlan & { storedPlan?: StoredPlan };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function openJobStore(js: JetStreamClient): Promise<JobStore> {
  const kv: KV = await new Kvm(js).open(KV_BUCKETS.jobs);
  const content = await new Objm(js).open(OBJECT_BUCKETS.content);
  const getJson = async <T>(key: string): Promise<T | undefined> => {
    const entry = await kv.get(key);
    if (entry?.operation !== 'PUT' || entry.length === 0) return undefined;
    return entry.json<T>();
  };
  const planEntry = (planId: string) =>
    validKey(planId) ? getJson<PlanEntry>(`plan.${planId}`) : Promise.resolve(undefined);
  return {
    content,
    async putPlan(pending, stored) {
      const entry: PlanEntry = { ...pending, storedPlan: stored };
      const inline = JSON.stringify(entry);
      // One put: the pending plan and its plan appear together or not at all. (Characters, not bytes:
      // at most three bytes each, still well inside the message limit.)
      if (inline.length <= INLINE_PLAN_CHARS) {
        await kv.put(`plan.${pending.planId}`, inline);
        return;
      }
      await content.putBlob({ name: planObjectName(pending.planId) }, encoder.encode(JSON.stringify(stored)));
      await kv.put(`plan.${pending.planId}`, JSON.stringify(pending));
    },
    async pendingPlan(planId) {
      const entry = await planEntry(planId);
      if (!entry) return undefined;
      const { storedPlan: _plan, ...pending } = entry;
      return pending;
    },
    async storedPlan(planId) {
      const entry = await planEntry(planId);
      if (!entry) return undefined;
      if (entry.storedPlan) return entry.storedPlan;
      const bytes = await content.getBlob(planObjectName(planId));
      return bytes ? (JSON.parse(decoder.decode(bytes)) as StoredPlan) : undefined;
    },
    async putJob(job) {
      // The state in memory has moved on already: a save lost to a leader election would strand
      // the job (see retry.ts). The same value put again is harmless.
      const json = JSON.stringify(job);
      await withRetries(() => kv.put(`job.${job.jobId}`, json));
    },
    async createJob(job) {
      const key = `job.${job.jobId}`;
      const json = JSON.stringify(job);
      try {
        await kv.create(key, json);
        return true;
      } catch (err) {
        // The server refused: the entry exists (another confirmation created it).
        if (
          err instanceof JetStreamApiError &&
          (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
            err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
        ) {
          return false;
        }
        // The answer was lost (a timeout, a reconnect), and the create may have landed: the entry is
        // this confirmation's if it holds exactly what was sent. Otherwise the failure stands.
        const written = await kv.get(key).catch(() => null);
        if (written?.operation === 'PUT' && written.string() === json) return true;
        throw err;
      }
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
