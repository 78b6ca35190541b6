// Which planner runs a job, when several share one NATS. The planner running a job holds its lease
// and renews it a few times per lease period; every planner watches the leases it does not hold and
// takes over a job whose holder is gone, gave it back, or stopped renewing (lease.ts judges, pure).
// A takeover is a revision-checked write, so one planner wins it; the winner resumes the job from
// KV as a restart would (`adopt`). A holder whose renewal finds the lease moved has lost the job and
// stops running it (`lost`).
import { randomBytes } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { Logger } from '@restorelab/runtime';
import { isGone, type Leases, serveAlive } from './job-leases.ts';
import { judge, type LeaseValue, RENEWALS_PER_LEASE, type Watched } from './lease.ts';

export interface OwnershipDeps {
  nc: NatsConnection;
  leases: Leases;
  logger: Logger;
  leaseMs: number;
  /** Runs a job whose lease this planner has just taken, as a restart would. */
  adopt(jobId: string): Promise<void>;
  /** Another planner holds the lease of a job run here now: stop running it. */
  lost(jobId: string): void;
}

export class JobOwnership {
  /** This planner process, as lease values name it. */
  readonly id = randomBytes(9).toString('hex');
  readonly #deps: OwnershipDeps;
  /** Leases held here: job id → the revision last written. */
  readonly #held = new Map<string, number>();
  /** When each held lease was last written (this process's monotonic clock). */
  readonly #writtenAt = new Map<string, number>();
  readonly #watched = new Map<string, Watched>();
  /** Running jobs found without a lease (older than leases, or their planner died before writing one). */
  readonly #unleased = new Set<string>();
  #alive: Subscription | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Renewing, watching: each runs once at a time, and a long takeover never holds up renewals. */
  readonly #busy = { renew: false, watch: false };

  constructor(deps: OwnershipDeps) {
    this.#deps = deps;
  }

  /** Answers for this planner, then renews and watches leases every fraction of a lease period. */
  start(): void {
    this.#alive = serveAlive(this.#deps.nc, this.id);
    this.#timer = setInterval(() => this.#tick(), this.#deps.leaseMs / RENEWALS_PER_LEASE);
    this.#timer.unref();
  }

  /**
   * Whether this planner still holds the job's lease, checked before each save: a lease written in
   * the last half period is; one older (this process was paused, or could not reach NATS) is read
   * again, and if another planner has taken it the job is lost here before anything is saved.
   */
  async stillHeld(jobId: string): Promise<boolean> {
    const revision = this.#held.get(jobId);
    if (revision === undefined) return false;
    if (performance.now() - (this.#writtenAt.get(jobId) ?? 0) < this.#deps.leaseMs / 2) return true;
    const seen = await this.#deps.leases.read(jobId);
    if (seen?.value.owner === this.id && seen.revision === revision) return this.#write(jobId, revision);
    this.#lose(jobId);
    return false;
  }

  /**
   * Takes the lease of a job this planner starts (a confirmation, a resume of a failed job): its lease
   * is absent, or left by a run that ended. False if another planner holds it now.
   */
  async hold(jobId: string): Promise<boolean> {
    const seen = await this.#deps.leases.read(jobId);
    if (seen && seen.value.owner !== this.id && !seen.value.released) {
      if (!(await isGone(this.#deps.nc, seen.value.owner))) return false;
    }
    return this.#write(jobId, seen?.revision ?? 0);
  }

  /**
   * Takes over a running job if its lease says so now; `unleasedSince` is when a job without a lease
   * was last saved (a job saved longer than a lease period ago without one has nobody running it).
   */
  async tryTake(jobId: string, unleasedSince?: string): Promise<boolean> {
    if (this.#held.has(jobId)) return true;
    const seen = await this.#deps.leases.read(jobId);
    if (seen?.value.owner === this.id) return this.#write(jobId, seen.revision);
    const gone = seen !== undefined && !seen.value.released && (await isGone(this.#deps.nc, seen.value.owner));
    let watched = this.#watched.get(jobId);
    if (!seen && unleasedSince !== undefined) {
      // First sight of a job without a lease: its last save stands for the last renewal.
      watched ??= { revision: 0, since: Date.parse(unleasedSince) || Date.now() };
      this.#unleased.add(jobId);
    }
    const verdict = judge(seen, watched, Date.now(), this.#deps.leaseMs, gone);
    if (!verdict.take) {
      this.#watched.set(jobId, verdict.watched);
      return false;
    }
    if (!(await this.#write(jobId, seen?.revision ?? 0))) return false;
    this.#logger.info({ jobId, reason: verdict.reason, from: seen?.value.owner }, 'job taken over');
    return true;
  }

  /** The job has ended here: its lease goes. */
  async release(jobId: string): Promise<void> {
    const revision = this.#held.get(jobId);
    this.#held.delete(jobId);
    this.#writtenAt.delete(jobId);
    if (revision !== undefined) {
      await this.#deps.leases.remove(jobId, revision).catch((err) => this.#logger.warn({ err, jobId }, 'lease kept'));
    }
  }

  /** Stops renewing and gives every lease back, so another planner takes the jobs at once. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#alive?.unsubscribe();
    const held = [...this.#held];
    this.#held.clear();
    await Promise.allSettled(
      held.map(([jobId, revision]) => this.#deps.leases.write(jobId, { owner: this.id, released: true }, revision)),
    );
  }

  get #logger(): Logger {
    return this.#deps.logger;
  }

  async #write(jobId: string, revision: number): Promise<boolean> {
    const value: LeaseValue = { owner: this.id };
    const written = await this.#deps.leases.write(jobId, value, revision);
    if (written === undefined) return false;
    this.#held.set(jobId, written);
    this.#writtenAt.set(jobId, performance.now());
    this.#watched.delete(jobId);
    this.#unleased.delete(jobId);
    return true;
  }

  #tick(): void {
    for (const task of ['renew', 'watch'] as const) {
      if (this.#busy[task]) continue;
      this.#busy[task] = true;
      (task === 'renew' ? this.#renew() : this.#watch())
        .catch((err) => this.#logger.warn({ err, task }, 'leases not renewed or watched: next time'))
        .finally(() => {
          this.#busy[task] = false;
        });
    }
  }

  async #renew(): Promise<void> {
    await Promise.all(
      [...this.#held].map(async ([jobId, revision]) => {
        const written = await this.#deps.leases.write(jobId, { owner: this.id }, revision);
        if (!this.#held.has(jobId)) return; // released meanwhile
        if (written === undefined) return this.#lose(jobId);
        this.#held.set(jobId, written);
        this.#writtenAt.set(jobId, performance.now());
      }),
    );
  }

  #lose(jobId: string): void {
    if (!this.#held.delete(jobId)) return;
    this.#writtenAt.delete(jobId);
    this.#logger.warn({ jobId }, 'job lease lost: another planner runs the job');
    this.#deps.lost(jobId);
  }

  async #watch(): Promise<void> {
    const ids = new Set([...(await this.#deps.leases.jobIds()), ...this.#unleased]);
    for (const jobId of ids) {
      if (this.#held.has(jobId)) continue;
      if (await this.tryTake(jobId)) await this.#deps.adopt(jobId);
    }
    // Forget what is no longer there to watch.
    for (const jobId of this.#watched.keys()) if (!ids.has(jobId)) this.#watched.delete(jobId);
  }
}
