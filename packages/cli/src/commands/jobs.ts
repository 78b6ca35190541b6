// `restorelab jobs`: list restore jobs, show one, watch one live until it ends, cancel or resume one.
import type { Command } from 'commander';
import { CliError, UsageError } from '../errors.ts';
import { followJob } from '../follow.ts';
import { formatJob, formatJobs } from '../format.ts';
import { clientContext, withPlannerOptions } from './client-command.ts';

export function registerJobs(program: Command): void {
  const jobs = withPlannerOptions(
    program
      .command('jobs')
      .description('Restore jobs: list (default), show <id>, watch <id>, cancel <id>, resume <id>')
      // A stray word reaches the action below (to be named as an unknown command) instead of failing as
      // "too many arguments".
      .allowExcessArguments(),
  );
  const listJobs = async (command: Command) => {
    const { client, out } = clientContext(command);
    const all = await client.jobs();
    out.result({ jobs: all }, (r) => {
      for (const line of formatJobs(r.jobs)) out.line(line, { outcomes: true });
    });
  };
  // `jobs` alone lists; a word that is no sub-command is an unknown command, not "too many arguments".
  jobs.action(async (_options: unknown, command: Command) => {
    const word = command.args[0];
    if (word !== undefined)
      throw new UsageError(`unknown command 'jobs ${word}' (jobs has list, show, watch, cancel and resume)`);
    await listJobs(command);
  });
  withPlannerOptions(jobs.command('list').description('List jobs, newest first')).action(
    async (_options: unknown, command: Command) => listJobs(command),
  );

  withPlannerOptions(
    jobs
      .command('show')
      .description('A job: status, counts, failures with reasons, new ids')
      .argument('<id>', 'job id'),
  ).action(async (id: string, _options: unknown, command: Command) => {
    const { client, out } = clientContext(command);
    const job = await client.job(id);
    out.result(job, (j) => {
      for (const line of formatJob(j)) out.line(line, { outcomes: true });
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
        for (const line of formatJob(j)) out.line(line, { outcomes: true });
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

  withPlannerOptions(
    jobs
      .command('cancel')
      .description('Cancel a running job: writes in flight finish, nothing new starts')
      .argument('<id>', 'job id'),
  ).action(async (id: string, _options: unknown, command: Command) => {
    const { client, out } = clientContext(command);
    const job = await client.cancel(id);
    out.result(job, (j) => {
      for (const line of formatJob(j)) out.line(line, { outcomes: true });
    });
  });

  withPlannerOptions(
    jobs
      .command('resume')
      .description('Resume a job that stopped (e.g. on REQUEST_LIMIT_EXCEEDED): what is done is not written again')
      .argument('<id>', 'job id'),
  ).action(async (id: string, _options: unknown, command: Command) => {
    const { client, out } = clientContext(command);
    const job = await client.resume(id);
    out.result(job, (j) => {
      for (const line of formatJob(j)) out.line(line, { outcomes: true });
    });
  });
}
