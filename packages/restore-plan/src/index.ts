// @restorelab/restore-plan: the restore plan, a pure function from (request, snapshot slice, live org
// state) to the plan, and the pure rewrites that let a plan follow earlier restores' copies.

export {
  fieldChanges,
  itemChanges,
  type LiveValues,
  overwritesToRead,
  SUMMARY_CHANGES_LIMIT,
  summarizeChanges,
} from './changes.ts';
export { attachmentAsRecord, copyableIds, followRestoredIds, mandatoryLinksOf, moveToCopies } from './copies.ts';
export type { PlanErrorCode } from './errors.ts';
export { PlanError } from './errors.ts';
export { newIdPlaceholder, planRestore } from './plan-restore.ts';
export type { OrgStateQuery } from './scope-query.ts';
export { scopeRestore } from './scope-query.ts';
export { type SliceSource, snapshotSlice } from './slice.ts';
export { summarize } from './summary.ts';
export { syntheticPlanInput } from './synthetic.ts';
export type * from './types.ts';
export { BATCH_SIZE } from './waves.ts';
