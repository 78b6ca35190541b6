// Plans this planner made, kept in memory until their confirmation: reading a plan back from the
// store costs NATS round trips, and a large one a gunzip and a parse. Another planner (or this one
// after a restart) reads the store.
import type { PendingPlan, StoredPlan } from './types.ts';

/** Small plans kept in memory for their confirmation: at most this many, of at most this many records. */
export const KEEP_PLANS = 16;
export const KEEP_PLAN_RECORDS = 10_000;
/** How long the newest large plan is kept as it was made: a `--yes` confirmation comes in milliseconds. */
export const KEEP_LARGE_PLAN_MS = 60_000;

export interface CachedPlan {
  pending: PendingPlan;
  /** The plan: a fresh copy of what the store would give back, or (large) the plan as it was made. */
  stored: () => StoredPlan;
}

export class PlanCache {
  readonly #plans = new Map<string, { pending: PendingPlan; stored: string }>();
  readonly #maxPlans: number;
  readonly #maxRecords: number;
  readonly #largeMs: number;
  /**
   * The newest large plan, as prepareRestore made it. Its text is megabytes (a hundred at 200k
   * records) and parsing it back costs more than the rest of a job's start, so the object itself
   * is kept, briefly: a job only reads its plan. It differs from the stored copy in what JSON
   * cannot tell apart (properties set to undefined, arrays shared between items).
   */
  #large: { pending: PendingPlan; stored: StoredPlan; timer: NodeJS.Timeout } | undefined;

  constructor(maxPlans = KEEP_PLANS, maxRecords = KEEP_PLAN_RECORDS, largeMs = KEEP_LARGE_PLAN_MS) {
    this.#maxPlans = maxPlans;
    this.#maxRecords = maxRecords;
    this.#largeMs = largeMs;
  }

  /** Keeps a plan; the oldest kept small plan goes when there are too many, a large one when the next comes. */
  remember(pending: PendingPlan, stored: StoredPlan, json?: string): void {
    if (stored.plan.records.length > this.#maxRecords) {
      this.#dropLarge();
      const timer = setTimeout(() => this.#dropLarge(), this.#largeMs);
      timer.unref();
      this.#large = { pending: structuredClone(pending), stored, timer };
      return;
    }
    // The plan as JSON, so a confirmation gets exactly what the store would give back (`json`: the
    // text the store was given, so it is not serialised twice).
    this.#plans.set(pending.planId, { pending: structuredClone(pending), stored: json ?? JSON.stringify(stored) });
    if (this.#plans.size > this.#maxPlans) this.#plans.delete(this.#plans.keys().next().value as string);
  }

  get(planId: string): CachedPlan | undefined {
    const large = this.#large;
    if (large?.pending.planId === planId) return { pending: large.pending, stored: () => large.stored };
    const kept = this.#plans.get(planId);
    if (!kept) return undefined;
    return { pending: kept.pending, stored: () => JSON.parse(kept.stored) as StoredPlan };
  }

  forget(planId: string): void {
    this.#plans.delete(planId);
    if (this.#large?.pending.planId === planId) this.#dropLarge();
  }

  get size(): number {
    return this.#plans.size + (this.#large ? 1 : 0);
  }

  #dropLarge(): void {
    if (this.#large) clearTimeout(this.#large.timer);
    this.#large = undefined;
  }
}
