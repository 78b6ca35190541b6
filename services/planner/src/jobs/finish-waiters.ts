// Callers waiting for jobs to finish (the API's long poll, `settled`): resolved with the final state
// when the job finishes here, or with the state at the time when they stop waiting.
import type { JobState } from './types.ts';

export class FinishWaiters {
  readonly #waiting = new Map<string, Array<(state: JobState) => void>>();

  /** Resolves with the final state, or after `timeoutMs` with `current()`'s answer then. */
  wait(jobId: string, timeoutMs: number, current: () => Promise<JobState>): Promise<JobState> {
    return new Promise((resolve) => {
      const timer = setTimeout(async () => resolve(await current()), timeoutMs);
      const list = this.#waiting.get(jobId) ?? [];
      list.push((state) => {
        clearTimeout(timer);
        resolve(state);
      });
      this.#waiting.set(jobId, list);
    });
  }

  /** The job finished: every waiter gets its own copy of the final state (the API's view of it). */
  finished(state: JobState): void {
    for (const resolve of this.#waiting.get(state.jobId) ?? []) resolve(structuredClone(state));
    this.#waiting.delete(state.jobId);
  }
}
