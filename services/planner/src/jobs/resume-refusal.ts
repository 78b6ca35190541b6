// Why a failed job cannot be resumed when another job stands in its way. Either the other job is
// writing some of its items now (resume once it has ended), or a job that restored some of them
// ended after this job's plan was made: the plan is out of date for good, and resuming it would
// write values older than the org's, so only a new restore (a new plan) can go on.

import { PlannerError } from '../errors.ts';
import type { Holder } from './claim-gate.ts';

export function resumeRefusal(jobId: string, holder: Holder): PlannerError {
  if (!holder.ended) {
    return new PlannerError('CONFLICT', `job ${holder.jobId} is restoring items of job ${jobId}: resume after it ends`);
  }
  const by = holder.jobId ? `job ${holder.jobId}` : 'an earlier job';
  return new PlannerError(
    'CONFLICT',
    `job ${jobId} cannot be resumed: ${by} restored some of its items after its plan was made; start a new restore instead`,
  );
}
