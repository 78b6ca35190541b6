// The gate a job passes before it writes: it registers as active in its org's registry of jobs
// (claims.ts, overlap-registry.ts), or learns which job stands in its way. A job meets another when
// their item sets intersect: the sketches in the registry rule most pairs out at once, and the plans
// of the rest are loaded from the plan store and intersected exactly. It may not register while a
// live job it meets is active (it waits for it, then plans again), nor if its plan was made before a
// job it meets ended (it plans again at once). The registry belongs to no process: a restarted
// planner, or one that took the job over, finds the job active and runs it. An active job that has
// ended or is gone is dead (its planner stopped between the end and the release): whoever meets it
// moves it to the ended jobs, and a starting planner does so for every org.
import type { Logger } from '@restorelab/runtime';
import type { Claims, LegacyClaims } from './claims.ts';
import type { JobStore } from './job-store.ts';
import { claimedItems } from './overlap.ts';
import {
  type JobRef,
  REGISTRY_MAX_CHARS,
  type Registry,
  SKETCH_BITS,
  sizeOf,
  sketchesMeet,
  sketchOf,
  withActive,
  withEnded,
  withOlder,
} from './overlap-registry.ts';
import { isTerminalJobStatus, type JobState, type StoredPlan } from './types.ts';

/** How often a waiting job looks whether the job it waits for is still active. */
const POLL_MS = 250;
/**
 * Item sets of other jobs' plans kept for the next look (a waiting job looks at the same ones): so
 * many plans, and so many items in all (about 40 MB per million), whichever is reached first.
 */
const ITEM_SETS_KEPT = 16;
const ITEMS_KEPT = 2_000_000;
/**
 * Marks of older planners count as written this long after `marked.<org>` says they were (their
 * releasers' clocks and the planning clock may disagree; the older planners allowed as much).
 */
const MARKED_MARGIN_MS = 5 * 60_000;
/** A sketch meeting every other: for a job whose items are not known. */
const FULL_SKETCH = Buffer.alloc(SKETCH_BITS / 8, 0xff).toString('base64');

export interface Holder {
  /** The job in the way: '' when only folded history says the plan is out of date. */
  jobId: string;
  /** An item both have ('' when not known exactly). */
  itemId: string;
  /** The holder has ended, but after this job's plan was made: plan again before registering. */
  ended?: boolean;
}

/** A job's own items, as a set made once per look. */
type Mine = { items: readonly string[]; set?: Set<string> };

export class ClaimGate {
  readonly #claims: Claims;
  readonly #jobs: JobStore;
  readonly #logger: Logger;
  /** Items of plans met lately, by plan id and version (a plan's items never change). */
  readonly #itemSets = new Map<string, readonly string[] | undefined>();

  constructor(claims: Claims, jobs: JobStore, logger: Logger) {
    this.#claims = claims;
    this.#jobs = jobs;
    this.#logger = logger;
  }

