// The job manager: keeps plans until they are confirmed (R04), runs confirmed plans as jobs over
// JetStream, and records their progress. What a job does (its steps, the results it counts, when it
// ends) is the pure state machine of job-state.ts and job-results.ts; this is the runner around it:
// it collects the writers' results and dead letters, serialises the transitions of each job, and
// performs their effects (events, saves, published work).
// State is saved to KV before a result is acked and before work is published, so a planner that
// restarts resumes every running job: republished work has the same message ids (dropped by the
// stream) and the writers' ledger answers items already written.
import { type JetStreamClient, type JsMsg, jetstream } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { CONSUMERS, encodeMessage, type JobEvent, parseMessage, STREAMS, SUBJECTS } from '@restorelab/contracts';
import type { Logger } from '@restorelab/runtime';
import type { SnapshotStore } from '@restorelab/snapshots';
import { startWorkConsumer, type WorkConsumer } from '@restorelab/worker';
import type { Connection } from 'jsforce';
import { PlannerError } from '../errors.ts';
import type { PlannerSeams } from '../seams.ts';
import { ClaimGate, type Holder } from './claim-gate.ts';
import { openClaims } from './claims.ts';
import { FinishWaiters } from './finish-waiters.ts';
import { applyDeadLetter, applyResult, isStaleResult } from './job-results.ts';
import {
  advance,
  type Effects,
  initialState,
  isFinished,
  type JobEventBody,
  jobIdOf,
  pendingWork,
  planLost,
  requestCancel,
  resumedState,
} from './job-state.ts';
import { type JobStore, openJobStore } from './job-store.ts';
import { planAgain } from './plan-again.ts';
import { PlanCache } from './plan-cache.ts';
import { prepareRestore, type RestoreRequestInput } from './prepare.ts';
import { WorkPublisher } from './publish-work.ts';
import { type AnyResult, forwardResult, parseResult, serveForwarded } from './result-forwarding.ts';
import { AlreadyConfirmed, type Runner } from './runner.ts';
import type { JobState, PendingPlan } from './types.ts';
import { stepName } from './work.ts';

export interface JobManagerOptions {
  nc: NatsConnection;
  store: SnapshotStore;
  conn: Connection;
  logger: Logger;
  /** Suite power only: faults bent into the planner on purpose (see seams.ts). */
  seams?: PlannerSeams;
}

/** Results applied before the job state is saved and they are acked, at most. */
const COMMIT_EVERY = 200;
/** Results pulled and in hand at once (each kept alive until it is acked). */
const RESULTS_IN_HAND = 400;

