// Test support: generated plans (waves of batches, mandatory and optional links, patches, files and
// attachments), generated writers and the moves of the world around a job, for the properties of
// the job state machine and of its journal.
import { fc } from '@fast-check/vitest';
import type { RecordAction } from '@restorelab/restore-plan';
import type { Move, Writers } from './job-simulation.ts';
import { makeStoredPlan, type PlanSpec, type RecordSpec, sfId } from './plan-fixtures.ts';
import type { StoredPlan } from './types.ts';

const TYPES = [
  ['A__c', 'a00'],
  ['B__c', 'a01'],
  ['C__c', 'a02'],
] as const;

/** A plan of up to 12 records in up to 4 waves, with links between them, up to 4 files and attachments. */
export const planArb: fc.Arbitrary<StoredPlan> = fc
  .record({
    records: fc.array(
      fc.record({
        type: fc.nat({ max: TYPES.length - 1 }),
        action: fc.constantFrom<RecordAction>('create', 'create', 'create', 'overwrite', 'skip', 'willFail'),
        wave: fc.nat({ max: 3 }),
        links: fc.array(fc.record({ to: fc.nat(), mandatory: fc.boolean() }), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    files: fc.array(
      fc.record({
        action: fc.constantFrom('create', 'newVersion', 'overwrite', 'skip', 'willFail'),
        links: fc.array(fc.record({ to: fc.nat(), ownerLink: fc.boolean() }), { maxLength: 3 }),
      }),
      { maxLength: 4 },
    ),
    attachments: fc.array(
      fc.record({
        action: fc.constantFrom('create', 'overwrite', 'skip', 'willFail'),
        parent: fc.nat(),
        metadataOnly: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
    batchSize: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ records, files, attachments, batchSize }) => {
    const ids = records.map((r, i) => sfId(TYPES[r.type]![1], i + 1));
    const written = (a: RecordAction) => a === 'create' || a === 'overwrite';
    const specs: RecordSpec[] = records.map((r, i) => {
      const spec: RecordSpec = { sourceId: ids[i]!, objectType: TYPES[r.type]![0], action: r.action };
      if (!written(r.action)) return spec;
      const rewrites: NonNullable<RecordSpec['rewrites']> = [];
      const deferred: NonNullable<RecordSpec['deferred']> = [];
      Object.assign(spec, { wave: r.wave, rewrites, deferred });
      r.links.forEach((link, k) => {
        const j = link.to % records.length;
        const target = records[j]!;
        if (j === i || target.action !== 'create') return;
        // A link to a record written earlier carries its new id; an optional one to a record not
        // written yet is patched afterwards (as restore-plan does); the rest stay as they are.
        if (target.wave < r.wave) {
          rewrites.push({ field: `${link.mandatory ? 'M' : 'O'}${k}__c`, targetSourceId: ids[j]! });
        } else if (!link.mandatory) {
          deferred.push({ field: `O${k}__c`, targetSourceId: ids[j]! });
        }
      });
      return spec;
    });
    const spec: PlanSpec = {
      records: specs,
      files: files.map((f, i) => ({
        contentDocumentId: sfId('069', i + 1),
        action: f.action,
        links: f.links.map((l) => {
          const j = l.to % records.length;
          return { linkedEntityId: ids[j]!, rewriteToNewId: records[j]!.action === 'create', ownerLink: l.ownerLink };
        }),
      })),
      attachments: attachments.map((a, i) => {
        const j = a.parent % records.length;
        return {
          sourceId: sfId('00P', i + 1),
          action: a.action,
          parentSourceId: ids[j]!,
          parentRewrite: records[j]!.action === 'create',
          metadataOnly: a.metadataOnly,
        };
      }),
      mandatoryLinks: TYPES.flatMap(([type]) => [`${type}.M0__c`, `${type}.M1__c`]),
      batchSize,
    };
    return makeStoredPlan(spec);
  });

export const writersArb: fc.Arbitrary<Writers> = fc.record({
  seed: fc.nat(),
  refusals: fc.constantFrom(0, 0, 0.2, 0.5),
});

export const pick = fc.nat({ max: 1000 });
export const answers = fc.array(
  pick.map((p): Move => ({ kind: 'answer', pick: p })),
  { maxLength: 40 },
);
/** Answers in any order, redeliveries, dead letters, foreign dead letters and a cancel or two. */
export const anyMoves = fc.array(
  fc.oneof(
    { weight: 12, arbitrary: pick.map((p): Move => ({ kind: 'answer', pick: p })) },
    { weight: 4, arbitrary: pick.map((p): Move => ({ kind: 'redeliver', pick: p })) },
    { weight: 2, arbitrary: pick.map((p): Move => ({ kind: 'deadLetter', pick: p })) },
    { weight: 1, arbitrary: fc.constant<Move>({ kind: 'foreignDeadLetter' }) },
    { weight: 1, arbitrary: fc.constant<Move>({ kind: 'cancel' }) },
  ),
  { maxLength: 60 },
);
/** The same without cancellations. */
export const uncancelledMoves = anyMoves.map((moves) => moves.filter((m) => m.kind !== 'cancel'));