  /** Registers the job as active; answers the job in its way otherwise. */
  async take(state: JobState, stored: StoredPlan): Promise<Holder | undefined> {
    const items = claimedItems(stored);
    const mine: Mine = { items };
    const ref: JobRef = {
      job: state.jobId,
      plan: stored.planId,
      ...(stored.plannedAt ? { planned: stored.plannedAt } : {}),
      bits: sketchOf(items),
      n: items.length,
    };
    for (;;) {
      const { registry, revision } = await this.#claims.read(state.orgId);
      // Active already: registered before a restart, or by the planner this job was taken from.
      if (registry.active.some((a) => a.job === ref.job)) return undefined;
      let next = registry;
      let holder: Holder | undefined;
      for (const other of registry.active) {
        const itemId = await this.#meets(other, ref, mine);
        if (itemId === undefined) continue;
        const end = await this.#endOf(other.job);
        if (end === undefined) {
          holder = { jobId: other.job, itemId };
          break;
        }
        // Dead: ended (or gone) without giving its items back. It counts as ended from then on.
        next = withEnded(next, other.job, end, new Date());
      }
      holder ??= await this.#outOfDate(next, ref, mine);
      const registered = withActive(next, ref, new Date().toISOString());
      if (!holder && sizeOf(registered) > REGISTRY_MAX_CHARS && next.active[0]) {
        // Too many jobs at once on one org for one value: this one waits for the oldest.
        holder = { jobId: next.active[0].job, itemId: '' };
      }
      if (holder) {
        if (next !== registry) await this.#claims.write(state.orgId, next, revision);
        return holder;
      }
      if (await this.#claims.write(state.orgId, registered, revision)) return undefined;
      // Another registration or release came first: look again at what it left.
    }
  }

  /** Resolves once the holder is no longer active (or was found dead), or `stop()` says so. */
  async waitFor(state: JobState, _stored: StoredPlan, holder: Holder, stop: () => boolean): Promise<void> {
    if (holder.ended) return;
    while (!stop()) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS * (0.5 + Math.random())));
      if (stop()) return;
      const { registry } = await this.#claims.read(state.orgId);
      if (!registry.active.some((a) => a.job === holder.jobId)) return;
      const end = await this.#endOf(holder.jobId);
      if (end !== undefined) return this.#end(state.orgId, holder.jobId, end);
    }
  }

  /** Gives back the job's claims. A failure leaves it active and dead, moved by whoever meets it. */
  async release(state: JobState, _stored?: StoredPlan): Promise<void> {
    try {
      await this.#end(state.orgId, state.jobId, state.finishedAt ?? new Date().toISOString());
    } catch (err) {
      this.#logger.warn({ err, jobId: state.jobId }, 'claims not given back: removed when met');
    }
  }

  /**
   * When a planner starts: moves what older planners left into the registries (once), and the dead
   * active jobs of every org to the ended ones. Answers how many jobs it moved.
   */
  async sweep(): Promise<number> {
    let moved = await this.#moveLegacy();
    for (const orgId of await this.#claims.orgs()) {
      const { registry } = await this.#claims.read(orgId);
      for (const { job } of registry.active) {
        const end = await this.#endOf(job);
        if (end === undefined) continue;
        await this.#end(orgId, job, end);
        moved++;
      }
    }
    if (moved > 0) this.#logger.info({ moved }, 'dead claims removed');
    return moved;
  }

  /** Moves an active job to the ended ones (nothing if it is not active). */
  async #end(orgId: string, jobId: string, at: string): Promise<void> {
    for (;;) {
      const { registry, revision } = await this.#claims.read(orgId);
      const next = withEnded(registry, jobId, at, new Date());
      if (next === registry || (await this.#claims.write(orgId, next, revision))) return;
    }
  }

  /** The ended job (or older history) a plan made before it ended meets, if any. */
  async #outOfDate(registry: Registry, ref: JobRef, mine: Mine): Promise<Holder | undefined> {
    const plannedAt = ref.planned;
    // A plan stored without its time is never out of date (as before claims knew it).
    if (!plannedAt) return undefined;
    for (const ended of registry.ended) {
      if (ended.at <= plannedAt) continue;
      const itemId = await this.#meets(ended, ref, mine);
      if (itemId !== undefined) return { jobId: ended.job, itemId, ended: true };
    }
    const older = registry.older;
    if (older && older.until > plannedAt && sketchesMeet(older.bits, ref.bits)) {
      return { jobId: '', itemId: '', ended: true };
    }
    return undefined;
  }

  /** An item the other job has too ('' if its items cannot be known), or undefined if none. */
  async #meets(other: JobRef, ref: JobRef, mine: Mine): Promise<string | undefined> {
    if (other.job === ref.job || !sketchesMeet(other.bits, ref.bits)) return undefined;
    const theirs = await this.#itemsOf(other);
    if (!theirs) return '';
    // A set of the smaller side, the larger one walked: a small job beside a large one costs little.
    if (theirs.length < mine.items.length) {
      const theirSet = new Set(theirs);
      return mine.items.find((id) => theirSet.has(id));
    }
    mine.set ??= new Set(mine.items);
    const mineSet = mine.set;
    return theirs.find((id) => mineSet.has(id));
  }

  /** The items of a job's plan, as registered (undefined: the plan is gone or was replaced since). */
  async #itemsOf(ref: JobRef): Promise<readonly string[] | undefined> {
    const key = `${ref.plan}@${ref.planned ?? ''}`;
    if (this.#itemSets.has(key)) {
      const items = this.#itemSets.get(key);
      this.#itemSets.delete(key);
      this.#itemSets.set(key, items);
      return items;
    }
    const stored = await this.#jobs.storedPlan(ref.plan);
    const items = stored && (stored.plannedAt ?? '') === (ref.planned ?? '') ? claimedItems(stored) : undefined;
    this.#itemSets.set(key, items);
    let kept = 0;
    for (const set of this.#itemSets.values()) kept += set?.length ?? 0;
    // The least recently looked at go first; the one just loaded stays (it is in use).
    for (const [oldest, set] of this.#itemSets) {
      if (oldest === key || (this.#itemSets.size <= ITEM_SETS_KEPT && kept <= ITEMS_KEPT)) break;
      this.#itemSets.delete(oldest);
      kept -= set?.length ?? 0;
    }
    return items;
  }

  /** When a job ended (now, for a job that is gone), or undefined while it runs. */
  async #endOf(jobId: string): Promise<string | undefined> {
    const job = await this.#jobs.job(jobId);
    if (!job) return new Date().toISOString();
    if (!isTerminalJobStatus(job.status)) return undefined;
    return job.finishedAt ?? job.updatedAt ?? new Date().toISOString();
  }

  /**
   * Moves older planners' claims and marks into the registries: a live claim's job becomes active
   * (if it was past taking them), a dead one's items and every marked item are folded into `older`, as written when the marks
   * say (or now); then they are removed. Each org is moved once: afterwards none is left to list.
   */
  async #moveLegacy(): Promise<number> {
    const { byOrg, upTo } = await this.#claims.legacy();
    let moved = 0;
    for (const [orgId, legacy] of byOrg) {
      const refs = await this.#legacyRefs(legacy);
      for (;;) {
        const { registry, revision } = await this.#claims.read(orgId);
        let next = registry;
        for (const { ref, end, items } of refs) {
          if (end === undefined) next = withActive(next, ref, new Date().toISOString());
          else next = withOlder(next, items, end);
        }
        if (legacy.marked.length > 0) next = withOlder(next, legacy.marked, markedUntil(legacy.markedAt));
        if (await this.#claims.write(orgId, next, revision)) break;
      }
      await this.#claims.purgeLegacy(orgId, upTo);
      moved += refs.length;
      this.#logger.info({ orgId, jobs: refs.length, marked: legacy.marked.length }, 'older claims moved');
    }
    return moved;
  }

  async #legacyRefs(legacy: LegacyClaims) {
    const refs: Array<{ ref: JobRef; end: string | undefined; items: string[] }> = [];
    for (const [jobId, items] of legacy.held) {
      const head = await this.#jobs.job(jobId);
      const stored = head ? await this.#jobs.storedPlan(head.planId) : undefined;
      const all = stored ? claimedItems(stored) : items;
      const ref: JobRef = {
        job: jobId,
        plan: head?.planId ?? '',
        ...(stored?.plannedAt ? { planned: stored.plannedAt } : {}),
        bits: stored ? sketchOf(all) : FULL_SKETCH,
        n: all.length,
      };
      const end = await this.#endOf(jobId);
      // Still taking its claims when its planner stopped: it wrote nothing, and registers as it goes on.
      if (end === undefined && head?.claims !== 'held') continue;
      refs.push({ ref, end, items });
    }
    return refs;
  }
}

/** Until when older planners' marks may have been written (no stamp: they are taken as recent). */
function markedUntil(markedAt: string | undefined): string {
  const at = markedAt ? Date.parse(markedAt) : Number.NaN;
  return new Date((Number.isNaN(at) ? Date.now() : at) + MARKED_MARGIN_MS).toISOString();
}
