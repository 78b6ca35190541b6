// Saving a job and telling of it: a save writes the journal entries made since the last one, then
// the head that commits them (job-journal.ts), and only then are the events of those transitions
// published, so nobody hears of progress a restarted planner would not find. The first save of a
// confirmation creates the job (once: a second confirmation finds it there).
import type { NatsConnection } from '@nats-io/transport-node';
import { encodeMessage, type JobEvent, SUBJECTS } from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import type { SaveSeam } from '../seams.ts';
import { headOf } from './job-journal.ts';
import type { JobEventBody } from './job-state.ts';
import type { JobStore } from './job-store.ts';
import { AlreadyConfirmed, type Runner, serial } from './runner.ts';

export class JobSaves {
  readonly #nc: NatsConnection;
  readonly #jobs: JobStore;
  readonly #runners: Map<string, Runner>;
  readonly #logger: Logger;
  /** A job was dropped with unsaved results (see `drop`). */
  #dropped = false;

  /** Whether this planner still holds the job's lease (job-ownership.ts): checked before each save. */
  readonly #stillHeld: (jobId: string) => Promise<boolean>;
  readonly #seam: SaveSeam | undefined;

  constructor(deps: {
    nc: NatsConnection;
    jobs: JobStore;
    runners: Map<string, Runner>;
    logger: Logger;
    stillHeld: (jobId: string) => Promise<boolean>;
    seam?: SaveSeam | undefined;
  }) {
    this.#nc = deps.nc;
    this.#jobs = deps.jobs;
    this.#runners = deps.runners;
    this.#logger = deps.logger;
    this.#stillHeld = deps.stillHeld;
    this.#seam = deps.seam;
  }

  /** Saves the job: its journal entries not yet written, then its head; then tells what it holds. */
  async save(runner: Runner): Promise<void> {
    // Taken over by another planner: what this one knows is no longer the job's to save.
    if (runner.lost) throw new Error(`job ${runner.state.jobId} is run by another planner now`);
    const state = runner.state;
    if (!runner.unsaved && !(await this.#stillHeld(state.jobId))) {
      this.drop(state.jobId);
      throw new Error(`job ${state.jobId} is run by another planner now`);
    }
    runner.dirty = false;
    state.updatedAt = new Date().toISOString();
    await this.#seam?.(state);
    if (!runner.unsaved) {
      const entries = runner.journal.slice();
      try {
        await this.#jobs.putJob(headOf(state), entries);
      } catch (err) {
        runner.dirty = true; // kept for the next save, which writes the same entries again
        throw err;
      }
      runner.journal.splice(0, entries.length);
      return this.flush(runner);
    }
    if (!(await this.#jobs.createJob(headOf(state)))) throw new AlreadyConfirmed(state.jobId);
    // Created: the job is this planner's from here on (results find it before any work is out).
    runner.unsaved = false;
    this.#runners.set(state.jobId, runner);
    this.event(state.jobId, { type: 'status', status: 'running' });
    this.#logger.info({ jobId: state.jobId, planId: state.planId, steps: state.steps }, 'job started');
  }

  /**
   * Stops running a job here: another planner holds its lease now. Results applied to it and not
   * yet saved must not be acked: the next group commit fails, and they come again to the new holder.
   */
  drop(jobId: string): void {
    const runner = this.#runners.get(jobId);
    if (!runner) return;
    this.#runners.delete(jobId);
    runner.lost = true;
    if (runner.dirty) this.#dropped = true;
  }

  /** Saves every job whose state changed since its last save (the group commit of results). */
  async saveDirty(): Promise<void> {
    if (this.#dropped) {
      this.#dropped = false;
      throw new Error('a job was taken over before its results were saved: they are redelivered');
    }
    const dirty = [...this.#runners.values()].filter((r) => r.dirty);
    await Promise.all(
      dirty.map((runner) =>
        serial(runner, this.#logger, async () => {
          if (runner.dirty) await this.save(runner);
        }),
      ),
    );
  }

  /** Publishes the events of saved transitions. */
  flush(runner: Runner): void {
    const events = runner.outbox.splice(0);
    for (const event of events) this.event(runner.state.jobId, event);
  }

  event(jobId: string, event: JobEventBody): void {
    if (this.#nc.isClosed()) return;
    const full = { schemaVersion: 1 as const, jobId, at: new Date().toISOString(), ...event } as JobEvent;
    this.#nc.publish(SUBJECTS.jobEvent(jobId), encodeMessage('jobEvent', full));
  }
}
