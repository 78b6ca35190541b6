// Persistence of plans and jobs in JetStream: KV `restorelab-jobs` holds `plan.<id>` (pending plan and
// summary), `job.<id>` (a job's head) and `job.<id>.b.<n>` (its journal, see job-journal.ts). The plan itself goes beside the pending plan in the same KV
// entry when it is small, and into the content object store under `plans/<id>.json.gz` otherwise: an
// object-store put costs three round trips (a look-up, the chunks, the metadata) where a KV put costs
// one, and most restores plan a handful of records. A large plan is gzipped (at the fastest level, on
// libuv's thread pool): the object store digests every byte with a SHA-256 written in JavaScript, on
// put and again on get, and a plan's JSON shrinks about fifteen-fold. A very large plan is written in
// pieces, never as one string (STREAMED_PLAN_RECORDS).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { constants, createGzip, gunzip, gzip } from 'node:zlib';
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { type ObjectStore, Objm } from '@nats-io/obj';
import { KV_BUCKETS, OBJECT_BUCKETS } from '@restorelab/contracts';
import type { JobHead, JournalEntry, NumberedEntry } from './job-journal.ts';
import { jsonChunks } from './json-chunks.ts';
import { withRetries } from './retry.ts';
import type { JobState, PendingPlan, StoredPlan } from './types.ts';

/** A stored job: a head, or a whole state saved before the journal (read, never written). */
export type StoredJob = JobHead | JobState;

export interface JobStore {
  /**
   * Stores a plan; answers it as JSON (what `storedPlan` parses back), unless it was too large to
   * be made into one string (past STREAMED_PLAN_RECORDS).
   */
  putPlan(pending: PendingPlan, stored: StoredPlan): Promise<string | undefined>;
  pendingPlan(planId: string): Promise<PendingPlan | undefined>;
  storedPlan(planId: string): Promise<StoredPlan | undefined>;
  /** Writes journal entries, then the head that commits them (never the head before its entries). */
  putJob(head: JobHead, entries?: readonly NumberedEntry[]): Promise<void>;
  /** Writes a job's first head; false (and nothing written) when the job already exists. */
  createJob(head: JobHead): Promise<boolean>;
  job(jobId: string): Promise<StoredJob | undefined>;
  jobs(): Promise<StoredJob[]>;
  /** Journal entries `from..to-1` of a job, in order (a missing one is an error: the head commits it). */
  journal(jobId: string, from: number, to: number): Promise<JournalEntry[]>;
  content: ObjectStore;
}

/**
 * Plans up to this size (characters of JSON) are kept inside their KV entry: well below the server's
 * 1 MiB message limit, and about the plan of a few hundred records.
 */
export const INLINE_PLAN_CHARS = 256 * 1024;

/**
 * Plans of more records than this are written to the object store in pieces (json-chunks.ts),
 * gzipped as they come, never as one string: at 200k records that string was 78 M characters.
 */
export const STREAMED_PLAN_RECORDS = 10_000;

/** A `plan.<id>` entry: the pending plan, with the plan itself when it is small. */
type PlanEntry = PendingPlan & { storedPlan?: StoredPlan };

const decoder = new TextDecoder();
const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);

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
      if (stored.plan.records.length > STREAMED_PLAN_RECORDS) {
        await content.putBlob({ name: planObjectName(pending.planId) }, await gzipPieces(jsonChunks(stored)));
        await kv.put(`plan.${pending.planId}`, JSON.stringify(pending));
        return undefined;
      }
      // Serialised once (2.7 M characters, 15-30 ms, at 10k records): its length says where it goes,
      // and the caller keeps the text for the plan cache.
      const plan = JSON.stringify(stored);
      // One put: the pending plan and its plan appear together or not at all. (Characters, not bytes:
      // at most three bytes each, still well inside the message limit.)
      if (plan.length <= INLINE_PLAN_CHARS) {
        const entry: PlanEntry = { ...pending, storedPlan: stored };
        const inline = JSON.stringify(entry);
        if (inline.length <= INLINE_PLAN_CHARS) {
          await kv.put(`plan.${pending.planId}`, inline);
          return plan;
        }
      }
      const bytes = await gzipped(plan, { level: constants.Z_BEST_SPEED });
      await content.putBlob({ name: planObjectName(pending.planId) }, bytes);
      await kv.put(`plan.${pending.planId}`, JSON.stringify(pending));
      return plan;
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
      if (bytes) return JSON.parse(decoder.decode(await gunzipped(bytes))) as StoredPlan;
      // Stored before plans were gzipped: plain JSON under the old name.
      const plain = await content.getBlob(plainPlanObjectName(planId));
      return plain ? (JSON.parse(decoder.decode(plain)) as StoredPlan) : undefined;
    },
    async putJob(head, entries = []) {
      // The state in memory has moved on already: a save lost to a leader election would strand
      // the job (see retry.ts). The same values put again are harmless.
      for (let i = 0; i < entries.length; i += IN_FLIGHT) {
        await Promise.all(
          entries.slice(i, i + IN_FLIGHT).map(({ seq, entry }) => {
            const json = JSON.stringify(entry);
            return withRetries(() => kv.put(entryKey(head.jobId, seq), json));
          }),
        );
      }
      const json = JSON.stringify(head);
      await withRetries(() => kv.put(`job.${head.jobId}`, json));
    },
    async createJob(head) {
      const key = `job.${head.jobId}`;
      const json = JSON.stringify(head);
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
    job: (jobId) => (validKey(jobId) ? getJson<StoredJob>(`job.${jobId}`) : Promise.resolve(undefined)),
    async jobs() {
      const keys: string[] = [];
      // `job.*` is one token: heads only, not journal entries.
      for await (const key of await kv.keys('job.*')) keys.push(key);
      const jobs = await Promise.all(keys.map((k) => getJson<StoredJob>(k)));
      return jobs.filter((j): j is StoredJob => j !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    async journal(jobId, from, to) {
      const entries: JournalEntry[] = [];
      for (let start = from; start < to; start += IN_FLIGHT) {
        const seqs = Array.from({ length: Math.min(IN_FLIGHT, to - start) }, (_, i) => start + i);
        const read = await Promise.all(seqs.map((seq) => getJson<JournalEntry>(entryKey(jobId, seq))));
        read.forEach((entry, i) => {
          if (!entry) throw new Error(`journal entry ${seqs[i]} of job ${jobId} is missing`);
          entries.push(entry);
        });
      }
      return entries;
    },
  };
}

/** JSON text in pieces, gzipped at the fastest level as they come. */
async function gzipPieces(pieces: Iterable<string>): Promise<Uint8Array> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), createGzip({ level: constants.Z_BEST_SPEED }), async (zipped) => {
    for await (const bytes of zipped as AsyncIterable<Buffer>) out.push(bytes);
  });
  return Buffer.concat(out);
}

/** Puts and reads in flight at once for journal entries (a round trip each). */
const IN_FLIGHT = 128;

function entryKey(jobId: string, seq: number): string {
  return `job.${jobId}.b.${seq}`;
}

function planObjectName(planId: string): string {
  return `plans/${planId}.json.gz`;
}

function plainPlanObjectName(planId: string): string {
  return `plans/${planId}.json`;
}

// Ids become one KV key token; anything else cannot name a stored plan or job.
function validKey(id: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(id);
}
