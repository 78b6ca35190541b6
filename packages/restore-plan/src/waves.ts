// Turns waves of planned records into write batches: per wave, one run of batches per object type
// and operation, at most 200 records each (the sObject Collections limit), numbered so that
// job id + wave + batch index names a batch for good (the NATS message id).
import type { PlannedRecord, RecordPatch, Wave, WriteBatch } from './types.ts';

export const BATCH_SIZE = 200;

export function batchWaves(records: readonly PlannedRecord[], size = BATCH_SIZE): Wave[] {
  // Per wave, per object type: the ids to create and to update (no key string built per record).
  const groups: Array<Map<string, { create: string[]; update: string[] }>> = [];
  for (const record of records) {
    if (record.wave === undefined) continue;
    let wave = groups[record.wave];
    if (!wave) {
      wave = new Map();
      groups[record.wave] = wave;
    }
    let ids = wave.get(record.objectType);
    if (!ids) {
      ids = { create: [], update: [] };
      wave.set(record.objectType, ids);
    }
    (record.action === 'create' ? ids.create : ids.update).push(record.sourceId);
  }
  const waves: Wave[] = [];
  for (let w = 0; w < groups.length; w++) {
    const keyed = new Map<string, string[]>();
    for (const [objectType, ids] of groups[w] ?? []) {
      if (ids.create.length > 0) keyed.set(`${objectType}\u0000create`, ids.create);
      if (ids.update.length > 0) keyed.set(`${objectType}\u0000update`, ids.update);
    }
    waves.push({ index: w, batches: toBatches(w, keyed, size) });
  }
  return waves;
}

export function batchPatches(patches: readonly RecordPatch[], wave: number, size = BATCH_SIZE): WriteBatch[] {
  const groups = new Map<string, string[]>();
  for (const patch of patches) {
    const key = `${patch.objectType}\u0000update`;
    const ids = groups.get(key);
    if (ids) ids.push(patch.sourceId);
    else groups.set(key, [patch.sourceId]);
  }
  return toBatches(wave, groups, size);
}

function toBatches(wave: number, groups: Map<string, string[]>, size: number): WriteBatch[] {
  const batches: WriteBatch[] = [];
  for (const key of [...groups.keys()].sort()) {
    const [objectType, operation] = key.split('\u0000') as [string, 'create' | 'update'];
    const ids = groups.get(key)!;
    for (let start = 0; start < ids.length; start += size) {
      batches.push({
        wave,
        batchIndex: batches.length,
        objectType,
        operation,
        sourceIds: ids.slice(start, start + size),
      });
    }
  }
  return batches;
}
