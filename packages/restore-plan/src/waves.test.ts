// Write batches: grouping per wave, object type and operation, the sObject Collections limit, and
// the stable numbering that names a batch (job id + wave + batch index).
import { describe, expect, it } from 'vitest';
import type { PlannedRecord, RecordPatch } from './types.ts';
import { BATCH_SIZE, batchPatches, batchWaves } from './waves.ts';

const rec = (sourceId: string, objectType: string, action: PlannedRecord['action'], wave?: number): PlannedRecord =>
  ({ sourceId, objectType, action, wave }) as PlannedRecord;
const patch = (sourceId: string, objectType: string): RecordPatch => ({ sourceId, objectType, links: [] });

describe('batchWaves', () => {
  it('groups per wave, then per object type and operation in sorted order, numbering batches per wave', () => {
    const waves = batchWaves([
      rec('c1', 'Contact', 'create', 1),
      rec('a1', 'Account', 'overwrite', 0),
      rec('a2', 'Account', 'create', 0),
      rec('a3', 'Account', 'create', 0),
      rec('s1', 'Account', 'skip'),
      rec('f1', 'Account', 'willFail'),
      rec('b1', 'Bee__c', 'overwrite', 0),
      rec('c2', 'Contact', 'overwrite', 1),
    ]);
    expect(waves).toEqual([
      {
        index: 0,
        batches: [
          { wave: 0, batchIndex: 0, objectType: 'Account', operation: 'create', sourceIds: ['a2', 'a3'] },
          { wave: 0, batchIndex: 1, objectType: 'Account', operation: 'update', sourceIds: ['a1'] },
          { wave: 0, batchIndex: 2, objectType: 'Bee__c', operation: 'update', sourceIds: ['b1'] },
        ],
      },
      {
        index: 1,
        batches: [
          { wave: 1, batchIndex: 0, objectType: 'Contact', operation: 'create', sourceIds: ['c1'] },
          { wave: 1, batchIndex: 1, objectType: 'Contact', operation: 'update', sourceIds: ['c2'] },
        ],
      },
    ]);
  });

  it('keeps a wave with no records as an empty wave, so wave numbers stay the plan’s', () => {
    const waves = batchWaves([rec('a', 'Account', 'create', 2)]);
    expect(waves.map((w) => [w.index, w.batches.length])).toEqual([
      [0, 0],
      [1, 0],
      [2, 1],
    ]);
  });

  it('plans no wave at all when nothing is written', () => {
    expect(batchWaves([rec('s', 'Account', 'skip')])).toEqual([]);
    expect(batchWaves([])).toEqual([]);
  });

  it('splits a run at the batch size, exactly at the limit and not before', () => {
    const ids = (count: number) => Array.from({ length: count }, (_, i) => `id${i}`);
    const sizes = (count: number, size?: number) =>
      batchWaves(
        ids(count).map((id) => rec(id, 'Account', 'create', 0)),
        size,
      )[0]!.batches.map((b) => b.sourceIds.length);
    expect(BATCH_SIZE).toBe(200);
    expect(sizes(200)).toEqual([200]);
    expect(sizes(201)).toEqual([200, 1]);
    expect(sizes(7, 3)).toEqual([3, 3, 1]);
    expect(sizes(6, 3)).toEqual([3, 3]);
    const batches = batchWaves(
      ids(5).map((id) => rec(id, 'Account', 'create', 0)),
      2,
    )[0]!.batches;
    expect(batches.map((b) => [b.batchIndex, b.sourceIds])).toEqual([
      [0, ['id0', 'id1']],
      [1, ['id2', 'id3']],
      [2, ['id4']],
    ]);
  });
});

describe('batchPatches', () => {
  it('batches patches as updates per object type, in the wave it is given', () => {
    const batches = batchPatches([patch('c1', 'Contact'), patch('a1', 'Account'), patch('c2', 'Contact')], 3);
    expect(batches).toEqual([
      { wave: 3, batchIndex: 0, objectType: 'Account', operation: 'update', sourceIds: ['a1'] },
      { wave: 3, batchIndex: 1, objectType: 'Contact', operation: 'update', sourceIds: ['c1', 'c2'] },
    ]);
  });

  it('splits patches at the batch size (200 by default)', () => {
    const many = Array.from({ length: 201 }, (_, i) => patch(`p${i}`, 'Account'));
    expect(batchPatches(many, 0).map((b) => b.sourceIds.length)).toEqual([200, 1]);
    expect(batchPatches(many.slice(0, 5), 1, 2).map((b) => b.sourceIds)).toEqual([['p0', 'p1'], ['p2', 'p3'], ['p4']]);
    expect(batchPatches([], 0)).toEqual([]);
  });
});
