// `restorelab demo`: the main job on the embedded defaults (see demo-run.ts for what it does).
import type { Command } from 'commander';
import { createOutput } from '../output.ts';
import { parsePositiveInt } from '../parse.ts';
import type { GlobalOptions } from '../program.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Run restorelab end to end on its embedded defaults (embedded NATS, the mock demo org) and report each step.',
    )
    .option('--runs <n>', 'runs per rule of the conformance suite at the end (0 skips it)', '3')
    .action(async (options: { runs: string }, command: Command) => {
      const out = createOutput(command.optsWithGlobals<GlobalOptions>());
      const conformanceRuns = options.runs === '0' ? 0 : parsePositiveInt(options.runs, '--runs');
      const { runDemo } = await import('./demo-run.ts');
      await runDemo(out, { conformanceRuns });
    });
}
