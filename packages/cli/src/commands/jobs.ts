// `restorelab jobs`: list restore jobs, show one, or watch one live until it ends.
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import { followJob } from '../follow.ts';
import { formatJob, formatJobs } from '../format.ts';
import { clientContext, withPlannerOptions } from './client-command.ts';

export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('Restore jobs: list (default), show <id>, watch <id>');

  const list = withPlannerOptions(jobs.command('list', { isDefault: true }).description('List jobs, newest first'));
  list.action(async (_options: unknown, command: Command) => {
    const { client, out } = clientContext(command);
    const all = await client.jobs();
    out.result({ jobs: all }, (r) => {
      for (const line of formatJobs(r.jobs)) out.line(line);
    });
  });

  withPlannerOptions(
    jobs
      .command('show')
      .description('A job: status, counts, failures with reasons, new ids')
      .argument('<id>', 'job id'),
  ).action(async (id: string, _options: unknown, command: Command) => {
    const { client, out } = clientContext(command);
    const job = await client.job(id);
    out.result(job, (j) => {
      for (const line of formatJob(j)) out.line(line);
    });
  });

  withPlannerOptions(
    jobs.command('watch').description('Follow a job live until it ends').argument('<id>', 'job id'),
  ).action(async (id: string, _options: unknown, command: Command) => {
    const { client, out, options } = clientContext(command);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      const job = await followJob(client, id, out, {
        live: process.stderr.isTTY === true && !options.json,
        signal: abort.signal,
      });
      out.result(job, (j) => {
        for (const line of formatJob(j)) out.line(line);
      });
      if (job.status !== 'succeeded')
        throw new CliError('JOB_NOT_SUCCEEDED', `job ${job.jobId} ${job.status}${job.reason ? `: ${job.reason}` : ''}`);
    } catch (error) {
      if (abort.signal.aborted)
        throw new CliError('INTERRUPTED', `stopped watching; the job goes on (restorelab jobs watch ${id})`, {
          exitCode: 130,
        });
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
    }
  });
}
