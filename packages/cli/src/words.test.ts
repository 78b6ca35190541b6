import type { Listing, SnapshotInfo } from '@restorelab/planner-api';
import { expect, test } from 'vitest';
import { formatListing, formatSnapshots } from './format.ts';
import { formatDate, plural } from './words.ts';

test('one of a thing is singular', () => {
  expect(plural(1, 'file')).toBe('1 file');
  expect(plural(0, 'file')).toBe('0 files');
  expect(plural(2, 'entry', 'entries')).toBe('2 entries');
});

test("the planner's and Salesforce's times read alike", () => {
  expect(formatDate('2026-12-07T20:09:02.511Z')).toBe('2026-12-07 20:09:02 UTC');
  expect(formatDate('2026-12-07T20:09:02.426+0000')).toBe('2026-12-07 20:09:02 UTC');
  expect(formatDate('2026-12-07T21:09:02.000+0100')).toBe('2026-12-07 20:09:02 UTC');
  expect(formatDate('')).toBe('');
  expect(formatDate('yesterday')).toBe('yesterday');
});

test('snapshot lists and folder listings use the one date format', () => {
  const snapshot = {
    id: 'snap-1',
    orgId: '00DM00000000001MAA',
    takenAt: '2026-12-07T20:09:02.511Z',
    counts: { records: 1, files: 0, attachments: 0 },
  } as SnapshotInfo;
  expect(formatSnapshots([snapshot]).join('\n')).toContain('2026-12-07 20:09:02 UTC');
  const listing = {
    path: 'Objects/Order',
    total: 1,
    entries: [
      {
        kind: 'record',
        name: 'Sensors',
        path: 'Objects/Order/801M00000000001IAA',
        id: '801M00000000001IAA',
        type: 'Order',
        lastModifiedDate: '2026-12-07T20:09:02.426+0000',
        downloadOnly: false,
      },
    ],
  } as Listing;
  const lines = formatListing(listing);
  expect(lines[0]).toBe('Objects/Order (1 entry)');
  expect(lines[1]).toContain('2026-12-07 20:09:02 UTC');
});
