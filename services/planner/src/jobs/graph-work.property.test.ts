// A job written through Composite Graph against one written through Collections waves, over
// generated plans and writers that refuse some records: the same outcome for every item (a record
// whose mandatory parent failed fails too, R08; an optional link to it is written empty), the
// same id map and status, and graph messages that keep their links inside their own graph.
import { fc, test } from '@fast-check/vitest';
import type { RecordAction } from '@restorelab/restore-plan';
import { describe, expect } from 'vitest';
import { type Move, run, type Simulation, startSimulation, type Writers } from './job-simulation.ts';
import { makeStoredPlan, type RecordSpec, sfId } from './plan-fixtures.ts';
import type { StoredPlan } from './types.ts';

const TYPES = ['A__c', 'B__c', 'C__c'] as const;

/** Plans of up to 40 records in up to 5 waves, links to earlier waves, some mandatory. */
const planArb: fc.Arbitrary<StoredPlan> = fc
  .array(
    fc.record({
      type: fc.nat({ max: TYPES.length - 1 }),
      action: fc.constantFrom<RecordAction>('create', 'create', 'create', 'create', 'overwrite', 'skip', 'willFail'),
      wave: fc.nat({ max: 4 }),
      links: fc.array(fc.record({ to: fc.nat(), mandatory: fc.boolean() }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((rows) => {
    const ids = rows.map((_, i) => sfId('a00', i + 1));
    const specs: RecordSpec[] = rows.map((r, i) => {
      const spec: RecordSpec = { sourceId: ids[i]!, objectType: TYPES[r.type]!, action: r.action };
      if (r.action !== 'create' && r.action !== 'overwrite') return spec;
      const rewrites: NonNullable<RecordSpec['rewrites']> = [];
      const deferred: NonNullable<RecordSpec['deferred']> = [];
      Object.assign(spec, { wave: r.wave, rewrites, deferred });
      r.links.forEach((link, k) => {
        const j = link.to % rows.length;
        const target = rows[j]!;
        if (j === i || (target.action !== 'create' && target.action !== 'willFail')) return;
        const field = `${link.mandatory ? 'M' : 'O'}${k}__c`;
        // As restore-plan does: a link to a record written earlier (or planned to fail) is filled
        // from its new id; an optional one to a record written later is patched afterwards.
        if (target.action === 'willFail' || target.wave < r.wave) rewrites.push({ field, targetSourceId: ids[j]! });
        else if (!link.mandatory) deferred.push({ field, targetSourceId: ids[j]! });
      });
      return spec;
    });
    return makeStoredPlan({
      records: specs,
      mandatoryLinks: TYPES.flatMap((type) => [`${type}.M0__c`, `${type}.M1__c`]),
      batchSize: 3,
    });
  });

const writersArb: fc.Arbitrary<Writers> = fc.record({ seed: fc.nat(), refusals: fc.constantFrom(0, 0.1, 0.3, 0.6) });
const answers = fc.array(
  fc.nat({ max: 1000 }).map((pick): Move => ({ kind: 'answer', pick })),
  { maxLength: 40 },
);

/** Each item's outcomes, as told by the job's events and the plan's own failures. */
function outcomes(sim: Simulation): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string, what: string) => out.set(id, [...(out.get(id) ?? []), what]);
  for (const r of sim.stored.plan.records) if (r.action === 'skip') add(r.itemId, 'skipped');
  for (const f of sim.state.failures) if (f.phase === 'plan') add(f.itemId, `failed:${f.code}`);
  for (const { event } of sim.events) {
    if (event.type !== 'item') continue;
    add(event.itemId, event.outcome === 'failed' ? `failed:${event.error?.code}` : event.outcome);
  }
  return out;
}

describe('Composite Graph job against Collections waves', () => {
  test.prop([planArb, writersArb, answers, answers])(
    'every item ends the same way, with the same ids, counts and status',
    (plan, writers, order1, order2) => {
      const waves = startSimulation(plan);
      run(waves, order1, writers);
      const graphPlan: StoredPlan = { ...structuredClone(plan), writeMode: 'graph' };
      const graph = startSimulation(graphPlan);
      run(graph, order2, writers);
      expect(graph.state.status).toBe(waves.state.status);
      expect(graph.state.idMap).toEqual(waves.state.idMap);
      expect(graph.state.counts).toEqual(waves.state.counts);
      const byItem = outcomes(graph);
      for (const record of plan.plan.records) {
        expect({ item: record.itemId, outcomes: byItem.get(record.itemId) }).toEqual({
          item: record.itemId,
          outcomes: outcomes(waves).get(record.itemId),
        });
        expect(byItem.get(record.itemId)).toHaveLength(1);
      }
      // R08: a record written new has every mandatory parent of the job written too.
      const mandatory = new Set(plan.mandatoryLinks);
      for (const record of plan.plan.records) {
        if (!graph.state.idMap[record.sourceId]) continue;
        for (const link of record.idRewrites) {
          if (mandatory.has(`${record.objectType}.${link.field}`)) {
            expect(graph.state.idMap[link.targetSourceId]).toBeDefined();
          }
        }
      }
      // Graph messages: new records only, links inside their own graph of the same message.
      for (const step of graph.steps) {
        for (const work of step.transition.publish) {
          if (work.kind !== 'records' || work.message.mode !== 'graph') continue;
          const graphOf = new Map(work.message.items.map((i) => [i.itemId, i.graph]));
          expect(work.message.operation).toBe('create');
          for (const item of work.message.items) {
            for (const ref of item.refs ?? []) expect(graphOf.get(ref.itemId)).toBe(item.graph);
          }
        }
      }
    },
  );
});
