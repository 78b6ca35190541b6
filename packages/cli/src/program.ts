// The restorelab command: one program, a sub-command per task, `--help` everywhere.
import { Command, CommanderError } from 'commander';
import { registerDemo } from './commands/demo.ts';
import { registerMock } from './commands/mock.ts';
import { CliError, describeError, EXIT } from './errors.ts';

export interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
}

export function buildProgram(): Command {
  const program = new Command('restorelab')
    .description('Simulate, run and check in-place restores of Salesforce records from backups.')
    .option('--json', 'print results as JSON for scripts')
    .option('--debug', 'show stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerMock(program);
  registerDemo(program);
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help or the usage problem.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0)
        return EXIT.ok;
      return EXIT.usage;
    }
    const debug = program.opts<GlobalOptions>().debug === true;
    process.stderr.write(`restorelab: ${describeError(error)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof CliError ? error.exitCode : EXIT.failure;
  }
}
