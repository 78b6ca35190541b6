// Small plans this planner made, kept in memory until their confirmation: reading a plan back from
// the store costs NATS round trips. Another planner (or this one after a restart) reads the store.
import type { PendingPlan, StoredPlan } from './types.ts';

/** Plans kept in memory for their confirmation: at most this many, of at most this many records. */
export const KEEP_PLANS = 16;
export const KEEP_PLAN_RECORDS = 10_000;

export interface CachedPlan {
  pending: PendingPlan;
  /** The plan as a fresh copy of exactly what the store would give back. */
  stored: () => StoredPlan;
}

export class PlanCache {
  readonly #plans = new Map<string, { pending: PendingPlan; stored: string }>();
  readonly #maxPlans: number;
  readonly #maxRecords: number;

  constructor(maxPlans = KEEP_PLANS, maxRecords = KEEP_PLAN_RECORDS) {
    this.#maxPlans = maxPlans;
    this.#maxRecords = maxRecords;
  }

  /** Keeps a plan small enough to keep; the oldest kept plan goes when there are too many. */
  remember(pending: PendingPlan, stored: StoredPlan, json?: string): void {
    if (stored.plan.records.length > this.#maxRecords) return;
    // The plan as JSON, so a confirmation gets exactly what the store would give back (`json`: the
    // text the store was given, so it is not serialised twice).
    this.#plans.set(pending.planId, { pending: structuredClone(pending), stored: json ?? JSON.stringify(stored) });
    if (this.#plans.size > this.#maxPlans) this.#plans.delete(this.#plans.keys().next().value as string);
  }

  get(planId: string): CachedPlan | undefined {
    const kept = this.#plans.get(planId);
    if (!kept) return undefined;
    return { pending: kept.pending, stored: () => JSON.parse(kept.stored) as StoredPlan };
  }

  forget(planId: string): void {
    this.#plans.delete(planId);
  }

  get size(): number {
    return this.#plans.size;
  }
}
