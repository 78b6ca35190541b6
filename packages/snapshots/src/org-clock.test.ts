import { describe, expect, it } from 'vitest';
import { DESCRIBE_CLOCK_SKEW_MS, describedSince } from './org-clock.ts';
import type { SnapshotInfo } from './types.ts';

const snapshot = (extra: Partial<SnapshotInfo>): SnapshotInfo => ({
  id: 'snap-1',
  orgId: '00D000000000001AAA',
  takenAt: '2026-03-04T10:00:00.000Z',
  complete: true,
  partial: false,
  counts: { records: 0, files: 0, attachments: 0 },
  ...extra,
});

describe('describedSince', () => {
  it("asks about the second before the org's own time of the describe", () => {
    // A change later in the same second as the describe must still answer 200.
    expect(describedSince(snapshot({ describedAt: '2026-03-04T09:59:58.000Z' }))).toBe('Wed, 04 Mar 2026 09:59:57 GMT');
  });
  it("without the org's time, allows for this machine's clock running ahead", () => {
    expect(Date.parse(describedSince(snapshot({})))).toBe(
      Date.parse('2026-03-04T10:00:00.000Z') - DESCRIBE_CLOCK_SKEW_MS,
    );
    expect(describedSince(snapshot({}), 0)).toBe('Wed, 04 Mar 2026 10:00:00 GMT');
  });
});
