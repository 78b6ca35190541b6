// Leases of running jobs in KV (`lease.<job id>` in the jobs bucket, see lease.ts), and whether a
// planner is alive: each planner answers on its own core NATS subject while its connection lives.
// Every write but the first is checked against the revision the writer last saw, so a lease has one
// holder: a renewal after a takeover fails, and of two takeovers one fails.
import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { type NatsConnection, RequestError, type Subscription } from '@nats-io/transport-node';
import { KV_BUCKETS, SUBJECTS } from '@restorelab/contracts';
import type { LeaseSeen, LeaseValue } from './lease.ts';

export interface Leases {
  /** The lease of a job as KV holds it now. */
  read(jobId: string): Promise<LeaseSeen>;
  /** Writes the lease if it is still at `revision` (0: absent); the new revision, or undefined if it moved. */
  write(jobId: string, value: LeaseValue, revision: number): Promise<number | undefined>;
  /** Removes the lease if it is still at `revision` (the job has ended). */
  remove(jobId: string, revision: number): Promise<void>;
  /** Jobs with a lease entry (running at some planner, or left by one that died). */
  jobIds(): Promise<string[]>;
}

function isWrongSequence(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

const leaseKey = (jobId: string) => `lease.${jobId}`;

export async function openLeases(js: JetStreamClient): Promise<Leases> {
  const kv: KV = await new Kvm(js).open(KV_BUCKETS.jobs);
  return {
    async read(jobId) {
      const entry = await kv.get(leaseKey(jobId));
      if (entry?.operation !== 'PUT' || entry.length === 0) return undefined;
      return { revision: entry.revision, value: entry.json<LeaseValue>() };
    },
    async write(jobId, value, revision) {
      const json = JSON.stringify(value);
      try {
        if (revision > 0) return await kv.update(leaseKey(jobId), json, revision);
        return await kv.create(leaseKey(jobId), json);
      } catch (err) {
        if (isWrongSequence(err)) return undefined;
        throw err;
      }
    },
    async remove(jobId, revision) {
      await kv.delete(leaseKey(jobId), { previousSeq: revision }).catch((err) => {
        if (!isWrongSequence(err)) throw err;
      });
    },
    async jobIds() {
      const ids: string[] = [];
      for await (const key of await kv.keys('lease.*')) ids.push(key.slice('lease.'.length));
      return ids;
    },
  };
}

/** Answers on this planner's subject while its connection lives. */
export function serveAlive(nc: NatsConnection, plannerId: string): Subscription {
  return nc.subscribe(SUBJECTS.plannerAlive(plannerId), {
    callback: (err, msg) => {
      if (!err) msg.respond();
    },
  });
}

/**
 * Whether a planner is gone: true only when nobody listens on its subject (the server answers that
 * at once). A planner that is slow to answer is not taken for gone: its lease expires instead.
 */
export async function isGone(nc: NatsConnection, plannerId: string): Promise<boolean> {
  try {
    await nc.request(SUBJECTS.plannerAlive(plannerId), undefined, { timeout: 2_000 });
    return false;
  } catch (err) {
    return err instanceof RequestError && err.isNoResponders();
  }
}
