// The common opening of a fault scenario: a generated tree in the org, a backup of it through the
// planner API, the tree lost, and a related restore planned (not yet confirmed).
import type { PendingPlan } from '@restorelab/planner-api';
import type { Job } from './api-client.ts';
import { createProjectTree, loseProject, type ProjectTree, type TreeSpec } from './org-data.ts';
import type { ProcessStack } from './process-stack.ts';

export interface PlannedScenario {
  tree: ProjectTree;
  snapshotId: string;
  planId: string;
  plan: PendingPlan;
}

export async function planLostTree(
  stack: Pick<ProcessStack, 'conn' | 'api'>,
  tag: string,
  spec: TreeSpec,
): Promise<PlannedScenario> {
  const tree = await createProjectTree(stack.conn, tag, spec);
  const snapshotId = await stack.api.backup();
  await loseProject(stack.conn, tree);
  const plan = await stack.api.plan(tree.projectId, 'related', snapshotId);
  return { tree, snapshotId, planId: plan.planId, plan };
}

/** Mock latency on record writes, to stretch a job so a kill lands in the middle of it. */
export const slowWrites = (latencyMs: number, seed = 7) => ({
  seed,
  rules: [
    { path: '*/composite/sobjects', latencyMs },
    { path: '*/composite/graph', latencyMs },
    { path: '*/sobjects/ContentVersion', latencyMs },
  ],
});

export const written = (job: Job) => job.counts.records.total.created + job.counts.records.total.overwritten;
