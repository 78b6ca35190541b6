// The model-based property: one small world per run (hierarchy, a file, a mandatory loop on mock
// orgs), backed up once, then a random sequence of org changes, backups and restores checked
// against the reference model after every restore.
import fc from 'fast-check';
import { describeHierarchy, type HierarchySpec, hierarchyArb, hierarchyKeys } from '../generators/hierarchy.ts';
import { buildWorld } from '../org/build.ts';
import { cleanUpWorld } from '../org/clean-up.ts';
import { readWorld } from '../org/read.ts';
import { NOTE_FIELD } from '../org/world.ts';
import { newTag } from '../scenario.ts';
import type { TargetSession } from '../targets/target.ts';
import { orgCommands } from './commands.ts';
import type { OrgModel, OrgUnderTest } from './model.ts';
import { TakeBackup } from './take-backup.ts';

export interface ModelPropertyOptions {
  maxCommands?: number;
}

/** `await fc.assert(modelProperty(session), { numRuns: 4 })` */
export function modelProperty(session: TargetSession, options: ModelPropertyOptions = {}) {
  const worlds = hierarchyArb({ maxStages: 2, maxSteps: 1, account: true }).map((h) => ({
    ...h,
    cases: h.cases.slice(0, 1),
  }));
  const input = worlds.chain((hierarchy) =>
    fc.tuple(
      fc.constant(hierarchy),
      orgCommands(
        hierarchyKeys(hierarchy).map((k) => k.key),
        1,
        options.maxCommands ?? 10,
      ),
    ),
  );
  return fc.asyncProperty(input, async ([hierarchy, commands]) => {
    const { model, real } = await setUpModel(session, hierarchy);
    try {
      await fc.asyncModelRun(() => ({ model, real }), commands);
    } finally {
      await tearDownModel(real);
    }
  });
}

/** Removes the run's world (and loop) and lets the clock run again. */
export async function tearDownModel(real: OrgUnderTest): Promise<void> {
  const { session } = real;
  session.mock?.releaseClock();
  await cleanUpWorld(session, real.world);
  if (real.loop) session.mock?.purge([real.loop.gearId, real.loop.cogId]);
}

export function describeModelWorld(hierarchy: HierarchySpec): string {
  return `${describeHierarchy(hierarchy)}; one file on the Programme; a mandatory Gear/Cog loop (mock only)`;
}

/** Builds the world in the org, the model beside it, and takes the first backup. */
export async function setUpModel(session: TargetSession, hierarchy: HierarchySpec) {
  session.mock?.freezeClock();
  const world = await buildWorld(
    session,
    {
      hierarchy,
      files: [{ on: 'prog', versions: 1, ownedByOther: false, share: null }],
      attachments: [],
    },
    newTag(),
  );
  const loop = session.mock?.seedMandatoryLoop(world.tag);
  world.withLoop = loop !== undefined;
  const keys = hierarchyKeys(hierarchy);
  const model: OrgModel = {
    hierarchy,
    parents: Object.fromEntries(keys.map((k) => [k.key, k.parent])),
    types: Object.fromEntries(keys.map((k) => [k.key, k.type])),
    live: new Map(
      keys.map((k) => [k.key, { note: NOTE_FIELD[k.type] ? 'v1' : undefined, id: world.ids[k.key] as string }]),
    ),
    snapshots: [],
    fileVersions: [1],
    fileDeleted: [false],
    loopPurged: !loop,
    notes: 0,
  };
  if (loop) {
    model.types.gear = 'Gear__c';
    model.types.cog = 'Cog__c';
    model.live.set('gear', { note: undefined, id: loop.gearId });
    model.live.set('cog', { note: undefined, id: loop.cogId });
  }
  const real: OrgUnderTest = { session, world, loop, live: await readWorld(session.conn, world) };
  session.mock?.advanceClock(1000);
  await new TakeBackup().run(model, real);
  return { model, real };
}
