// Properties of planRestore over generated hierarchies: arbitrary schemas with master-detail chains,
// required and optional lookups, loops of each kind, and arbitrary live org states.
import { fc, test } from '@fast-check/vitest';
import type { FieldDescribe, ObjectDescribe } from '@restorelab/salesforce';
import { makeId } from '@restorelab/salesforce';
import type { BackedUpRecord } from '@restorelab/snapshots';
import { describe, expect } from 'vitest';
import { fields, input, NEW, OLD, object, record } from './fixtures.ts';
import { planRestore } from './plan-restore.ts';
import type { LiveRecord, LiveReference, PlanInput, RestorePlan } from './types.ts';

type LinkKind = 'masterDetail' | 'required' | 'optional';
interface World {
  plan: PlanInput;
  objects: ObjectDescribe[];
  records: BackedUpRecord[];
}

const linkKind = fc.constantFrom<LinkKind>('masterDetail', 'required', 'optional');

/** A schema of 1–4 custom objects, each with 0–3 links to any of them (itself included). */
const schemaArb = fc
  .integer({ min: 1, max: 4 })
  .chain((typeCount) =>
    fc.tuple(
      fc.constant(typeCount),
      fc.array(fc.array(fc.record({ target: fc.nat({ max: typeCount - 1 }), kind: linkKind }), { maxLength: 3 }), {
        minLength: typeCount,
        maxLength: typeCount,
      }),
    ),
  )
  .map(([typeCount, links]) =>
    Array.from({ length: typeCount }, (_, t) => {
      const refs: FieldDescribe[] = links[t]!.map((l, k) => {
        const target = `T${l.target}__c`;
        const name = `R${k}__c`;
        if (l.kind === 'masterDetail') return fields.masterDetail(name, target);
        return fields.lookup(name, target, l.kind === 'required');
      });
      return object(`T${t}__c`, `a0${t}`, [fields.text('Name'), ...refs]);
    }),
  );

const liveArb: fc.Arbitrary<LiveRecord> = fc.oneof(
  fc.constant<LiveRecord>({ state: 'absent' }),
  fc.constant<LiveRecord>({ state: 'deleted' }),
  fc.constantFrom(OLD, NEW, '2025-01-01T00:00:00Z').map<LiveRecord>((d) => ({ state: 'exists', lastModifiedDate: d })),
);

const worldArb: fc.Arbitrary<World> = schemaArb.chain((objects) =>
  fc
    .array(fc.nat({ max: objects.length - 1 }), { minLength: 1, maxLength: 30 })
    .chain((types) => {
      const ids = types.map((t, i) => makeId(`a0${t}`, i + 1));
      const outside = (t: number) => makeId(`a0${t}`, 1000 + t);
      const valueFor = (target: number) =>
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...ids.filter((_, i) => types[i] === target), outside(target)) },
          { weight: 1, arbitrary: fc.constant(null) },
        );
      const recordArbs = types.map((t, i) => {
        const refs = objects[t]!.fields.filter((f) => f.type === 'reference');
        return fc
          .tuple(...refs.map((f) => valueFor(Number(f.referenceTo![0]!.slice(1, -3)))), fc.constantFrom(OLD, NEW))
          .map((values) => {
            const lmd = values.pop() as string;
            const v: Record<string, unknown> = { Name: `r${i}` };
            refs.forEach((f, k) => {
              v[f.name] = values[k];
            });
            return record(`T${t}__c`, ids[i]!, v, lmd);
          });
      });
      return fc.tuple(
        fc.tuple(...recordArbs),
        fc.array(liveArb, { minLength: ids.length, maxLength: ids.length }),
        fc.array(fc.constantFrom<LiveReference>('exists', 'deleted'), {
          minLength: objects.length,
          maxLength: objects.length,
        }),
        fc.nat({ max: ids.length - 1 }),
        fc.constantFrom<'record' | 'related'>('record', 'related'),
      );
    })
    .map(([records, lives, outsideStates, rootIndex, method]) => {
      const live: Record<string, LiveRecord> = {};
      records.forEach((r, i) => {
        live[r.id] = lives[i]!;
      });
      const references: Record<string, LiveReference> = {};
      outsideStates.forEach((s, t) => {
        references[makeId(`a0${t}`, 1000 + t)] = s;
      });
      return {
        objects,
        records,
        plan: input({ root: records[rootIndex]!.id, method, objects, records, live, references }),
      };
    }),
);

const mandatoryFields = (objects: ObjectDescribe[], type: string) =>
  objects
    .find((o) => o.name === type)!
    .fields.filter((f) => f.type === 'reference' && (f.masterDetail || !f.nillable))
    .map((f) => f.name);

const liveExists = (w: World, id: string) => w.plan.org.records.get(id)?.state === 'exists';
const written = (p: RestorePlan) => p.records.filter((r) => r.action === 'create' || r.action === 'overwrite');

