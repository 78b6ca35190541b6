// @restorelab/cli: the restorelab command.
export { CliError, describeError, EXIT, UsageError } from './errors.ts';
export { buildProgram, runCli } from './program.ts';
