// The planner's small pieces on their own: instants, the error type, the shared empty lists and the
// slice a restore reads.
import type { BackedUpRecord } from '@restorelab/snapshots';
import { describe, expect, it } from 'vitest';
import { sameInstant } from './dates.ts';
import { PlanError } from './errors.ts';
import { append, NO_FIELDS, NONE } from './shared.ts';
import { type SliceSource, snapshotSlice } from './slice.ts';

describe('sameInstant', () => {
  it('matches identical text and equal instants in other spellings', () => {
    expect(sameInstant('2026-01-02T03:04:05.000+0000', '2026-01-02T03:04:05.000+0000')).toBe(true);
    expect(sameInstant('2026-01-02T03:04:05.000+0000', '2026-01-02T03:04:05Z')).toBe(true);
    expect(sameInstant('2026-01-02T03:04:05.000+00:00', '2026-01-02T04:04:05.000+01:00')).toBe(true);
  });

  it('tells different instants and unreadable text apart', () => {
    expect(sameInstant('2026-01-02T03:04:05.000Z', '2026-01-02T03:04:06.000Z')).toBe(false);
    expect(sameInstant('not a date', 'also not')).toBe(false);
    expect(sameInstant('not a date', '2026-01-02T03:04:05.000Z')).toBe(false);
  });
});

describe('PlanError', () => {
  it('carries code, message, rule and the offending types and ids', () => {
    const cause = new Error('under');
    const err = new PlanError('DOWNLOAD_ONLY_TYPE', 'no', {
      rule: 'R02',
      objectTypes: ['Task'],
      recordIds: ['x'],
      cause,
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('PlanError');
    expect(err.code).toBe('DOWNLOAD_ONLY_TYPE');
    expect(err.message).toBe('no');
    expect(err.rule).toBe('R02');
    expect(err.objectTypes).toEqual(['Task']);
    expect(err.recordIds).toEqual(['x']);
    expect(err.cause).toBe(cause);
  });

  it('defaults to no rule, no types, no ids and no cause', () => {
    const err = new PlanError('INVALID_RECORD_ID', 'bad');
    expect(err.rule).toBeUndefined();
    expect(err.objectTypes).toEqual([]);
    expect(err.recordIds).toEqual([]);
    expect('cause' in err).toBe(false);
  });
});

describe('shared empty values', () => {
  it('are frozen, so a stray write fails loudly', () => {
    expect(Object.isFrozen(NONE)).toBe(true);
    expect(Object.isFrozen(NO_FIELDS)).toBe(true);
    expect(NONE).toHaveLength(0);
    expect(Object.keys(NO_FIELDS)).toHaveLength(0);
  });

  it('append starts a fresh list from the shared empty one and grows any other in place', () => {
    const first = append(NONE as number[], 1);
    expect(first).toEqual([1]);
    expect(first).not.toBe(NONE);
    expect(NONE).toHaveLength(0);
    const same = append(first, 2);
    expect(same).toBe(first);
    expect(first).toEqual([1, 2]);
    const own: number[] = [];
    expect(append(own, 3)).toBe(own);
    expect(own).toEqual([3]);
  });
});

describe('snapshotSlice', () => {
  const root = { id: 'r', type: 'Account', lastModifiedDate: 'x', fields: {} } as BackedUpRecord;
  const child = { id: 'c', type: 'Contact', lastModifiedDate: 'x', fields: {} } as BackedUpRecord;
  const calls: unknown[] = [];
  const store: SliceSource = {
    descendants: (snapshotId: string, id: string) => {
      calls.push(['descendants', snapshotId, id]);
      return [child];
    },
    schema: (snapshotId: string) => {
      calls.push(['schema', snapshotId]);
      return { objects: [] };
    },
    filesOf: (snapshotId: string, ids: readonly string[]) => {
      calls.push(['filesOf', snapshotId, [...ids]]);
      return [];
    },
    attachmentsOf: (snapshotId: string, ids: readonly string[]) => {
      calls.push(['attachmentsOf', snapshotId, [...ids]]);
      return [];
    },
  } as unknown as SliceSource;

  it('related reads the root and its descendants, and the files and attachments of all of them', () => {
    calls.length = 0;
    const slice = snapshotSlice(store, 's1', root, 'related');
    expect(slice.records).toEqual([root, child]);
    expect(slice.schema).toEqual({ objects: [] });
    expect(calls).toContainEqual(['descendants', 's1', 'r']);
    expect(calls).toContainEqual(['schema', 's1']);
    expect(calls).toContainEqual(['filesOf', 's1', ['r', 'c']]);
    expect(calls).toContainEqual(['attachmentsOf', 's1', ['r', 'c']]);
  });

  it('record reads the root alone and never asks for descendants', () => {
    calls.length = 0;
    const slice = snapshotSlice(store, 's1', root, 'record');
    expect(slice.records).toEqual([root]);
    expect(calls.some((c) => (c as unknown[])[0] === 'descendants')).toBe(false);
    expect(calls).toContainEqual(['filesOf', 's1', ['r']]);
    expect(calls).toContainEqual(['attachmentsOf', 's1', ['r']]);
  });
});
