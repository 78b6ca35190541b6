// The job manager: keeps plans until they are confirmed (R04), runs confirmed plans as jobs over
// JetStream, and records their progress. What a job does (its steps, the results it counts, when it
// ends) is the pure state machine of job-state.ts and job-results.ts; this is the runner around it:
// it takes the writers' results and dead letters (result-intake.ts), serialises the transitions of
// each job, and performs their effects (saves and events in job-saves.ts, published work).
// State is saved to KV before a result is acked, before work is published and before events tell
// of it, so a planner that restarts, or takes over the job of a planner that died (job-ownership.ts),
// resumes it: republished work has the same message ids (dropped by the stream) and the writers'
// ledger answers items already written. A save writes the job's head and the journal entries of the
// batches answered since the last one (job-journal.ts): its size follows the batches, not the job.
import { type JetStreamClient, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { type DeadLetter, workKeyOfMsgId } from '@restorelab/contracts';
import type { JobIdsPage } from '@restorelab/planner-api';
import type { Logger } from '@restorelab/runtime';
import type { SnapshotStore } from '@restorelab/snapshots';
import type { Connection } from 'jsforce';
import { PlannerError } from '../errors.ts';
import type { PlannerSeams } from '../seams.ts';
import { ClaimGate, type Holder } from './claim-gate.ts';
import { openClaims } from './claims.ts';
import { batchEvents } from './event-batching.ts';
import { FinishWaiters } from './finish-waiters.ts';
import { JobEndings } from './job-endings.ts';
import { fromWholeState, headOf, isHead, viewOf } from './job-journal.ts';
import { type Leases, openLeases } from './job-leases.ts';
import { JobOwnership } from './job-ownership.ts';
import { applyDeadLetter, applyResult, isRecordResult } from './job-results.ts';
import { JobSaves } from './job-saves.ts';
import {
  advance,
  type Effects,
  initialState,
  isFinished,
  jobIdOf,
  pendingWork,
  planLost,
  requestCancel,
  resumedState,
} from './job-state.ts';
import { type JobStore, openJobStore, type StoredJob } from './job-store.ts';
import { idsPage, loadJob, viewOfStored } from './job-views.ts';
import { DEFAULT_LEASE_MS } from './lease.ts';
import { planAgain } from './plan-again.ts';
import { PlanCache } from './plan-cache.ts';
import { prepareRestore, type RestoreRequestInput } from './prepare.ts';
import { WorkPublisher } from './publish-work.ts';
import type { AnyResult } from './result-forwarding.ts';
import { type ResultIntake, startResultIntake } from './result-intake.ts';
import { resumeRefusal } from './resume-refusal.ts';
import { AlreadyConfirmed, journaled, nowIso, type Runner, runnerOf, serial } from './runner.ts';
import type { JobState, LiveJob, PendingPlan } from './types.ts';
import { batchKey, stepName, taskKey } from './work.ts';

export interface JobManagerOptions {
  nc: NatsConnection;
  store: SnapshotStore;
  conn: Connection;
  logger: Logger;
  /** Suite power only: faults bent into the planner on purpose (see seams.ts). */
  seams?: PlannerSeams;
  /** How long a job's lease lasts unrenewed before another planner takes the job over (lease.ts). */
  leaseMs?: number;
}

type Opened = { js: JetStreamClient; jobs: JobStore; gate: ClaimGate; leases: Leases };

export class JobManager {
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #store: SnapshotStore;
  readonly #conn: Connection;
  readonly #logger: Logger;
  readonly #jobs: JobStore;
  readonly #publisher: WorkPublisher;
  readonly #seams: PlannerSeams;
  readonly #gate: ClaimGate;
  readonly #runners = new Map<string, Runner>();
  readonly #saves: JobSaves;
  readonly #waiters = new FinishWaiters();
  /** Small plans this planner made, until their confirmation. */
  readonly #madePlans = new PlanCache();
  readonly #ownership: JobOwnership;
  readonly #endings: JobEndings;
  #intake: ResultIntake | undefined;
  #stopped = false;

  private constructor(options: JobManagerOptions, { js, jobs, gate, leases }: Opened) {
    this.#nc = options.nc;
    this.#js = js;
    this.#store = options.store;
    this.#conn = options.conn;
    this.#logger = options.logger.child({ component: 'jobs' });
    this.#jobs = jobs;
    this.#seams = options.seams ?? {};
    this.#gate = gate;
    const saves = { nc: options.nc, jobs, logger: this.#logger, runners: this.#runners, seam: this.#seams.save };
    this.#saves = new JobSaves({ ...saves, stillHeld: (id) => this.#ownership.stillHeld(id) });
    this.#publisher = new WorkPublisher(js, jobs.content, options.store, this.#seams.work);
    this.#ownership = new JobOwnership({
      nc: options.nc,
      leases,
      logger: this.#logger,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      adopt: (jobId) => this.#adopt(jobId),
      lost: (jobId) => this.#saves.drop(jobId),
    });
    this.#endings = new JobEndings(gate, this.#ownership);
  }

  /** Opens the job store, resumes running jobs, then starts collecting results. */
  static async start(options: JobManagerOptions): Promise<JobManager> {
    const js = jetstream(options.nc);
    const jobs = await openJobStore(js);
    const gate = new ClaimGate(await openClaims(js), jobs, options.logger.child({ component: 'claims' }));
    const manager = new JobManager(options, { js, jobs, gate, leases: await openLeases(js) });
    try {
      await gate.sweep();
      manager.#ownership.start();
      await manager.#resume();
      await manager.#startResults();
    } catch (err) {
      await manager.stop().catch(() => undefined); // nothing of a failed start keeps running
      throw err;
    }
    return manager;
  }

  /** The org the planner's connection belongs to, when jsforce knows it. */
  get orgId(): string | undefined {
    return this.#conn.userInfo?.organizationId;
  }

  /** Plans a restore and keeps the plan until it is confirmed; writes nothing to the org (R04). */
  async createRestoreSummary(input: RestoreRequestInput): Promise<PendingPlan> {
    const prepared = await prepareRestore(this.#conn, this.#store, input, this.orgId, this.#seams.plan);
    const json = await this.#jobs.putPlan(prepared.pending, prepared.stored);
    this.#madePlans.remember(prepared.pending, prepared.stored, json);
    this.#logger.info(
      { planId: prepared.pending.planId, rootId: prepared.pending.request.rootId, apiCalls: prepared.apiCalls },
      'restore planned',
    );
    return prepared.pending;
  }

  /** A pending plan, with the job that writes it once it is confirmed. */
  async plan(planId: string): Promise<PendingPlan> {
    const pending = await this.#pendingPlan(planId);
    if (!pending.jobId) {
      // The job of a plan is named after it, and exists once the plan is confirmed.
      const jobId = jobIdOf(planId);
      if (this.#runners.has(jobId) || (await this.#jobs.job(jobId))) pending.jobId = jobId;
    }
    return pending;
  }

  async #pendingPlan(planId: string): Promise<PendingPlan> {
    const pending = await this.#jobs.pendingPlan(planId);
    if (!pending) throw new PlannerError('NOT_FOUND', `no restore plan ${planId}`);
    return pending;
  }

  /**
   * Starts writing a plan. Confirming the same plan again (here, or at another planner) answers the
   * job it already started: the job's first save creates its entry, which only one confirmation can.
   */
  async confirm(planId: string): Promise<JobState> {
    const jobId = jobIdOf(planId);
    const running = this.#runners.get(jobId);
    if (running) return viewOf(running.state);
    const made = this.#madePlans.get(planId);
    // No look-up of the job here: creating its entry below tells whether it exists. Entries written
    // before jobs were named after their plans hold the job themselves.
    const pending = made?.pending ?? (await this.#pendingPlan(planId));
    if (pending.jobId) return this.job(pending.jobId);
    const stored = made ? made.stored() : await this.#jobs.storedPlan(planId);
    if (!stored) throw new PlannerError('NOT_FOUND', `restore plan ${planId} has lost its stored plan`);
    const state: LiveJob = {
      ...initialState(jobId, pending, stored, nowIso()),
      claims: 'taking',
      batches: 0,
      runFrom: 0,
    };
    const runner = runnerOf(state, stored, true);
    try {
      await this.#serial(runner, () => this.#saves.save(runner));
    } catch (err) {
      if (err instanceof AlreadyConfirmed) return this.job(jobId);
      throw err;
    } finally {
      this.#madePlans.forget(planId);
    }
    await this.#ownership.hold(jobId);
    await this.#claimThenRun(runner);
    return viewOf(runner.state);
  }

  /** A job as the API shows it: bounded whatever its size (the first ids and failures). */
  async job(jobId: string): Promise<JobState> {
    const running = await this.#running(jobId);
    if (running) return viewOf(running.state);
    const stored = await this.#jobs.job(jobId);
    if (!stored) throw new PlannerError('NOT_FOUND', `no job ${jobId}`);
    return viewOfStored(this.#jobs, stored);
  }

  async jobs(): Promise<JobState[]> {
    const stored = await this.#jobs.jobs();
    return Promise.all(
      stored.map(async (s) => {
        const running = await this.#running(s.jobId);
        return running ? viewOf(running.state) : viewOfStored(this.#jobs, s);
      }),
    );
  }

  /** A page of a job's old → new ids, as far as its last save (`cursor`: the `next` of the page before). */
  async jobIds(jobId: string, cursor?: string): Promise<JobIdsPage> {
    const stored = await this.#jobs.job(jobId);
    if (!stored) throw new PlannerError('NOT_FOUND', `no job ${jobId}`);
    return idsPage(this.#jobs, stored, cursor);
  }

  /**
   * Asks a job to stop: work already published finishes (so the id map stays true), nothing further
   * is published, and the job ends `cancelled`. A finished job answers 409.
   */
  async cancel(jobId: string): Promise<JobState> {
    const runner = this.#runners.get(jobId);
    if (!runner) {
      const state = await this.job(jobId);
      throw new PlannerError('CONFLICT', `job ${jobId} is ${state.status}: only running jobs can be cancelled`);
    }
    await this.#serial(runner, () =>
      this.#perform(
        runner,
        journaled(runner, undefined, (s) => requestCancel(s, runner.stored, nowIso())),
      ),
    );
    return viewOf(runner.state);
  }

  /**
   * Runs a failed job again (after the org's API allocation recovered, say): every step from the
   * first, with the write failures forgotten and the counts started afresh. Work goes out under
   * message ids that carry the new attempt number (the streams drop ids seen in the last 30 minutes);
   * the writers' ledger answers every item already written with its recorded result, so only the
   * items not written are written, and each is counted once. Only a failed job can be resumed (409).
   */
  async resume(jobId: string): Promise<JobState> {
    await this.#endings.settled(jobId);
    if (await this.#running(jobId)) {
      throw new PlannerError('CONFLICT', `job ${jobId} is running: only failed jobs can be resumed`);
    }
    const head = await this.#jobs.job(jobId);
    if (!head) throw new PlannerError('NOT_FOUND', `no job ${jobId}`);
    if (head.status !== 'failed') {
      throw new PlannerError('CONFLICT', `job ${jobId} is ${head.status}: only failed jobs can be resumed`);
    }
    const stored = await this.#jobs.storedPlan(head.planId);
    const pending = await this.#jobs.pendingPlan(head.planId);
    if (!stored || !pending) throw new PlannerError('NOT_FOUND', `job ${jobId} has lost its stored plan`);
    const { state, unsaved } = await loadJob(this.#jobs, head, stored);
    // One resume of a job at a time, at any planner: the lease first, then the job's claims.
    if (!(await this.#ownership.hold(jobId))) throw new PlannerError('CONFLICT', `job ${jobId} is being resumed`);
    // Its claims were given back when it failed: another job may be writing some of its items now.
    const holder = await this.#gate.take(state, stored);
    if (holder) {
      await this.#ownership.release(jobId);
      throw resumeRefusal(jobId, holder);
    }
    // A new run: the journal's failures and answered work so far belong to the run before.
    const resumed: LiveJob = {
      ...resumedState(state, pending, stored, nowIso()),
      claims: 'held',
      batches: state.batches,
      runFrom: state.batches,
    };
    const runner = runnerOf(resumed, stored);
    this.#runners.set(jobId, runner);
    await this.#jobs.putJob(headOf(resumed), unsaved);
    this.#saves.event(jobId, { type: 'status', status: 'running' });
    this.#logger.info({ jobId, attempt: resumed.attempt, steps: resumed.steps }, 'job resumed after failure');
    await this.#serial(runner, () => this.#advance(runner));
    return viewOf(runner.state);
  }

  /** Resolves when the job has finished (or after `timeoutMs` with its state then). */
  async settled(jobId: string, timeoutMs = 60_000): Promise<JobState> {
    const state = await this.job(jobId);
    if (isFinished(state)) return state;
    return this.#waiters.wait(jobId, timeoutMs, () => this.job(jobId));
  }

  /** Stops collecting results; running jobs stay running in KV for the next planner to resume. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#intake?.stop();
    await Promise.allSettled([...this.#runners.values()].map((r) => r.queue));
    await this.#endings.all();
    await this.#ownership.stop();
  }

  /** The job if it runs here; one ended here but not yet saved is waited for (the API reports KV). */
  async #running(jobId: string): Promise<Runner | undefined> {
    const runner = this.#runners.get(jobId);
    if (runner && isFinished(runner.state)) await runner.queue;
    return this.#runners.get(jobId);
  }

  // ---- running ---------------------------------------------------------------------------

  /** At start: every running job nobody else holds (its planner gone, or its lease expired). */
  async #resume(): Promise<void> {
    for (const head of await this.#jobs.jobs()) {
      if (head.status !== 'running') continue;
      // Read again once taken: its holder may have saved it since (a clean stop gives the lease back).
      if (await this.#ownership.tryTake(head.jobId, head.updatedAt)) await this.#adopt(head.jobId);
    }
  }

  /** A job whose lease this planner has just taken over: run it if it still runs. */
  async #adopt(jobId: string): Promise<void> {
    const head = await this.#jobs.job(jobId);
    if (this.#stopped || this.#runners.has(jobId)) return;
    if (head?.status === 'running') return this.#run(head);
    await this.#ownership.release(jobId);
  }

  /** Runs a job saved as running, as a restart would. */
  async #run(head: StoredJob): Promise<void> {
    const stored = await this.#jobs.storedPlan(head.planId);
    if (!stored) {
      // Nothing to rebuild it from: only the head changes (its status and reason).
      await this.#jobs.putJob(planLost(isHead(head) ? { ...head } : headOf(fromWholeState(head))));
      return this.#ownership.release(head.jobId);
    }
    // Whole again from its journal: the ids learnt, the failures, the work still pending.
    const { state, unsaved } = await loadJob(this.#jobs, head, stored);
    const runner = runnerOf(state, stored);
    runner.journal.push(...unsaved);
    this.#runners.set(state.jobId, runner);
    this.#logger.info({ jobId: state.jobId, step: state.step, pending: state.pending.length }, 'job resumed');
    if (state.claims === 'taking') {
      // Not yet holding its items: take them (or wait) without holding up the start.
      void this.#claimThenRun(runner).catch((err) => this.#logger.error({ err, jobId: state.jobId }, 'job not run'));
      return;
    }
    await this.#serial(runner, async () => {
      if (state.pending.length === 0) return this.#advance(runner);
      // Republish what was pending: the stream drops duplicates, the writers' ledger the rest.
      await this.#publisher.publish(pendingWork(state, stored), state.attempt, stored.plan);
    });
  }

  /** Takes the claims on the job's items and runs it, or waits for their holder, plans again, retries. */
  async #claimThenRun(runner: Runner): Promise<void> {
    const holder = await this.#gate.take(runner.state, runner.stored);
    await this.#serial(runner, async () => {
      // Cancelled while taking: what was taken goes back at once.
      if (isFinished(runner.state)) return holder ? undefined : this.#gate.release(runner.state, runner.stored);
      if (holder) {
        runner.state.waitingFor = holder.jobId;
        return this.#saves.save(runner);
      }
      runner.state.claims = 'held';
      delete runner.state.waitingFor;
      await this.#saves.save(runner);
      await this.#advance(runner);
    });
    if (holder) {
      this.#logger.info({ jobId: runner.state.jobId, holder: holder.jobId, item: holder.itemId }, 'job waits');
      void this.#waitThenPlanAgain(runner, holder).catch((err) =>
        this.#logger.error({ err, jobId: runner.state.jobId }, 'waiting job not run'),
      );
    }
  }

  async #waitThenPlanAgain(runner: Runner, holder: Holder): Promise<void> {
    const over = () => this.#stopped || isFinished(runner.state);
    await this.#gate.waitFor(runner.state, runner.stored, holder, over);
    if (over()) return;
    const waitedFor = [...(runner.state.waitedFor ?? []), ...(holder.jobId ? [holder.jobId] : [])];
    const deps = { conn: this.#conn, store: this.#store, jobs: this.#jobs, orgId: this.orgId };
    const again = await planAgain(deps, runner.state, runner.stored, waitedFor);
    await this.#serial(runner, async () => {
      if (isFinished(runner.state)) return;
      if ('failure' in again) {
        Object.assign(runner.state, { status: 'failed', reason: again.failure, finishedAt: nowIso() });
        return this.#finish(runner, { status: 'failed', reason: again.failure });
      }
      await this.#jobs.putPlan(again.pending, again.stored);
      // A new plan, a new run: the journal so far (nothing written, only planned failures) is past.
      const batches = runner.state.batches;
      Object.assign(runner, { stored: again.stored, state: { ...again.state, batches, runFrom: batches } });
      this.#logger.info({ jobId: again.state.jobId, after: holder.jobId, unchanged: again.unchanged }, 'planned again');
      await this.#saves.save(runner);
    });
    if (!isFinished(runner.state)) await this.#claimThenRun(runner);
  }

  /** Moves the job on while its current step has nothing pending; publishes the next step's work. */
  #advance(runner: Runner): Promise<void> {
    return this.#perform(
      runner,
      journaled(runner, undefined, (s) => advance(s, runner.stored, nowIso())),
    );
  }

  /** Applies a writer's result to its job (serialised with the job's other changes). */
  #applyResult(runner: Runner, result: AnyResult): Promise<void> {
    return this.#serial(runner, () => {
      const key = isRecordResult(result)
        ? batchKey(result.wave, result.batchIndex)
        : taskKey(result.kind, result.taskIndex);
      const applied = journaled(
        runner,
        (t) => (t.outcome === 'applied' ? key : undefined),
        (s) => applyResult(s, runner.stored, result, nowIso()),
      );
      this.#seams.state?.(runner.state, result);
      return this.#perform(runner, applied);
    });
  }

  /** A writer gave up on a message: every item it carried fails with the writer's reason. */
  #applyDeadLetter(runner: Runner, letter: DeadLetter): Promise<void> {
    return this.#serial(runner, async () => {
      const key = letter.msgId ? workKeyOfMsgId(letter.jobId, letter.msgId) : undefined;
      const answered = journaled(
        runner,
        (t) => (t.outcome === 'applied' ? key : undefined),
        (s) => applyDeadLetter(s, runner.stored, letter, nowIso()),
      );
      if (answered.outcome === 'foreign') {
        this.#logger.warn({ jobId: letter.jobId, subject: letter.subject, reason: letter.reason }, 'dead letter');
      }
      await this.#perform(runner, answered);
    });
  }

  /**
   * Performs a transition's effects, in order: the ids it learnt, then the end of the job (saved,
   * announced, let go), or a save (now, or with the next group commit) and the step's work. Its
   * events (per batch, event-batching.ts) go out once the state that tells them is saved.
   */
  async #perform(runner: Runner, effects: Effects): Promise<void> {
    const state = runner.state;
    runner.outbox.push(...batchEvents(effects.events));
    if (effects.restoredIds) this.#store.recordRestoredIds(state.orgId, effects.restoredIds);
    // The end saves the job itself: a save asked for on the way is that save.
    if (effects.finished) return this.#finish(runner, effects.finished);
    if (effects.save === 'now') await this.#saves.save(runner);
    else if (effects.save === 'commit' || runner.journal.length > 0) runner.dirty = true;
    if (!runner.dirty) this.#saves.flush(runner);
    if (effects.publish.length > 0) {
      this.#logger.info(
        { jobId: state.jobId, step: stepName(runner.stored, state.step), work: effects.publish.length },
        'step',
      );
      await this.#publisher.publish(effects.publish, state.attempt, runner.stored.plan);
    }
  }

  async #finish(runner: Runner, { status, reason }: NonNullable<Effects['finished']>): Promise<void> {
    const state = runner.state;
    await this.#saves.save(runner);
    // Gone from here before anyone hears so (a cancel or resume then finds it finished); its claims
    // and lease go after the announcement (job-endings.ts).
    this.#runners.delete(state.jobId);
    this.#waiters.finished(viewOf(state));
    this.#saves.event(state.jobId, { type: 'status', status, ...(reason ? { reason } : {}) });
    this.#logger.info({ jobId: state.jobId, status, counts: state.counts }, 'job finished');
    await this.#endings.letGo(state, runner.stored);
  }

  #serial<T>(runner: Runner, fn: () => Promise<T>): Promise<T> {
    return serial(runner, this.#logger, fn);
  }

  // ---- results ---------------------------------------------------------------------------

  async #startResults(): Promise<void> {
    this.#intake = await startResultIntake({
      nc: this.#nc,
      js: this.#js,
      jobs: this.#jobs,
      logger: this.#logger,
      runners: this.#runners,
      apply: (runner, result) => this.#applyResult(runner, result),
      deadLetter: (runner, letter) => this.#applyDeadLetter(runner, letter),
      saveDirty: () => this.#saves.saveDirty(),
      takeOver: async (jobId) => ((await this.#ownership.tryTake(jobId)) ? this.#adopt(jobId) : undefined),
    });
  }
}