function settledOrThrow(outcome: PromiseSettledResult<void>): void {
  if (outcome.status === 'rejected') throw outcome.reason;
}

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
  readonly #waiters = new FinishWaiters();
  /** Small plans this planner made, until their confirmation. */
  readonly #madePlans = new PlanCache();
  #results: WorkConsumer | undefined;
  #deadLetters: Subscription | undefined;
  #forwarded: Subscription | undefined;
  #stopped = false;

  private constructor(options: JobManagerOptions, js: JetStreamClient, jobs: JobStore, gate: ClaimGate) {
    this.#nc = options.nc;
    this.#js = js;
    this.#store = options.store;
    this.#conn = options.conn;
    this.#logger = options.logger.child({ component: 'jobs' });
    this.#jobs = jobs;
    this.#seams = options.seams ?? {};
    this.#gate = gate;
    this.#publisher = new WorkPublisher(js, jobs.content, options.store, this.#seams.work);
  }

  /** Opens the job store, resumes running jobs, then starts collecting results. */
  static async start(options: JobManagerOptions): Promise<JobManager> {
    const js = jetstream(options.nc);
    const jobs = await openJobStore(js);
    const gate = new ClaimGate(await openClaims(js), jobs, options.logger.child({ component: 'claims' }));
    const manager = new JobManager(options, js, jobs, gate);
    await gate.sweep();
    await manager.#resume();
    await manager.#startResults();
    return manager;
  }

  /** The org the planner's connection belongs to, when jsforce knows it. */
  get orgId(): string | undefined {
    return this.#conn.userInfo?.organizationId;
  }

  /** Plans a restore and keeps the plan until it is confirmed; writes nothing to the org (R04). */
  async createRestoreSummary(input: RestoreRequestInput): Promise<PendingPlan> {
    const prepared = await prepareRestore(this.#conn, this.#store, input, this.orgId, this.#seams.plan);
    await this.#jobs.putPlan(prepared.pending, prepared.stored);
    this.#madePlans.remember(prepared.pending, prepared.stored);
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
    if (running) return structuredClone(running.state);
    const made = this.#madePlans.get(planId);
    // No look-up of the job here: creating its entry below tells whether it exists. Entries written
    // before jobs were named after their plans hold the job themselves.
    const pending = made?.pending ?? (await this.#pendingPlan(planId));
    if (pending.jobId) return this.job(pending.jobId);
    const stored = made ? made.stored() : await this.#jobs.storedPlan(planId);
    if (!stored) throw new PlannerError('NOT_FOUND', `restore plan ${planId} has lost its stored plan`);
    const state: JobState = { ...initialState(jobId, pending, stored, nowIso()), claims: 'taking' };
    const runner: Runner = { state, stored, queue: Promise.resolve(), unsaved: true };
    try {
      await this.#serial(runner, () => this.#save(runner));
    } catch (err) {
      if (err instanceof AlreadyConfirmed) return this.job(jobId);
      throw err;
    } finally {
      this.#madePlans.forget(planId);
    }
    await this.#claimThenRun(runner);
    return structuredClone(runner.state);
  }

  async job(jobId: string): Promise<JobState> {
    const running = this.#runners.get(jobId);
    if (running) return structuredClone(running.state);
    const state = await this.#jobs.job(jobId);
    if (!state) throw new PlannerError('NOT_FOUND', `no job ${jobId}`);
    return state;
  }

  async jobs(): Promise<JobState[]> {
    const stored = await this.#jobs.jobs();
    return stored.map((s) => (this.#runners.has(s.jobId) ? structuredClone(this.#runners.get(s.jobId)!.state) : s));
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
    await this.#serial(runner, () => this.#perform(runner, requestCancel(runner.state, runner.stored, nowIso())));
    return structuredClone(runner.state);
  }

  /**
   * Runs a failed job again (after the org's API allocation recovered, say): every step from the
   * first, with the write failures forgotten and the counts started afresh. Work goes out under
   * message ids that carry the new attempt number (the streams drop ids seen in the last 30 minutes);
   * the writers' ledger answers every item already written with its recorded result, so only the
   * items not written are written, and each is counted once. Only a failed job can be resumed (409).
   */
  async resume(jobId: string): Promise<JobState> {
    if (this.#runners.has(jobId)) {
      throw new PlannerError('CONFLICT', `job ${jobId} is running: only failed jobs can be resumed`);
    }
    const state = await this.job(jobId);
    if (state.status !== 'failed') {
      throw new PlannerError('CONFLICT', `job ${jobId} is ${state.status}: only failed jobs can be resumed`);
    }
    const stored = await this.#jobs.storedPlan(state.planId);
    const pending = await this.#jobs.pendingPlan(state.planId);
    if (!stored || !pending) throw new PlannerError('NOT_FOUND', `job ${jobId} has lost its stored plan`);
    // Its claims were given back when it failed: another job may be writing some of its items now.
    const holder = await this.#gate.take(state, stored);
    if (holder) {
      throw new PlannerError(
        'CONFLICT',
        `job ${holder.jobId} is restoring items of job ${jobId}: resume after it ends`,
      );
    }
    const resumed: JobState = { ...resumedState(state, pending, stored, nowIso()), claims: 'held' };
    const runner: Runner = { state: resumed, stored, queue: Promise.resolve() };
    this.#runners.set(jobId, runner);
    await this.#jobs.putJob(resumed);
    this.#event(jobId, { type: 'status', status: 'running' });
    this.#logger.info({ jobId, attempt: resumed.attempt, steps: resumed.steps }, 'job resumed after failure');
    await this.#serial(runner, () => this.#advance(runner));
    return structuredClone(runner.state);
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
    this.#deadLetters?.unsubscribe();
    this.#forwarded?.unsubscribe();
    await this.#results?.stop();
    await Promise.allSettled([...this.#runners.values()].map((r) => r.queue));
  }

  // ---- running ---------------------------------------------------------------------------

  async #resume(): Promise<void> {
    for (const state of await this.#jobs.jobs()) {
      if (state.status !== 'running') continue;
      const stored = await this.#jobs.storedPlan(state.planId);
      if (!stored) {
        await this.#jobs.putJob(planLost(state));
        continue;
      }
      const runner: Runner = { state, stored, queue: Promise.resolve() };
      this.#runners.set(state.jobId, runner);
      this.#logger.info({ jobId: state.jobId, step: state.step, pending: state.pending.length }, 'job resumed');
      if (state.claims === 'taking') {
        // Not yet holding its items: take them (or wait) without holding up the start.
        void this.#claimThenRun(runner).catch((err) => this.#logger.error({ err, jobId: state.jobId }, 'job not run'));
        continue;
      }
      await this.#serial(runner, async () => {
        if (state.pending.length === 0) return this.#advance(runner);
        // Republish what was pending: the stream drops duplicates, the writers' ledger the rest.
        await this.#publisher.publish(pendingWork(state, stored), state.attempt, stored.plan);
      });
    }
  }

  /** Takes the claims on the job's items and runs it, or waits for their holder, plans again, retries. */
  async #claimThenRun(runner: Runner): Promise<void> {
    const holder = await this.#gate.take(runner.state, runner.stored);
    await this.#serial(runner, async () => {
      // Cancelled while taking: what was taken goes back at once.
      if (isFinished(runner.state)) return holder ? undefined : this.#gate.release(runner.state, runner.stored);
      if (holder) {
        runner.state.waitingFor = holder.jobId;
        return this.#save(runner);
      }
      runner.state.claims = 'held';
      delete runner.state.waitingFor;
      await this.#save(runner);
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
    const waitedFor = [...(runner.state.waitedFor ?? []), holder.jobId];
    const deps = { conn: this.#conn, store: this.#store, jobs: this.#jobs, orgId: this.orgId };
    const again = await planAgain(deps, runner.state, runner.stored, waitedFor);
    await this.#serial(runner, async () => {
      if (isFinished(runner.state)) return;
      if ('failure' in again) {
        Object.assign(runner.state, { status: 'failed', reason: again.failure, finishedAt: nowIso() });
        return this.#finish(runner, { status: 'failed', reason: again.failure });
      }
      await this.#jobs.putPlan(again.pending, again.stored);
      Object.assign(runner, { stored: again.stored, state: again.state });
      this.#logger.info({ jobId: again.state.jobId, after: holder.jobId, unchanged: again.unchanged }, 'planned again');
      await this.#save(runner);
    });
    if (!isFinished(runner.state)) await this.#claimThenRun(runner);
  }

  /** Moves the job on while its current step has nothing pending; publishes the next step's work. */
  #advance(runner: Runner): Promise<void> {
    return this.#perform(runner, advance(runner.state, runner.stored, nowIso()));
  }

  /**
   * Performs a transition's effects, in order: its events, the ids it learnt, then the end of the job
   * (saved, announced, let go), or a save (now, or with the next group commit) and the step's work.
   */
  async #perform(runner: Runner, effects: Effects): Promise<void> {
    const state = runner.state;
    for (const event of effects.events) this.#event(state.jobId, event);
    if (effects.restoredIds) this.#store.recordRestoredIds(state.orgId, effects.restoredIds);
    // The end saves the job itself: a save asked for on the way is that save.
    if (effects.finished) return this.#finish(runner, effects.finished);
    if (effects.save === 'now') await this.#save(runner);
    else if (effects.save === 'commit') runner.dirty = true;
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
    await this.#save(runner);
    // Gone from here, claims free, before anyone hears so: a cancel or resume then finds it finished.
    this.#runners.delete(state.jobId);
    if (state.claims !== undefined) await this.#gate.release(state, runner.stored);
    this.#waiters.finished(state);
    this.#event(state.jobId, { type: 'status', status, ...(reason ? { reason } : {}) });
    this.#logger.info({ jobId: state.jobId, status, counts: state.counts }, 'job finished');
  }

  async #save(runner: Runner): Promise<void> {
    runner.dirty = false;
    const state = runner.state;
    state.updatedAt = new Date().toISOString();
    if (!runner.unsaved) return this.#jobs.putJob(state);
    if (!(await this.#jobs.createJob(state))) throw new AlreadyConfirmed(state.jobId);
    // Created: the job is this planner's from here on (results find it before any work is out).
    runner.unsaved = false;
    this.#runners.set(state.jobId, runner);
    this.#event(state.jobId, { type: 'status', status: 'running' });
    this.#logger.info({ jobId: state.jobId, planId: state.planId, steps: state.steps }, 'job started');
  }

  #serial<T>(runner: Runner, fn: () => Promise<T>): Promise<T> {
    const next = runner.queue.then(fn, fn);
    runner.queue = next.catch((err) => {
      // A second confirmation's is answered with the first one's job, not a failure.
      if (!(err instanceof AlreadyConfirmed)) this.#logger.error({ err, jobId: runner.state.jobId }, 'job step failed');
    });
    return next;
  }

  // ---- results ---------------------------------------------------------------------------

  async #startResults(): Promise<void> {
    // Fetch-bounded (no result waits unseen in a client buffer past the ack wait) and kept alive
    // while in hand. Group commit: the results in hand are applied, the job state holding them is
    // saved once, and only then are they acked; a result is never acked before its state is in KV.
    this.#results = await startWorkConsumer({
      js: this.#js,
      stream: STREAMS.results,
      durable: CONSUMERS.plannerResults,
      logger: this.#logger,
      maxMessages: RESULTS_IN_HAND,
      maxBatch: COMMIT_EVERY,
      handle: async (msg) => this.#applyResults([msg]).then((outcomes) => settledOrThrow(outcomes[0]!)),
      handleMany: (msgs) => this.#applyResults(msgs),
    });
    this.#deadLetters = this.#nc.subscribe(SUBJECTS.deadLettersAll, {
      callback: (err, msg) => {
        if (err) return;
        void this.#onDeadLetter(msg.data).catch((e) => this.#logger.error({ err: e }, 'dead letter not handled'));
      },
    });
    this.#forwarded = serveForwarded(
      this.#nc,
      (result) => this.#onForwarded(result),
      (err) => this.#logger.error({ err }, 'forwarded result lost'),
    );
  }

  /** A result another planner received for a job this one runs: applied and saved. */
  async #onForwarded(result: AnyResult): Promise<boolean> {
    const runner = this.#runners.get(result.jobId);
    if (!runner) return false; // the planner that runs it answers (or nobody, and it is nak'd)
    if (isStaleResult(runner.state, result)) return true;
    await this.#serial(runner, () => this.#perform(runner, applyResult(runner.state, runner.stored, result, nowIso())));
    await this.#saveDirty();
    return true;
  }

  /** Applies results in hand, then saves every job they changed; one outcome per result. */
  async #applyResults(msgs: readonly JsMsg[]): Promise<Array<PromiseSettledResult<void>>> {
    const outcomes: Array<PromiseSettledResult<void>> = [];
    for (const msg of msgs) {
      try {
        await this.#onResult(msg);
        outcomes.push({ status: 'fulfilled', value: undefined });
      } catch (err) {
        this.#logger.error({ err, subject: msg.subject }, 'result not handled: redelivered later');
        outcomes.push({ status: 'rejected', reason: err });
      }
    }
    try {
      await this.#saveDirty();
    } catch (err) {
      this.#logger.error({ err }, 'job state not saved: results redelivered later');
      return msgs.map(() => ({ status: 'rejected', reason: err }));
    }
    return outcomes;
  }

  /** Applies a result; true when it waits for the next commit to be acked, false when it is settled. */
  async #onResult(msg: JsMsg): Promise<boolean> {
    const isRecords = msg.subject.startsWith(`${SUBJECTS.resultsAll.slice(0, -1)}records.`);
    const result = parseResult(isRecords, msg.data);
    const runner = this.#runners.get(result.jobId);
    if (!runner) {
      const state = await this.#jobs.job(result.jobId);
      // A running job another planner runs: hand the result over (result-forwarding.ts).
      if (state?.status !== 'running') msg.ack();
      else if (await forwardResult(this.#nc, isRecords, result.jobId, msg.data)) msg.ack();
      else msg.nak(2_000);
      return false;
    }
    // A late copy of an earlier attempt's result: this attempt asked again and gets its own answer.
    if (isStaleResult(runner.state, result)) {
      msg.ack();
      return false;
    }
    await this.#serial(runner, () => {
      const applied = applyResult(runner.state, runner.stored, result, nowIso());
      this.#seams.state?.(runner.state, result);
      return this.#perform(runner, applied);
    });
    return true;
  }

  /** Saves every job whose state changed since its last save. */
  async #saveDirty(): Promise<void> {
    const dirty = [...this.#runners.values()].filter((r) => r.dirty);
    await Promise.all(
      dirty.map((runner) =>
        this.#serial(runner, async () => {
          if (runner.dirty) await this.#save(runner);
        }),
      ),
    );
  }

  /** A writer gave up on a message: every item it carried fails with the writer's reason. */
  async #onDeadLetter(data: Uint8Array): Promise<void> {
    const letter = parseMessage('deadLetter', data);
    const runner = this.#runners.get(letter.jobId);
    if (!runner) return;
    await this.#serial(runner, async () => {
      const answered = applyDeadLetter(runner.state, runner.stored, letter, nowIso());
      if (answered.outcome === 'foreign') {
        this.#logger.warn({ jobId: letter.jobId, subject: letter.subject, reason: letter.reason }, 'dead letter');
      }
      await this.#perform(runner, answered);
    });
  }

  // ---- events ----------------------------------------------------------------------------

  #event(jobId: string, event: JobEventBody): void {
    if (this.#nc.isClosed()) return;
    const full = { schemaVersion: 1 as const, jobId, at: new Date().toISOString(), ...event } as JobEvent;
    this.#nc.publish(SUBJECTS.jobEvent(jobId), encodeMessage('jobEvent', full));
  }
}

function nowIso(): string {
  return new Date().toISOString();
}
