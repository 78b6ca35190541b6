// When a planner may take over another planner's running job, without NATS. The planner running a
// job renews its lease (a KV entry: every renewal gives it a new revision). Another planner never
// trusts a clock it does not own: it watches the revision, and the lease has expired once the
// revision has not moved for `leaseMs` of the watcher's own time. Two faster signs count at once: a
// lease given back (its holder stopped cleanly) and a holder that is gone (its NATS connection closed,
// so nobody answers on its subject). Taking over is then a revision-checked write: of two planners
// that judge the same lease expired, one wins.

/** What a lease entry holds. */
export interface LeaseValue {
  /** The planner holding the job (a random id per planner process). */
  owner: string;
  /** Written by a holder that stopped cleanly: anyone may take the job at once. */
  released?: boolean;
}

/** A lease as one look at KV found it: absent (never written, or the job is older than leases). */
export type LeaseSeen = { revision: number; value: LeaseValue } | undefined;

/** What the watcher remembers of a lease it does not hold: its revision and since when (its clock). */
export interface Watched {
  revision: number;
  since: number;
}

export type Verdict =
  | { take: false; watched: Watched }
  | { take: true; reason: 'released' | 'owner gone' | 'expired' | 'never leased' };

/**
 * Judges a lease another planner holds (or nobody): take the job now, or keep watching. `ownerGone`
 * is true when the holder's subject has no responders; `watched` is what the last look remembered.
 */
export function judge(
  seen: LeaseSeen,
  watched: Watched | undefined,
  now: number,
  leaseMs: number,
  ownerGone: boolean,
): Verdict {
  if (seen?.value.released) return { take: true, reason: 'released' };
  if (seen && ownerGone) return { take: true, reason: 'owner gone' };
  const revision = seen?.revision ?? 0;
  if (!watched || watched.revision !== revision) return { take: false, watched: { revision, since: now } };
  if (now - watched.since < leaseMs) return { take: false, watched };
  return { take: true, reason: seen ? 'expired' : 'never leased' };
}

/** Renewals per lease period: a holder slowed by load still renews well before the watchers judge. */
export const RENEWALS_PER_LEASE = 4;

/** A lease period long enough for a loaded machine, short enough that a job waits seconds. */
export const DEFAULT_LEASE_MS = 8_000;
