// `restorelab restore`: plan a restore, show its summary, ask (unless --yes), confirm, follow the job.

import { PlannerApiError } from '@restorelab/planner-api';
import type { Command } from 'commander';
import { askYesNo } from '../confirm.ts';
import { CliError, EXIT, UsageError } from '../errors.ts';
import { followJob } from '../follow.ts';
import { formatJob, formatSummary } from '../format.ts';
import type { PlannerClient } from '../planner/client.ts';
import { forTerminal } from '../terminal-text.ts';
import { plural } from '../words.ts';
import { clientContext, pickItem, withPlannerOptions } from './client-command.ts';

interface RestoreOptions {
  related?: boolean;
  snapshot?: string;
  org?: string;
  yes?: boolean;
  dryRun?: boolean;
  allChanges?: boolean;
  watch: boolean;
}

export function registerRestore(program: Command): void {
  withPlannerOptions(
    program
      .command('restore')
      .description('Restore a record in place from a snapshot: summary first, then confirm, then follow the job')
      .argument('<record>', 'record id, browse path (Objects/Account/001…) or a name that matches one record')
      .option('--related', 'also restore every record beneath it (children, their children …)')
      .option('--snapshot <id>', 'snapshot to restore from (default: the newest one)')
      .option('--org <id>', "the org whose newest snapshot to use (default: the planner's org)")
      .option('-y, --yes', 'do not ask: confirm the summary right away')
      .option('--dry-run', 'print the summary only; write nothing')
      .option(
        '--all-changes',
        'list every item that changes or leaves out values (by default the summary shows the first 50, the rest counted)',
      )
      .option('--no-watch', 'confirm and return without following the job'),
  ).action(async (record: string, options: RestoreOptions, command: Command) => {
    const { client, out, options: globals } = clientContext(command);
    if (options.yes && options.dryRun) throw new UsageError('--yes and --dry-run contradict each other: pick one');
    const plan = await planOf(client, options, record);
    if (options.dryRun) {
      out.result({ plan }, (r) => {
        for (const line of formatSummary(r.plan)) out.line(line);
        out.line('');
        out.line(`dry run: nothing written (plan ${r.plan.planId})`);
      });
      return;
    }
    // The summary is what a person confirms, so it is shown before the question (stderr in --json mode).
    const show = (line: string) => (out.json ? process.stderr.write(`${forTerminal(line)}\n`) : out.line(line));
    for (const line of formatSummary(plan)) show(line);
    // A confirmed restore always makes a job, even with nothing to write: every item skipped ends
    // succeeded, every item failing ends failed (and this command with it), both in the job monitor.
    if (!options.yes) {
      if (!process.stdin.isTTY)
        throw new UsageError(
          'not a terminal, so no one can confirm: pass --yes to restore, or --dry-run for the summary only',
        );
      const ok = await askYesNo(`Restore ${plural(plan.summary.itemsToWrite, 'item')} into org ${plan.orgId}?`);
      if (!ok) throw new CliError('NOT_CONFIRMED', 'not confirmed: nothing was written', { exitCode: EXIT.failure });
    }
    const started = await client.confirm(plan.planId);
    out.step(`job ${started.jobId} started`);
    if (!options.watch) {
      out.result({ plan, job: started }, (r) => out.line(`follow it with: restorelab jobs watch ${r.job.jobId}`));
      return;
    }
    const job = await followJob(client, started.jobId, out, { live: process.stderr.isTTY === true && !globals.json });
    out.result({ plan, job }, (r) => {
      for (const line of formatJob(r.job)) out.line(line, { outcomes: true });
    });
    if (job.status !== 'succeeded')
      throw new CliError('JOB_NOT_SUCCEEDED', `job ${job.jobId} ${job.status}${job.reason ? `: ${job.reason}` : ''}`);
  });
}

const RECORD_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
/** Key prefixes of files and attachments: the look-up refuses them as records, so they take it. */
const NOT_RECORDS = new Set(['00P', '068', '069']);

/**
 * The plan of the restore. A record id goes to the planner at once: without --snapshot it picks the
 * snapshot the look-up would (the newest of the connected org that holds the record, R03), and the
 * three round trips of the look-up (orgs, snapshots, search) are saved. A name, a path, or an id the
 * planner refuses takes the look-up, which also words what is wrong as it always did.
 */
async function planOf(client: PlannerClient, options: RestoreOptions, record: string) {
  const ask = (recordId: string, snapshotId?: string) =>
    client.planRestore({
      recordId,
      method: options.related ? 'related' : 'record',
      ...(snapshotId ? { snapshotId } : {}),
      ...(options.allChanges ? { allChanges: true } : {}),
    });
  if (!options.org && RECORD_ID.test(record) && !NOT_RECORDS.has(record.slice(0, 3))) {
    try {
      return await ask(record, options.snapshot);
    } catch (error) {
      const refused =
        error instanceof CliError &&
        error.cause instanceof PlannerApiError &&
        error.cause.status >= 400 &&
        error.cause.status < 500;
      if (!refused) throw error;
    }
  }
  const { snapshotId, item } = await pickItem(client, options, record, ['record']);
  return ask(item.id, snapshotId);
}
