// The last part of a job's end: once its final state is saved and announced, its claims and its lease
// go. It comes after the announcement so the user does not wait for it (the release is a read and a
// checked write of the org's registry, more when other releases race it): a job meeting this one
// treats it as ended already once its end is saved (claim-gate.ts), and a planner that dies here
// leaves a dead active job that whoever meets it moves. A resume of the job at this planner waits for it first: otherwise the
// release still running would take the resumed run's claims and lease away. (At another planner a
// resume in that window is told the job is being resumed: the lease is still held.)
import type { ClaimGate } from './claim-gate.ts';
import type { JobOwnership } from './job-ownership.ts';
import type { JobState, StoredPlan } from './types.ts';

export class JobEndings {
  readonly #gate: Pick<ClaimGate, 'release'>;
  readonly #ownership: Pick<JobOwnership, 'release'>;
  /** Jobs whose claims and lease are being given back, by id. */
  readonly #letting = new Map<string, Promise<void>>();

  constructor(gate: Pick<ClaimGate, 'release'>, ownership: Pick<JobOwnership, 'release'>) {
    this.#gate = gate;
    this.#ownership = ownership;
  }

  /** Gives back an ended job's claims (if it took any), then its lease. */
  letGo(state: JobState, stored: StoredPlan): Promise<void> {
    const going = (async () => {
      if (state.claims !== undefined) await this.#gate.release(state, stored);
      await this.#ownership.release(state.jobId);
    })().finally(() => {
      if (this.#letting.get(state.jobId) === going) this.#letting.delete(state.jobId);
    });
    this.#letting.set(state.jobId, going);
    return going;
  }

  /** Resolves once nothing of the job is being given back here. */
  async settled(jobId: string): Promise<void> {
    await this.#letting.get(jobId)?.catch(() => {});
  }

  /** Resolves once every job ended here has let go (a planner stopping). */
  async all(): Promise<void> {
    await Promise.allSettled([...this.#letting.values()]);
  }
}
