// A job in the hands of the planner that runs it: its state, its plan, and the queue that
// serialises every change to it.
import type { JobState, StoredPlan } from './types.ts';

export interface Runner {
  state: JobState;
  stored: StoredPlan;
  /** Serialises everything that changes the state of one job. */
  queue: Promise<unknown>;
  /** Changed since it was last saved (results wait for the next group commit). */
  dirty?: boolean;
  /**
   * A confirmation's job before its first save: that save creates the KV entry, and fails if the
   * plan was confirmed already (here or by another planner). Nothing is published before it.
   */
  unsaved?: boolean;
}

/** The first save of a confirmation found the job already there: the plan was confirmed before. */
export class AlreadyConfirmed extends Error {}
