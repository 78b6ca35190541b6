// Following a running job: its server-sent events show progress (a live bar on a terminal with
// cli-progress, plain progress lines otherwise: CI logs, pipes), and the job document says when it
// has ended. The events alone cannot be trusted to end the follow: a stream that never delivers the
// final status (an event lost, a planner that stopped) would leave the command waiting forever
// after the job is done. So the job is long-polled beside the stream, and its end ends both.
import type { JobEvent, JobState } from '@restorelab/planner-api';
import cliProgress from 'cli-progress';
import { itemLabel } from './format.ts';
import type { Output } from './output.ts';
import type { PlannerClient } from './planner/client.ts';
import { forTerminal } from './terminal-text.ts';

type Progress = Extract<JobEvent, { type: 'progress' }>;

/** Seconds one long poll of the job waits for its end (the planner answers at once when it ends). */
const POLL_SECONDS = 30;
/** How long the events may take to catch up once the job has ended, before the stream is closed. */
const EVENTS_GRACE_MS = 2_000;

export interface FollowOptions {
  /** Draw a live bar (a terminal, not --json); plain lines otherwise. */
  live: boolean;
  signal?: AbortSignal;
  /** After this long without an event, say that the job is still at it, with its retries (default 10 s). */
  quietMs?: number;
}

type FollowClient = Pick<PlannerClient, 'events' | 'jobWhenStopped' | 'job'>;

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
 * Shows the job's progress until it ends and returns its final state.
 * @example const job = await followJob(client, started.jobId, out, { live: process.stderr.isTTY });
 */
export async function followJob(
  client: FollowClient,
  jobId: string,
  out: Output,
  options: FollowOptions,
): Promise<JobState> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const shown = showEvents(client, jobId, out, options.live, stop.signal, options.quietMs ?? 10_000).catch(
    (error: unknown) => {
      // The job document decides; a stream that broke only stops showing progress.
      if (!stop.signal.aborted) out.step(`job events stopped (${String(error)}); waiting for the job to end`);
    },
  );
  try {
    const job = await untilStopped(client, jobId, options.signal);
    const grace = setTimeout(() => stop.abort(), EVENTS_GRACE_MS);
    await shown;
    clearTimeout(grace);
    return job;
  } finally {
    stop.abort();
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Long-polls the job until it is no longer running. */
async function untilStopped(client: FollowClient, jobId: string, signal?: AbortSignal): Promise<JobState> {
  for (;;) {
    const job = await client.jobWhenStopped(jobId, POLL_SECONDS, signal);
    if (job.status !== 'running') return job;
    signal?.throwIfAborted();
  }
}

async function showEvents(
  client: FollowClient,
  jobId: string,
  out: Output,
  live: boolean,
  signal: AbortSignal,
  quietMs: number,
): Promise<void> {
  const bar = live
    ? new cliProgress.SingleBar(
        { format: 'restoring [{bar}] {value}/{total} items | {status}', hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  let lastLine = '';
  const note = (message: string) => {
    if (bar && started) bar.update({ status: forTerminal(message).slice(0, 60) });
    else out.step(message);
  };
  // A job waiting on the org (retries after 503s or row locks) sends no event for a while: no silence.
  let lastEventAt = Date.now();
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
        () => {}, // the job's long poll reports a lost planner
      );
    },
    Math.min(quietMs, 1000),
  );
  try {
    for await (const event of client.events(jobId, signal)) {
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
      } else if (event.type === 'failures') {
        for (const f of event.failures)
          note(`failed: ${itemLabel(f.objectType, f.itemId)}: ${f.error.code}: ${f.error.message}`);
        if (event.count > event.failures.length)
          note(
            `failed: ${event.count - event.failures.length} more ${event.count - event.failures.length === 1 ? 'item' : 'items'}`,
          );
      } else if (event.type === 'item' && event.outcome === 'failed') {
        note(
          `failed: ${itemLabel(event.objectType, event.itemId)}${event.error ? `: ${event.error.code}: ${event.error.message}` : ''}`,
        );
      } else if (event.type === 'status') {
        if (bar && started) bar.update({ status: event.status });
        else if (!bar) out.step(`job ${event.status}${event.reason ? `: ${event.reason}` : ''}`);
      }
    }
  } finally {
    clearInterval(heartbeat);
    if (bar && started) bar.stop();
  }
}
