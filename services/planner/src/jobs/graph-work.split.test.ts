// A restore with more new records than one Composite Graph payload holds (500 nodes): the layout
// splits a parent's children over several payloads, and a payload whose parent sits in an earlier
// one waits a level and fills the link from the id map. The small plans of
// graph-work.property.test.ts never split, so a payload put in its parent's level, or a link to a
// parent of an earlier payload left unfilled, passes there; here the graph job must still end
// like the same plan written through Collections waves.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { graphLayout } from './graph-layout.ts';
import { type Move, refuses, run, startSimulation, type Writers } from './job-simulation.ts';
import { makeStoredPlan, type RecordSpec, sfId } from './plan-fixtures.ts';
import type { StoredPlan } from './types.ts';

/** One or two roots, each with 520–800 children (a mandatory or an optional link) and a few grandchildren. */
const bigPlanArb = fc
  .record({
    roots: fc.array(
      fc.record({ children: fc.integer({ min: 520, max: 800 }), mandatory: fc.boolean(), grandchildren: fc.nat(20) }),
      { minLength: 1, maxLength: 2 },
    ),
  })
  .map(({ roots }): StoredPlan => {
    const specs: RecordSpec[] = [];
    let n = 0;
    for (const root of roots) {
      const rootId = sfId('a00', ++n);
      specs.push({ sourceId: rootId, objectType: 'A__c', action: 'create', wave: 0 });
      const children: string[] = [];
      for (let c = 0; c < root.children; c++) {
        const id = sfId('a01', ++n);
        children.push(id);
        const field = root.mandatory ? 'M0__c' : 'O0__c';
        specs.push({
          sourceId: id,
          objectType: 'B__c',
          action: 'create',
          wave: 1,
          rewrites: [{ field, targetSourceId: rootId }],
        });
      }
      // Grandchildren under the last children: those land in a later payload than the root.
      for (let g = 0; g < root.grandchildren; g++) {
        const parent = children[children.length - 1 - (g % children.length)]!;
        specs.push({
          sourceId: sfId('a02', ++n),
          objectType: 'C__c',
          action: 'create',
          wave: 2,
          rewrites: [{ field: 'M0__c', targetSourceId: parent }],
        });
      }
    }
    return makeStoredPlan({ records: specs, mandatoryLinks: ['B__c.M0__c', 'C__c.M0__c'] });
  });

const writersArb = fc.record({ seed: fc.nat(), refusals: fc.constantFrom(0, 0, 0.01, 0.2), rootFails: fc.boolean() });

/** With `rootFails`, the first seed from the drawn one on whose writers refuse the first root. */
function writersOf(plan: StoredPlan, w: { seed: number; refusals: number; rootFails: boolean }): Writers {
  if (!w.rootFails) return { seed: w.seed, refusals: w.refusals };
  const root = plan.plan.records[0]!.itemId;
  const refusals = Math.max(w.refusals, 0.2);
  let seed = w.seed;
  while (!refuses(seed, root, refusals)) seed++;
  return { seed, refusals };
}
const inOrder: Move[] = [];

describe('Composite Graph job with payloads split past 500 records', () => {
  test.prop([bigPlanArb, writersArb], { numRuns: 12 })(
    'ends like the Collections waves: same ids, counts, failures and status',
    (plan, drawn) => {
      const writers = writersOf(plan, drawn);
      const graphPlan: StoredPlan = { ...structuredClone(plan), writeMode: 'graph' };
      const layout = graphLayout(graphPlan.plan, new Map(graphPlan.plan.records.map((r) => [r.sourceId, r])));
      // The generator reaches the split it is for: some payload waits for another one.
      expect(layout.levels.length).toBeGreaterThan(1);
      const waves = startSimulation(plan);
      run(waves, inOrder, writers);
      const graph = startSimulation(graphPlan);
      run(graph, inOrder, writers);
      expect(graph.state.status).toBe(waves.state.status);
      expect(Object.keys(graph.state.idMap).length).toBe(Object.keys(waves.state.idMap).length);
      expect(graph.state.counts).toEqual(waves.state.counts);
      const failed = (s: typeof graph) => s.state.failures.map((f) => `${f.itemId} ${f.code}`).sort();
      expect(failed(graph)).toEqual(failed(waves));
      // A payload never shares a level with the payload holding a parent of its records.
      const levelOf = new Map<number, number>();
      for (const level of layout.levels) for (const p of level) levelOf.set(p.index, p.level);
      for (const record of graphPlan.plan.records) {
        const mine = layout.payloadOf.get(record.sourceId);
        if (mine === undefined) continue;
        for (const link of record.idRewrites) {
          const theirs = layout.payloadOf.get(link.targetSourceId);
          if (theirs !== undefined && theirs !== mine) {
            expect(levelOf.get(mine)!).toBeGreaterThan(levelOf.get(theirs)!);
          }
        }
      }
    },
  );
});
