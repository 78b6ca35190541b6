import type { Listing, PendingPlan } from '@restorelab/planner-api';
import { fileNameOfDisposition } from '@restorelab/planner-api';
import { describe, expect, it } from 'vitest';
import { safeFileName } from './commands/download.ts';
import { DOWNLOAD_ONLY_MARK, formatListing, formatSummary, METADATA_ONLY_MARK, table } from './format.ts';

describe('formatting for people', () => {
  it('aligns columns', () => {
    expect(
      table([
        ['a', 'bbb', 'c'],
        ['dddd', 'e', 'f'],
      ]),
    ).toEqual(['a     bbb  c', 'dddd  e    f']);
  });

  it('marks download-only and metadata-only entries and says how to page on', () => {
    const listing = {
      path: 'Objects',
      total: 5,
      entries: [
        {
          kind: 'folder',
          name: 'Account',
          path: 'Objects/Account',
          downloadOnly: false,
          metadataOnly: false,
          count: 4,
        },
        { kind: 'folder', name: 'User', path: 'Objects/User', downloadOnly: true, metadataOnly: false, count: 2 },
        { kind: 'folder', name: 'Attachment', path: 'Objects/Attachment', downloadOnly: false, metadataOnly: true },
      ],
    } as Listing;
    const lines = formatListing(listing);
    expect(lines.find((l) => l.includes('User/'))).toContain(DOWNLOAD_ONLY_MARK);
    expect(lines.find((l) => l.includes('Account/'))).not.toContain(DOWNLOAD_ONLY_MARK);
    expect(lines.find((l) => l.includes('Attachment/'))).toContain(METADATA_ONLY_MARK);
    expect(lines.at(-1)).toBe('  … 2 more (use --offset 3)');
  });

  it('shows the summary per object and action, files, metafiles and every will-fail reason', () => {
    const plan = {
      planId: 'plan-1',
      orgId: '00D000000000001AAA',
      createdAt: '2026-01-01T00:00:00Z',
      request: { snapshotId: 's', rootId: '001000000000001AAA', method: 'related' },
      summary: {
        snapshotId: 's',
        rootId: '001000000000001AAA',
        method: 'related',
        selected: 3,
        records: {
          total: { create: 1, overwrite: 1, skip: 0, willFail: 1 },
          byObject: {
            Contact: { create: 1, overwrite: 0, skip: 0, willFail: 1 },
            Account: { create: 0, overwrite: 1, skip: 0, willFail: 0 },
          },
        },
        files: { create: 2, newVersion: 0, overwrite: 0, skip: 1, willFail: 0 },
        attachments: { create: 0, overwrite: 0, skip: 0, willFail: 0 },
        metafiles: { total: 3, fileLinks: 2, ownerLinks: 1 },
        itemsToWrite: 7,
        willFail: [
          {
            itemId: '003000000000009AAA',
            objectType: 'Contact',
            code: 'MANDATORY_PARENT_MISSING',
            message: 'its account is gone',
          },
        ],
      },
    } as unknown as PendingPlan;
    const text = formatSummary(plan).join('\n');
    expect(text).toContain('with related records');
    expect(text).toMatch(/Account\s+0\s+1\s+0\s+0/);
    expect(text).toMatch(/Contact\s+1\s+0\s+0\s+1/);
    expect(text).toContain('Files: 2 create, 1 skip');
    expect(text).toContain('Metafiles: 3 (2 file sharing links, 1 owner links)');
    expect(text).toContain('Contact 003000000000009AAA: MANDATORY_PARENT_MISSING: its account is gone');
    expect(text.indexOf('Account')).toBeLessThan(text.indexOf('Contact')); // objects in name order
  });

  it('takes a download name from Content-Disposition without letting it leave the folder', () => {
    expect(safeFileName(fileNameOfDisposition("attachment; filename*=UTF-8''Globex%20logo.png"), 'x')).toBe(
      'Globex logo.png',
    );
    expect(safeFileName(fileNameOfDisposition("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd"), 'x')).toBe(
      'passwd',
    );
    expect(safeFileName(fileNameOfDisposition('attachment; filename="..\\evil.txt"'), 'x')).toBe('evil.txt');
    expect(safeFileName(fileNameOfDisposition(null), 'fallback.json')).toBe('fallback.json');
    expect(safeFileName(fileNameOfDisposition("attachment; filename*=UTF-8''.."), 'fallback')).toBe('fallback');
  });
});
