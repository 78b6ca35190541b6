// `restorelab dev`: the whole restore stack on this machine (embedded nats-server, the mock demo org,
// record-writer, file-writer, the planner API) until Ctrl-C. It prints what a person needs to use it and
// leaves the planner URL and token in .restorelab/dev.json so the other commands find it.
import type { Command } from 'commander';
import { createOutput } from '../output.ts';
import { parsePort } from '../parse.ts';
import { DEFAULT_PLANNER_PORT } from '../planner/target.ts';
import type { GlobalOptions } from '../program.ts';

interface DevOptions {
  port?: string;
  mockPort: string;
  nats?: string;
  store?: string;
  token?: string;
  backup: boolean;
  devFile: boolean;
}

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description('Run the whole stack here (NATS, mock org, writers, planner API) until Ctrl-C')
    .option('--port <n>', 'planner API port (default: PLANNER_PORT, then 7420; 0 picks a free one)')
    .option('--mock-port <n>', 'mock org port (0 picks a free one)', '0')
    .option('--nats <url>', 'use this JetStream-enabled NATS server (default: NATS_URL, else an embedded one)')
    .option('--store <dir>', 'snapshot store folder to keep (default: STORE_DIR, else a temporary one removed on stop)')
    .option('--token <token>', 'API token to require (default: PLANNER_TOKEN, else a random one, printed)')
    .option('--no-backup', 'skip the first snapshot taken at start')
    .option('--no-dev-file', 'do not write .restorelab/dev.json')
    .action(async (options: DevOptions, command: Command) => {
      const out = createOutput(command.optsWithGlobals<GlobalOptions>());
      // Loaded on use so `restorelab --help` stays fast.
      const { runDev } = await import('./dev-run.ts');
      await runDev(options, out);
    });
}
export type { DevOptions };
export const parseDevPort = (value: string | undefined, env = process.env) =>
  value !== undefined
    ? parsePort(value)
    : env.PLANNER_PORT
      ? parsePort(env.PLANNER_PORT, 'PLANNER_PORT')
      : DEFAULT_PLANNER_PORT;
