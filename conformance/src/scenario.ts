// One end-to-end run of a rule's property: build a world in the org, back it up (optionally edit it
// and back it up again), change it, ask for a summary, confirm, follow the job, and read the world
// back. The outcome is what the rule's check compares with what the rule demands.
import type { EngineJob, EngineSummary } from './engine.ts';
import type { ChangeSpec } from './generators/changes.ts';
import { describeChanges } from './generators/changes.ts';
import { describeHierarchy } from './generators/hierarchy.ts';
import type { RequestSpec } from './generators/requests.ts';
import { buildWorld } from './org/build.ts';
import { applyChanges, editNotes } from './org/changes.ts';
import { cleanUpWorld } from './org/clean-up.ts';
import { readWorld } from './org/read.ts';
import type { LiveWorld, World, WorldSpec } from './org/world.ts';
import { isDataWrite, type SeenRequest } from './targets/data-writes.ts';
import type { TargetSession } from './targets/target.ts';

export interface Scenario {
  world: WorldSpec;
  /** Edit every record's note to "v2" and back up again after the first backup (R03). */
  secondSnapshot: boolean;
  changes: ChangeSpec;
  /** Modify without moving the clock: equal LastModifiedDate (mock orgs only). */
  sameTime: boolean;
  request: RequestSpec;
  /**
   * After the job, the same restore again (same record, method and snapshot), a second later: what
   * the first restore re-created is that item in the org from then on (R07, R11, R19 apply to it).
   */
  repeat?: boolean;
}

export interface Outcome {
  world: World;
  snapshots: string[];
  /** The snapshot the request asked for (its index in `snapshots`). */
  usedSnapshot: number;
  /**
   * Org before the restore (after the changes; undefined for a rule that does not read it, see
   * `observeBefore`), after the summary (when observed), and after the job.
   */
  before: LiveWorld | undefined;
  /** Read only for rules that ask (`observeSummary`): one more read of the org per run. */
  afterSummary: LiveWorld | undefined;
  /**
   * With `observeSummary` on a mock org: the writes to its data the org answered from the summary
   * request until the confirmation, recorded by its request log after the engine had time to act.
   */
  writesBeforeConfirm: SeenRequest[] | undefined;
  after: LiveWorld;
  /** The last restore's summary and job (the repeat's, when the scenario repeats). */
  summary: EngineSummary;
  job: EngineJob;
  /** With `repeat`: the first restore's summary and job, and the org between the two restores. */
  first: { summary: EngineSummary; job: EngineJob; after: LiveWorld } | undefined;
  /** With `overlap`: the job of a second summary of the same request, confirmed together with the first. */
  otherJob?: EngineJob;
  restoreStartedAt: number;
  /** Note value every record had in the snapshot used. */
  expectedNote: string;
  /** Modifications kept the modification time (asked for, and the org has a clock to hold). */
  sameTimeApplied: boolean;
}

/** How long the engine is given to act on a summary before the org is looked at (R04). */
const SETTLE_MS = 10;

let counter = 0;
export function newTag(): string {
  counter++;
  return `cf${Date.now().toString(36)}${counter.toString(36)}`;
}

/** Runs a scenario and hands the outcome to `check`; the world is always cleaned up. */
export interface RunScenarioOptions {
  /** Read the org between the summary and the confirmation (R04). */
  observeSummary?: boolean;
  /**
   * Read the org after the changes, before the restore (default true). Rules whose check looks
   * only at the org after the job say false and save a read of the org per run.
   */
  observeBefore?: boolean;
  /** Ask for the summary twice and confirm both at once: two overlapping jobs of the same records. */
  overlap?: boolean;
}

export async function runScenario(
  session: TargetSession,
  scenario: Scenario,
  check: (outcome: Outcome) => void | Promise<void>,
  options: RunScenarioOptions = {},
): Promise<void> {
  // The clock is frozen before the world is built, so an edit can keep the modification time (R07).
  session.mock?.freezeClock();
  const world = await buildWorld(session, scenario.world, newTag()).catch((error) => {
    session.mock?.releaseClock();
    throw error;
  });
  let seen: LiveWorld | undefined;
  try {
    const outcome = await restoreIn(session, world, scenario, options);
    seen = outcome.after;
    await check(outcome);
  } finally {
    // The last read of the org already lists every tagged record: clean-up need not read them again.
    await cleanUpWorld(session, world, seen?.rows);
  }
}

