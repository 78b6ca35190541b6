// Following a running job from its server-sent events: a live bar on a terminal (cli-progress), plain
// progress lines otherwise (CI logs, pipes). Either way it ends with the job's final state.
import type { JobEvent, JobState } from '@restorelab/planner-api';
import cliProgress from 'cli-progress';
import { itemLabel } from './format.ts';
import type { Output } from './output.ts';
import type { PlannerClient } from './planner/client.ts';
import { forTerminal } from './terminal-text.ts';

type Progress = Extract<JobEvent, { type: 'progress' }>;

export interface FollowOptions {
  /** Draw a live bar (a terminal, not --json); plain lines otherwise. */
  live: boolean;
  signal?: AbortSignal;
  /** After this long without an event, say that the job is still at it, with its retries (default 10 s). */
  quietMs?: number;
}

/** What a quiet job is doing, from its state: the step, and the retries spent on the org so far. */
export function stillRunningLine(job: Pick<JobState, 'step' | 'steps' | 'retries'>): string {
  const retries = job.retries > 0 ? `, ${job.retries} ${job.retries === 1 ? 'retry' : 'retries'} so far` : '';
  return `job still running: step ${Math.min(job.step + 1, job.steps)}/${job.steps}${retries}`;
}

/**
 * Items done of all the plan's items (records, files, attachments, metafiles), as a progress event
 * counts them: written + skipped + failed, metafiles among the written.
 */
export function progressDone(event: Progress): number {
  return Math.min(event.total, event.written + event.skipped + event.failed);
}

export function progressLine(event: Progress): string {
  const metafiles =
    event.metafiles > 0 ? ` (${event.metafiles} of them ${event.metafiles === 1 ? 'a metafile' : 'metafiles'})` : '';
  return `step ${event.wave + 1}: ${progressDone(event)}/${event.total} items done: ${event.written} written${metafiles}, ${event.skipped} skipped, ${event.failed} failed`;
}

/**
 * Shows the job's progress until its final status and returns the final state.
 * @example const job = await followJob(client, started.jobId, out, { live: process.stderr.isTTY });
 */
export async function followJob(
  client: PlannerClient,
  jobId: string,
  out: Output,
  options: FollowOptions,
): Promise<JobState> {
  const bar = options.live
    ? new cliProgress.SingleBar(
        { format: 'restoring [{bar}] {value}/{total} items | {status}', hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  let lastLine = '';
  // A job waiting on the org (retries after 503s or row locks) sends no event for a while: no silence.
  let lastEventAt = Date.now();
  const quietMs = options.quietMs ?? 10_000;
  const heartbeat = setInterval(
    () => {
      if (Date.now() - lastEventAt < quietMs) return;
      lastEventAt = Date.now();
      client.job(jobId).then(
        (job) => {
          if (job.status !== 'running') return;
          if (bar && started) bar.update({ status: stillRunningLine(job) });
          else out.step(stillRunningLine(job));
        },
        () => {}, // the event stream reports a lost planner
      );
    },
    Math.min(quietMs, 1000),
  );
  try {
    for await (const event of client.events(jobId, options.signal)) {
      lastEventAt = Date.now();
      if (event.type === 'progress') {
        if (bar) {
          if (!started) bar.start(event.total, 0, { status: 'running' });
          started = true;
          bar.setTotal(event.total);
          bar.update(progressDone(event), { status: `step ${event.wave + 1}` });
        } else {
          const line = progressLine(event);
          if (line !== lastLine) out.step(line);
          lastLine = line;
        }
      } else if (event.type === 'item' && event.outcome === 'failed') {
        const message = `failed: ${itemLabel(event.objectType, event.itemId)}${event.error ? `: ${event.error.code}: ${event.error.message}` : ''}`;
        if (bar && started) bar.update({ status: forTerminal(message).slice(0, 60) });
        else out.step(message);
      } else if (event.type === 'status') {
        if (bar && started) bar.update({ status: event.status });
        else if (!bar) out.step(`job ${event.status}${event.reason ? `: ${event.reason}` : ''}`);
      }
    }
  } finally {
    clearInterval(heartbeat);
    if (bar && started) bar.stop();
  }
  // The stream ends at the final status; the job document has the counts, failures and new ids.
  let job = await client.job(jobId);
  while (job.status === 'running' && !options.signal?.aborted) {
    await new Promise((r) => setTimeout(r, 250));
    job = await client.job(jobId);
  }
  return job;
}
