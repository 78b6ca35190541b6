// Fault seams: typed hooks that bend one step of the planner on purpose, so the conformance suite can
// prove each rule's property catches a broken engine (suite power) on the service that ships. They
// are reached only through `startPlanner`'s options in code (apps/stack passes them on), never from
// the environment or the API. Absent, each costs one `undefined` check where it would apply.
import type { OrgState, RestorePlan, RestoreRequest } from '@restorelab/restore-plan';
import type { SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import type { JobResult } from './jobs/job-results.ts';
import type { RestoreRequestInput } from './jobs/prepare.ts';
import type { JobState } from './jobs/types.ts';
import type { StepWork } from './jobs/work.ts';

export type { JobResult, StepWork };

/** What a plan seam's `plan` hook may use besides the plan. */
export interface PlanSeamContext {
  conn: Connection;
  store: SnapshotStore;
  /** The request as planned (snapshot resolved, root followed to an earlier restore's copy). */
  request: RestoreRequest;
}

/** Bends the making of a plan (a summary, R04), each stage before the next uses it. */
export interface PlanSeam {
  /** The request as asked: the method (R01), the snapshot (R03). */
  request?(request: RestoreRequestInput): RestoreRequestInput;
  /** The object types that are download/share only (R02). */
  downloadOnlyTypes?(types: ReadonlySet<string>): ReadonlySet<string>;
  /** The live org as read, before the plan is made against it (R07 times, R11 master values). */
  org?(org: OrgState): OrgState;
  /** The pure plan, before it is stored and its summary shown (anything else the fault does meanwhile too). */
  plan?(plan: RestorePlan, context: PlanSeamContext): RestorePlan | Promise<RestorePlan>;
}

/** One copy of a work message to publish; `delayMs` publishes it that much later. */
export interface WorkCopy {
  work: StepWork;
  delayMs?: number;
}

/**
 * Bends a work message before it is published: edit it, or answer the copies to publish — none drops
 * it, more than one delivers it again (each further copy under its own message id, so the stream does
 * not drop it as a duplicate: the writer really gets it twice).
 */
export type WorkSeam = (work: StepWork, context: { plan: RestorePlan }) => readonly WorkCopy[];

/** Bends the job's state right after a writer's result is applied to it, before it is saved. */
export type StateSeam = (state: JobState, result: JobResult) => void;

/** Runs before a job's head is saved, with the status it saves: a slow (or failing) KV. */
export type SaveSeam = (job: Pick<JobState, 'jobId' | 'status'>) => Promise<void>;

export interface PlannerSeams {
  plan?: PlanSeam;
  work?: WorkSeam;
  state?: StateSeam;
  save?: SaveSeam;
}
