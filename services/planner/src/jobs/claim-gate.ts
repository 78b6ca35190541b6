// The gate a job passes before it writes: it takes the claims on its backed-up items (claims.ts), or
// learns which running job holds one and waits for it. A claim whose job has ended or is gone is
// dead (its planner stopped between the job's end and the release): the gate removes it when it
// meets it, and a starting planner removes every dead claim it finds.
import type { Logger } from '@restorelab/runtime';
import type { Claims } from './claims.ts';
import type { JobStore } from './job-store.ts';
import { claimedItems } from './overlap.ts';
import { isTerminalJobStatus, type JobState, type StoredPlan } from './types.ts';

/** How often a waiting job looks whether the claim it waits for has been given back. */
const POLL_MS = 250;

export interface Holder {
  jobId: string;
  itemId: string;
  /** The holder has ended, but after this job's plan was made: plan again before claiming. */
  ended?: boolean;
}

export class ClaimGate {
  readonly #claims: Claims;
  readonly #jobs: JobStore;
  readonly #logger: Logger;
  /** When jobs that released claims ended (a job's end never changes). */
  readonly #ended = new Map<string, string>();

  constructor(claims: Claims, jobs: JobStore, logger: Logger) {
    this.#claims = claims;
    this.#jobs = jobs;
    this.#logger = logger;
  }

  /** Takes every claim of the job; answers the running job holding one of them otherwise. */
  async take(state: JobState, stored: StoredPlan): Promise<Holder | undefined> {
    const items = claimedItems(stored);
    for (;;) {
      const outcome = await this.#claims.take(
        state.orgId,
        state.jobId,
        items,
        (writer) => this.#endedSince(writer, stored.plannedAt),
        stored.plannedAt,
      );
      if (outcome.taken) return undefined;
      const holder = { jobId: outcome.holder, itemId: outcome.itemId, ...(outcome.ended ? { ended: true } : {}) };
      if (outcome.ended) return holder;
      if (!outcome.holder || !(await this.#isLive(holder.jobId))) {
        // Given back meanwhile, or dead: take again (a dead job's claims among ours go first).
        if (outcome.holder) await this.#claims.release(state.orgId, outcome.holder, items);
        continue;
      }
      return holder;
    }
  }

  /** Resolves once the holder no longer holds the item (or its claims are dead), or `stop()` says so. */
  async waitFor(state: JobState, stored: StoredPlan, holder: Holder, stop: () => boolean): Promise<void> {
    while (!stop()) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS * (0.5 + Math.random())));
      if (stop()) return;
      if ((await this.#claims.holder(state.orgId, holder.itemId)) !== holder.jobId) return;
      if (!(await this.#isLive(holder.jobId))) {
        await this.#claims.release(state.orgId, holder.jobId, claimedItems(stored));
        return;
      }
    }
  }

  /** Gives back the job's claims. A failure leaves dead claims, removed by whoever meets them. */
  async release(state: JobState, stored: StoredPlan): Promise<void> {
    try {
      await this.#claims.release(state.orgId, state.jobId, claimedItems(stored));
    } catch (err) {
      this.#logger.warn({ err, jobId: state.jobId }, 'claims not given back: removed when met');
    }
  }

  /** Removes the claims of jobs that have ended or are gone (a planner stopped before giving them back). */
  async sweep(): Promise<number> {
    const byJob = new Map<string, Array<{ orgId: string; itemId: string }>>();
    for (const claim of await this.#claims.all()) {
      const list = byJob.get(claim.jobId) ?? [];
      list.push(claim);
      byJob.set(claim.jobId, list);
    }
    let removed = 0;
    for (const [jobId, claims] of byJob) {
      if (await this.#isLive(jobId)) continue;
      const byOrg = new Map<string, string[]>();
      for (const { orgId, itemId } of claims) {
        const items = byOrg.get(orgId) ?? [];
        items.push(itemId);
        byOrg.set(orgId, items);
      }
      for (const [orgId, items] of byOrg) await this.#claims.release(orgId, jobId, items);
      removed += claims.length;
    }
    if (removed > 0) this.#logger.info({ removed }, 'dead claims removed');
    return removed;
  }

  /** Whether a job ended after a plan made at `plannedAt` (a plan stored without the time: never). */
  async #endedSince(jobId: string, plannedAt: string | undefined): Promise<boolean> {
    if (!plannedAt) return false;
    let ended = this.#ended.get(jobId);
    if (ended === undefined) {
      ended = (await this.#jobs.job(jobId))?.finishedAt ?? '';
      if (ended) this.#ended.set(jobId, ended);
    }
    return ended > plannedAt;
  }

  /** A job holds its claims while it runs; one that ended or is gone holds nothing. */
  async #isLive(jobId: string): Promise<boolean> {
    const job = await this.#jobs.job(jobId);
    return job !== undefined && !isTerminalJobStatus(job.status);
  }
}
