// Restore requests: which record, record only or with related records, and which snapshot (the
// first, the latest by id, or none so the engine picks the latest, R03).
import fc from 'fast-check';

export type SnapshotChoice = 'first' | 'latest' | 'default';

export interface RequestSpec {
  root: string;
  method: 'record' | 'related';
  snapshot: SnapshotChoice;
}

export function requestArb(
  roots: readonly string[],
  options: { method?: 'record' | 'related'; snapshot?: SnapshotChoice } = {},
): fc.Arbitrary<RequestSpec> {
  return fc.record({
    root: fc.constantFrom(...roots),
    method: options.method ? fc.constant(options.method) : fc.constantFrom<'record' | 'related'>('related', 'record'),
    snapshot: options.snapshot
      ? fc.constant(options.snapshot)
      : fc.constantFrom<SnapshotChoice>('default', 'latest', 'first'),
  });
}
