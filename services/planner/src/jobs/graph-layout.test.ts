// The grouping of new records into Composite Graph payloads, over generated hierarchies: every
// record once, every parent earlier in its graph or in a payload of an earlier level, and no
// payload over a documented limit (500 nodes, 75 graphs, depth 15, 15 object types).
import { fc, test } from '@fast-check/vitest';
import type { PlannedRecord } from '@restorelab/restore-plan';
import { describe, expect, it } from 'vitest';
import { GRAPH_LAYOUT_LIMITS, type GraphLayout, graphLayout } from './graph-layout.ts';
import { makeStoredPlan, type RecordSpec, sfId } from './plan-fixtures.ts';
import type { StoredPlan } from './types.ts';

function layoutOf(stored: StoredPlan): GraphLayout {
  return graphLayout(stored.plan, new Map(stored.plan.records.map((r) => [r.sourceId, r])));
}

/** Checks the layout against the plan; returns the number of payloads. */
function checkLayout(stored: StoredPlan, layout: GraphLayout): number {
  const creates = stored.plan.records.filter((r) => r.action === 'create');
  const byId = new Map(creates.map((r) => [r.sourceId, r]));
  const payloads = layout.levels.flat();
  // Every new record in exactly one payload.
  const placed = payloads.flatMap((p) => p.nodes.map((n) => n.sourceId));
  expect(placed.length).toBe(creates.length);
  expect(new Set(placed)).toEqual(new Set(byId.keys()));
  const levelOf = new Map(payloads.map((p) => [p.index, p.level]));
  layout.levels.forEach((level, l) => {
    for (const p of level) expect(p.level).toBe(l);
  });
  for (const payload of payloads) {
    expect(payload.nodes.length).toBeLessThanOrEqual(GRAPH_LAYOUT_LIMITS.nodes);
    expect(new Set(payload.nodes.map((n) => n.graph)).size).toBeLessThanOrEqual(GRAPH_LAYOUT_LIMITS.graphs);
    const types = new Set(payload.nodes.map((n) => (byId.get(n.sourceId) as PlannedRecord).objectType));
    expect(types.size).toBeLessThanOrEqual(GRAPH_LAYOUT_LIMITS.objectTypes);
    const position = new Map(payload.nodes.map((n, i) => [n.sourceId, i]));
    const depth = new Map<string, number>();
    payload.nodes.forEach((node, i) => {
      const record = byId.get(node.sourceId) as PlannedRecord;
      let d = 1;
      for (const rewrite of record.idRewrites) {
        const parent = rewrite.targetSourceId;
        if (!byId.has(parent)) continue;
        const at = position.get(parent);
        if (at !== undefined) {
          // Same payload: earlier, in the same graph (one transaction), and counted in its depth.
          expect(at).toBeLessThan(i);
          expect(payload.nodes[at]?.graph).toBe(node.graph);
          d = Math.max(d, (depth.get(parent) as number) + 1);
        } else {
          // Another payload: one of an earlier level, answered before this one is sent.
          expect(levelOf.get(layout.payloadOf.get(parent) as number)).toBeLessThan(payload.level);
        }
      }
      depth.set(node.sourceId, d);
      expect(d).toBeLessThanOrEqual(GRAPH_LAYOUT_LIMITS.depth);
    });
  }
  return payloads.length;
}

/**
 * Hierarchies of new records: each record links to up to two earlier ones, near ones (deep chains)
 * or any (wide trees), among up to 20 object types (more than a payload may hold).
 */