async function restoreIn(
  session: TargetSession,
  world: World,
  scenario: Scenario,
  options: RunScenarioOptions,
): Promise<Outcome> {
  const { conn, engine, mock } = session;
  try {
    const snapshots = [await engine.backup()];
    if (scenario.secondSnapshot) {
      mock?.advanceClock(1000);
      await editNotes(conn, world, 'v2');
      snapshots.push(await engine.backup());
    }
    if (!scenario.sameTime || !mock) mock?.advanceClock(1000);
    await applyChanges(session, world, scenario.changes);
    mock?.advanceClock(1000);
    const before = options.observeBefore === false ? undefined : await readWorld(conn, world);
    const rootId = world.ids[scenario.request.root] as string;
    const usedSnapshot = scenario.request.snapshot === 'first' ? 0 : snapshots.length - 1;
    const request = {
      recordId: rootId,
      method: scenario.request.method,
      ...(scenario.request.snapshot === 'default' ? {} : { snapshotId: snapshots[usedSnapshot] as string }),
    };
    const recording = options.observeSummary ? mock?.recordRequests() : undefined;
    let summary = await engine.summary(request);
    // With `overlap`, a second summary of the same request is confirmed together with the first.
    const second = options.overlap ? await engine.summary(request) : undefined;
    // Writes the engine queued while summarizing would land now: give them time, then read the org.
    if (recording) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const afterSummary = options.observeSummary ? await readWorld(conn, world) : undefined;
    const writesBeforeConfirm = recording?.stop().filter(isDataWrite);
    let restoreStartedAt = mock ? Date.parse(mock.now()) : Date.now() - 1000;
    const confirmed = await Promise.all([summary, ...(second ? [second] : [])].map((s) => engine.confirm(s.summaryId)));
    const [firstJob, otherJob] = await Promise.all(confirmed.map((id) => engine.waitForJob(id)));
    if (!firstJob) throw new Error('no job');
    let job = firstJob;
    let after = await readWorld(conn, world);
    let first: Outcome['first'];
    if (scenario.repeat) {
      first = { summary, job, after };
      mock?.advanceClock(1000);
      summary = await engine.summary(request);
      restoreStartedAt = mock ? Date.parse(mock.now()) : Date.now() - 1000;
      job = await engine.waitForJob(await engine.confirm(summary.summaryId));
      after = await readWorld(conn, world);
    }
    return {
      world,
      snapshots,
      usedSnapshot,
      before,
      afterSummary,
      writesBeforeConfirm,
      after,
      summary,
      job,
      first,
      ...(otherJob ? { otherJob } : {}),
      restoreStartedAt,
      expectedNote: usedSnapshot === 1 ? 'v2' : 'v1',
      sameTimeApplied: scenario.sameTime && !!mock,
    };
  } finally {
    mock?.releaseClock();
  }
}

/** The scenario in words, for a counterexample. */
export function describeScenario(s: Scenario): string {
  return [
    `world: ${describeHierarchy(s.world.hierarchy)}; ${describeFiles(s.world)}`,
    s.secondSnapshot ? 'notes edited to v2 and backed up again' : 'one backup',
    `then: ${describeChanges(s.changes)}${s.sameTime ? ' (clock not moved: equal modification times)' : ''}`,
    `restore ${s.request.root} (${s.request.method === 'record' ? 'record only' : 'with related records'}) from the ${s.request.snapshot === 'first' ? 'first' : s.request.snapshot === 'latest' ? 'latest (by id)' : 'default (latest)'} snapshot${s.repeat ? ', then the same restore again a second later' : ''}`,
  ].join('\n  ');
}

function describeFiles(world: WorldSpec): string {
  const files = world.files.map(
    (f, i) =>
      `file ${i} on ${f.on} (${f.versions} version(s)${f.ownedByOther ? ', owned by another user' : ''}${f.ownedByOther && f.laterVersionsByAdmin && f.versions > 1 ? ', later versions uploaded by the admin' : ''}${f.share ? `, shared ${f.share.shareType}/${f.share.visibility}` : ''})`,
  );
  const attachments = world.attachments.map((a, i) => `attachment ${i} on ${a.on}${a.isPrivate ? ' (private)' : ''}`);
  const all = [...files, ...attachments];
  return all.length === 0 ? 'no files or attachments' : all.join(', ');
}
