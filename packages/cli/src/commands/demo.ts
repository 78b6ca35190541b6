// `restorelab demo`: the main job on the embedded defaults (see demo-run.ts for what it does).
import type { Command } from 'commander';
import { createOutput } from '../output.ts';
import type { GlobalOptions } from '../program.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Run restorelab end to end on its embedded defaults (embedded NATS, the mock demo org) and report each step.',
    )
    .action(async (_options: unknown, command: Command) => {
      const out = createOutput(command.optsWithGlobals<GlobalOptions>());
      const { runDemo } = await import('./demo-run.ts');
      await runDemo(out);
    });
}
