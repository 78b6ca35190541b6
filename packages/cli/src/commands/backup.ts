// `restorelab backup`: take a snapshot of the org the planner is connected to.
import type { Command } from 'commander';
import { CliError, UsageError } from '../errors.ts';
import { formatBackup } from '../format.ts';
import { clientContext, withPlannerOptions } from './client-command.ts';

interface BackupOptions {
  org?: string;
  objects?: string;
  files: boolean;
  attachments: boolean;
}

export function registerBackup(program: Command): void {
  withPlannerOptions(
    program
      .command('backup')
      .description('Back up the org the planner is connected to into a new snapshot')
      .option('--org <id>', 'the org to back up (must be the one the planner is connected to)')
      .option('--objects <names>', 'only these objects, comma-separated (e.g. Account,Contact)')
      .option('--no-files', 'leave files out')
      .option('--no-attachments', 'leave attachments out'),
  ).action(async (options: BackupOptions, command: Command) => {
    const { client, out } = clientContext(command);
    if (options.org) {
      const connected = (await client.orgs()).find((o) => o.connected);
      const wanted = options.org.slice(0, 15);
      if (!connected || connected.orgId.slice(0, 15) !== wanted)
        throw new UsageError(
          `the planner is connected to org ${connected?.orgId ?? '(none)'}, not ${options.org}; it backs up only that org`,
        );
    }
    const objects = options.objects
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    out.step('backing up the org (this reads every object through the API)');
    const report = await client
      .backup({
        ...(objects?.length ? { objects } : {}),
        files: options.files,
        attachments: options.attachments,
      })
      .catch((error: unknown) => {
        // A name the org does not know (or no name at all) is the caller's mistake: usage, nothing backed up.
        if (error instanceof CliError && error.code === 'UNKNOWN_OBJECTS') throw new UsageError(error.message);
        throw error;
      });
    out.result(report, (r) => {
      for (const line of formatBackup(r)) out.line(line);
    });
  });
}
