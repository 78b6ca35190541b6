// Saving a job and telling of it: a save writes the journal entries made since the last one, then
// the head that commits them (job-journal.ts), and only then are the events of those transitions
// published, so nobody hears of progress a restarted planner would not find. The first save of a
// confirmation creates the job (once: a second confirmation finds it there).
import type { NatsConnection } from '@nats-io/transport-node';
import { encodeMessage, type JobEvent, SUBJECTS } from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import { headOf } from './job-journal.ts';
import type { JobEventBody } from './job-state.ts';
import type { JobStore } from './job-store.ts';
import { AlreadyConfirmed, type Runner, serial } from './runner.ts';

export class JobSaves {
  readonly #nc: NatsConnection;
  readonly #jobs: JobStore;
  readonly #runners: Map<string, Runner>;
  readonly #logger: Logger;

  constructor(nc: NatsConnection, jobs: JobStore, runners: Map<string, Runner>, logger: Logger) {
    this.#nc = nc;
    this.#jobs = jobs;
    this.#runners = runners;
    this.#logger = logger;
  }

  /** Saves the job: its journal entries not yet written, then its head; then tells what it holds. */
  async save(runner: Runner): Promise<void> {
    runner.dirty = false;
    const state = runner.state;
    state.updatedAt = new Date().toISOString();
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

  /** Saves every job whose state changed since its last save (the group commit of results). */
  async saveDirty(): Promise<void> {
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
