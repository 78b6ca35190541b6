// `restorelab snapshots`: the snapshots in the planner's store, newest first.
import type { Command } from 'commander';
import { formatSnapshots } from '../format.ts';
import { clientContext, withPlannerOptions } from './client-command.ts';

export function registerSnapshots(program: Command): void {
  withPlannerOptions(
    program
      .command('snapshots')
      .description('List snapshots, newest first (of one org with --org)')
      .option('--org <id>', 'only this org'),
  ).action(async (options: { org?: string }, command: Command) => {
    const { client, out } = clientContext(command);
    const snapshots = await client.snapshots(options.org);
    out.result({ snapshots }, (r) => {
      for (const line of formatSnapshots(r.snapshots)) out.line(line);
    });
  });
}
