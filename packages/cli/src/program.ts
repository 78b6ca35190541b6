// The restorelab command: one program, a sub-command per task, `--help` everywhere.
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerBackup } from './commands/backup.ts';
import { registerBrowse } from './commands/browse.ts';
import { registerConformance } from './commands/conformance.ts';
import { registerDemo } from './commands/demo.ts';
import { registerDev } from './commands/dev.ts';
import { registerDownload } from './commands/download.ts';
import { registerJobs } from './commands/jobs.ts';
import { registerMock } from './commands/mock.ts';
import { registerRestore } from './commands/restore.ts';
import { registerShare } from './commands/share.ts';
import { registerSnapshots } from './commands/snapshots.ts';
import { CliError, describeError, EXIT, errorCode, errorDocument } from './errors.ts';
import { printedJsonResult } from './output.ts';
import { forTerminal } from './terminal-text.ts';

export interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
}

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Commander's usage errors start with `error:`; ours with `restorelab:`. One prefix for both. */
const PREFIX = 'restorelab: ';
const outputError = (text: string, write: (s: string) => void) => write(text.replace(/^error: /, PREFIX));

export function buildProgram(): Command {
  const program = new Command('restorelab')
    .description('Simulate, run and check in-place restores of Salesforce records from backups.')
    .version(version, '-V, --version', 'print the version')
    .option('--json', 'print results as JSON for scripts')
    .option('--debug', 'show stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({ outputError })
    .exitOverride();
  registerMock(program);
  registerDev(program);
  registerDemo(program);
  registerBackup(program);
  registerSnapshots(program);
  registerBrowse(program);
  registerDownload(program);
  registerShare(program);
  registerRestore(program);
  registerJobs(program);
  registerConformance(program);
  // Sub-commands inherit the settings that keep errors to one line and exits non-zero.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub
        .exitOverride()
        .showHelpAfterError('(run with --help for usage)')
        .configureHelp({ showGlobalOptions: true })
        .configureOutput({ outputError });
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Known before parsing ends, so that a usage error, too, answers --json with a JSON document.
  const json = argv.slice(2).includes('--json');
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help or the usage problem.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0)
        return EXIT.ok;
      if (json) printJsonError('USAGE', error.message.replace(/^error: /, ''), EXIT.usage);
      return EXIT.usage;
    }
    const debug = program.opts<GlobalOptions>().debug === true || argv.includes('--debug');
    const message = describeError(error);
    const exitCode = error instanceof CliError ? error.exitCode : EXIT.failure;
    process.stderr.write(`${PREFIX}${forTerminal(message)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    if (json && !printedJsonResult()) printJsonError(errorCode(error), message, exitCode);
    return exitCode;
  }
}

function printJsonError(code: string, message: string, exitCode: number): void {
  process.stdout.write(`${JSON.stringify(errorDocument(code, message, exitCode), null, 2)}\n`);
}