const hierarchyArb = fc
  .array(
    fc.record({
      parents: fc.nat({ max: 2 }),
      near: fc.boolean(),
      pick: fc.nat(),
      pick2: fc.nat(),
      type: fc.nat({ max: 19 }),
      mandatory: fc.boolean(),
    }),
    { minLength: 1, maxLength: 1500 },
  )
  .map((rows) => {
    const ids = rows.map((_, i) => sfId('a00', i + 1));
    const waves: number[] = [];
    const specs: RecordSpec[] = rows.map((row, i) => {
      const targets = new Set<number>();
      const window = row.near ? Math.min(i, 2) : i;
      if (i > 0 && row.parents >= 1) targets.add(i - 1 - (row.pick % window || 0));
      if (i > 1 && row.parents >= 2) targets.add(row.pick2 % i);
      const wave = Math.max(0, ...[...targets].map((t) => (waves[t] as number) + 1));
      waves.push(wave);
      return {
        sourceId: ids[i] as string,
        objectType: `T${row.type}__c`,
        action: 'create',
        wave,
        rewrites: [...targets].map((t, k) => ({
          field: `${k === 0 && row.mandatory ? 'M' : 'O'}${k}__c`,
          targetSourceId: ids[t] as string,
        })),
      };
    });
    return makeStoredPlan({ records: specs, batchSize: 200 });
  });

/** One project, `milestones` under it, and `deliverablesOf(m)` deliverables under milestone m. */
function projectTree(milestones: number, deliverablesOf: (m: number) => number): RecordSpec[] {
  const specs: RecordSpec[] = [{ sourceId: sfId('a00', 1), objectType: 'Project__c', action: 'create', wave: 0 }];
  for (let m = 0; m < milestones; m++) {
    const milestone = sfId('a01', m + 1);
    specs.push({
      sourceId: milestone,
      objectType: 'Milestone__c',
      action: 'create',
      wave: 1,
      rewrites: [{ field: 'Project__c', targetSourceId: sfId('a00', 1) }],
    });
    for (let d = 0; d < deliverablesOf(m); d++) {
      specs.push({
        sourceId: sfId('a02', m * 4 + d + 1),
        objectType: 'Deliverable__c',
        action: 'create',
        wave: 2,
        rewrites: [{ field: 'Milestone__c', targetSourceId: milestone }],
      });
    }
  }
  return specs;
}

describe('graphLayout', () => {
  test.prop([hierarchyArb], { numRuns: 60 })(
    'every record once, parents earlier in their graph or in an earlier level, no payload over a limit',
    (stored) => {
      checkLayout(stored, layoutOf(stored));
    },
  );

  test.prop([hierarchyArb])('the same plan always gives the same layout', (stored) => {
    expect(layoutOf(structuredClone(stored))).toEqual(layoutOf(stored));
  });

  it('packs a project → milestone → deliverable tree of 10,001 records in 21 payloads of 2 levels', () => {
    const specs = projectTree(2000, () => 4);
    const stored = makeStoredPlan({ records: specs });
    const layout = layoutOf(stored);
    // The floor is ceil(10,001 / 500) = 21 calls; the levels no longer wait wave by wave (3 → 2).
    expect(checkLayout(stored, layout)).toBe(21);
    expect(layout.levels.length).toBe(2);
    expect(layout.levels[0]?.[0]?.nodes.length).toBeGreaterThan(490);
  });

  it('fills the first payload to 500 with the top of a subtree that does not fit whole', () => {
    // The e2e tree of 1,000 records: 200 milestones, 799 deliverables (4 each, the last with 3).
    const specs = projectTree(200, (m) => (m === 199 ? 3 : 4));
    const stored = makeStoredPlan({ records: specs });
    const layout = layoutOf(stored);
    // ceil(1,000 / 500) = 2 calls, where whole subtrees only gave 496 + 500 + 4.
    expect(checkLayout(stored, layout)).toBe(2);
    expect(layout.levels.map((l) => l.map((p) => p.nodes.length))).toEqual([[500], [500]]);
  });

  it('a chain deeper than 15 is cut into payloads one level after another', () => {
    const specs: RecordSpec[] = Array.from({ length: 40 }, (_, i) => ({
      sourceId: sfId('a00', i + 1),
      objectType: 'Node__c',
      action: 'create',
      wave: i,
      rewrites: i === 0 ? [] : [{ field: 'Parent__c', targetSourceId: sfId('a00', i) }],
    }));
    const stored = makeStoredPlan({ records: specs });
    const layout = layoutOf(stored);
    expect(checkLayout(stored, layout)).toBe(3);
    // Each payload takes as much of the chain as its depth allows: the rest waits for it anyway.
    expect(layout.levels.map((l) => l.map((p) => p.nodes.length))).toEqual([[15], [15], [10]]);
  });
});
