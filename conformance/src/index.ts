// conformance: the restore rules as properties, run against a target (mock, stack, org) through a
// pluggable restore engine, with reporters and the command the CLI mounts.
export {
  type ConformanceCommandOptions,
  EXIT_FAILED,
  EXIT_PASSED,
  EXIT_SKIPPED,
  replayCommand,
  runConformanceCommand,
} from './command.ts';
export type { EngineJob, EngineSummary, JobStatus, RestoreEngine, SummaryRequest } from './engine.ts';
export { EngineError } from './engine.ts';
export type { EngineFaults } from './engines/faults.ts';
export { httpEngine, toEngineJob } from './engines/http-engine.ts';
export { formatConsole, formatHtml, formatJson, formatJunit } from './report/index.ts';
export { CATALOGUE, type Rule, RuleViolation } from './rules/index.ts';
export {
  type ConformanceReport,
  DEFAULT_RUNS,
  type ReportSettings,
  type RuleResult,
  type RuleSkip,
  type RunOptions,
  runConformance,
} from './run.ts';
export { FIXTURE_DIR, mockTarget } from './targets/mock.ts';
export { FixtureMissingError, orgTarget } from './targets/org.ts';
export { type StackTargetOptions, stackTarget } from './targets/stack.ts';
export type { ConformanceTarget, MockControl, TargetSession } from './targets/target.ts';