describe('planRestore properties', () => {
  test.prop([worldArb])('every mandatory parent is written in an earlier wave or already exists', (w) => {
    const p = planRestore(w.plan);
    const byId = new Map(p.records.map((r) => [r.sourceId, r]));
    for (const r of written(p)) {
      const source = w.records.find((x) => x.id === r.sourceId)!;
      for (const field of mandatoryFields(w.objects, r.objectType)) {
        const target = source.fields[field];
        if (typeof target !== 'string') continue;
        const parent = byId.get(target);
        if (parent && !liveExists(w, target)) {
          expect(parent.action).toBe('create');
          expect(parent.wave!).toBeLessThan(r.wave!);
          // Master-detail fields are not updateable: only a create carries the new parent id.
          if (r.action === 'create') expect(r.idRewrites).toContainEqual({ field, targetSourceId: target });
        } else if (!parent) {
          expect(w.plan.org.references.get(target)).not.toBe('deleted');
        }
      }
    }
  });

  test.prop([worldArb])('no record appears twice, and each written record is in exactly one batch of its wave', (w) => {
    const p = planRestore(w.plan);
    const ids = p.records.map((r) => r.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
    const batched = p.waves.flatMap((wave) =>
      wave.batches.flatMap((b) => b.sourceIds.map((id) => [id, b.wave] as const)),
    );
    expect(new Set(batched.map(([id]) => id)).size).toBe(batched.length);
    expect(new Map(batched)).toEqual(new Map(written(p).map((r) => [r.sourceId, r.wave!])));
    for (const wave of p.waves) for (const b of wave.batches) expect(b.sourceIds.length).toBeLessThanOrEqual(200);
  });

  test.prop([worldArb])('members of a mandatory loop are never written', (w) => {
    const p = planRestore(w.plan);
    const inPlan = new Set(p.records.map((r) => r.sourceId));
    // Oracle: mandatory links among planned records the org lacks; a record is in a loop when it reaches itself.
    const edges = new Map<string, string[]>();
    for (const r of w.records) {
      if (!inPlan.has(r.id) || liveExists(w, r.id)) continue;
      edges.set(
        r.id,
        mandatoryFields(w.objects, r.type)
          .map((f) => r.fields[f])
          .filter((t): t is string => typeof t === 'string' && inPlan.has(t) && !liveExists(w, t)),
      );
    }
    for (const start of edges.keys()) {
      const seen = new Set<string>();
      const stack = [...edges.get(start)!];
      let onLoop = false;
      while (stack.length > 0 && !onLoop) {
        const v = stack.pop()!;
        if (v === start) onLoop = true;
        else if (!seen.has(v)) {
          seen.add(v);
          stack.push(...(edges.get(v) ?? []));
        }
      }
      const planned = p.records.find((r) => r.sourceId === start)!;
      if (onLoop) expect(planned.action).toBe('willFail');
      if (planned.failure?.code === 'MANDATORY_LOOP') expect(onLoop).toBe(true);
    }
  });

  test.prop([worldArb])('record-only restores write exactly the root, at most once per wave', (w) => {
    fc.pre(w.plan.request.method === 'record');
    const p = planRestore(w.plan);
    expect(p.records.map((r) => r.sourceId)).toEqual([w.plan.request.rootId]);
    const ids = p.waves.flatMap((x) => x.batches.flatMap((b) => b.sourceIds));
    expect(ids.length).toBeLessThanOrEqual(1);
  });

  test.prop([worldArb])('related restores plan exactly the root and everything beneath it', (w) => {
    fc.pre(w.plan.request.method === 'related');
    const p = planRestore(w.plan);
    const scope = new Set([w.plan.request.rootId]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const r of w.records) {
        if (scope.has(r.id)) continue;
        const refs = w.objects.find((o) => o.name === r.type)!.fields.filter((f) => f.type === 'reference');
        if (refs.some((f) => scope.has(r.fields[f.name] as string))) {
          scope.add(r.id);
          grew = true;
        }
      }
    }
    expect(new Set(p.records.map((r) => r.sourceId))).toEqual(scope);
  });

  test.prop([worldArb])('every skip has an equal LastModifiedDate; every create has a new id placeholder', (w) => {
    const p = planRestore(w.plan);
    for (const r of p.records) {
      const live = w.plan.org.records.get(r.sourceId);
      const backedUp = w.records.find((x) => x.id === r.sourceId)!.lastModifiedDate;
      if (r.action === 'skip') {
        expect(live?.state).toBe('exists');
        expect(Date.parse((live as { lastModifiedDate: string }).lastModifiedDate)).toBe(Date.parse(backedUp));
      }
      if (r.action === 'overwrite')
        expect(Date.parse((live as { lastModifiedDate: string }).lastModifiedDate)).not.toBe(Date.parse(backedUp));
      expect(r.newIdPlaceholder !== undefined).toBe(r.action === 'create');
      if (r.action === 'create') expect(live?.state).not.toBe('exists');
    }
  });

  test.prop([worldArb])('rewritten links point at earlier waves; deferred links are optional and patched', (w) => {
    const p = planRestore(w.plan);
    const byId = new Map(p.records.map((r) => [r.sourceId, r]));
    const patched = new Map(p.patches.map((x) => [x.sourceId, x.links]));
    for (const r of written(p)) {
      for (const link of r.idRewrites) expect(byId.get(link.targetSourceId)!.wave!).toBeLessThan(r.wave!);
      for (const link of r.deferredLinks) {
        expect(mandatoryFields(w.objects, r.objectType)).not.toContain(link.field);
        expect(r.fields[link.field]).toBeNull();
        expect(byId.get(link.targetSourceId)!.action).toBe('create');
      }
      expect(patched.get(r.sourceId) ?? []).toEqual(r.deferredLinks);
    }
  });

  test.prop([worldArb])('planning is deterministic and does not depend on the order of the slice', (w) => {
    const a = planRestore(w.plan);
    const b = planRestore(w.plan);
    const reversed = { ...w.plan, slice: { ...w.plan.slice, records: [...w.plan.slice.records].reverse() } };
    expect(b).toEqual(a);
    expect(planRestore(reversed)).toEqual(a);
  });
});
