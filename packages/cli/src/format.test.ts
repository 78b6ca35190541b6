import type { JobState, Listing, OutcomeCounts, PendingPlan } from '@restorelab/planner-api';
import { fileNameOfDisposition, sumOutcomes, sumPlanned, toWrite } from '@restorelab/planner-api';
import { describe, expect, it } from 'vitest';
import { safeFileName } from './commands/download.ts';
import { progressLine } from './follow.ts';
import {
  DOWNLOAD_ONLY_MARK,
  formatJob,
  formatJobs,
  formatListing,
  formatSummary,
  METADATA_ONLY_MARK,
  table,
} from './format.ts';

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

  it('shows the summary in one table: per object and kind, every total the sum beside it, metafiles said', () => {
    const contact = planned(1, 0, 0, 0, 1);
    const account = planned(0, 1, 0, 0, 0);
    const records = sumPlanned([contact, account]);
    const files = planned(2, 0, 0, 1, 0);
    const attachments = planned(0, 0, 0, 0, 0);
    const metafiles = { ...planned(3, 0, 0, 0, 0), fileLinks: 2, ownerLinks: 1 };
    const all = sumPlanned([records, files, attachments, metafiles]);
    const plan: PendingPlan = {
      planId: 'plan-1',
      orgId: '00D000000000001AAA',
      createdAt: '2026-01-01T00:00:00Z',
      request: { snapshotId: 's', rootId: '001000000000001AAA', method: 'related' },
      summary: {
        snapshotId: 's',
        rootId: '001000000000001AAA',
        method: 'related',
        selected: 3,
        records: { total: records, byObject: { Contact: contact, Account: account } },
        files,
        attachments,
        metafiles,
        all,
        itemsToWrite: toWrite(all),
        willFail: [
          {
            itemId: '003000000000009AAA',
            objectType: 'Contact',
            code: 'MANDATORY_PARENT_MISSING',
            message: 'its account is gone',
          },
        ],
        changes: { items: [], total: 0, limit: 50, dropped: {} },
      },
    };
    const lines = formatSummary(plan);
    const text = lines.join('\n');
    expect(text).toContain('with related records');
    expect(text).toContain('selected: 3 (the record and the 2 items beneath it: records and attachments)');
    expect(text).toMatch(/CREATE\s+OVERWRITE\s+NEW VERSION\s+SKIP\s+WILL FAIL\s+TOTAL/);
    expect(text).toMatch(/ {2}Account\s+0\s+1\s+0\s+0\s+0\s+1\n/);
    expect(text).toMatch(/ {2}Contact\s+1\s+0\s+0\s+0\s+1\s+2\n/);
    expect(text).toMatch(/records\s+1\s+1\s+0\s+0\s+1\s+3\n/);
    expect(text).toMatch(/files\s+2\s+0\s+0\s+1\s+0\s+3\n/);
    expect(text).toMatch(/metafiles\s+3\s+0\s+0\s+0\s+0\s+3\n/);
    expect(text).toMatch(/all\s+6\s+1\s+0\s+1\s+1\s+9\n/);
    expect(text).toContain('to write: 7 (create + overwrite + new version of all items)');
    expect(text).toContain('metafiles: the sharing links (ContentDocumentLink) written beside the files');
    expect(text).toContain('2 to records and people, 1 owner link the org makes with each created file');
    expect(text).toContain('Contact 003000000000009AAA: MANDATORY_PARENT_MISSING: its account is gone');
    expect(text.indexOf('Account')).toBeLessThan(text.indexOf('Contact')); // objects in name order
    // Every row's TOTAL is the sum of its five counts (the row the issue found: 3 + 2 beside 6).
    for (const row of countRows(lines)) expect(row.total, row.label).toBe(row.parts.reduce((a, b) => a + b, 0));
  });

  it('shows what will change: old → new per overwritten field, each value left out with rule and reason, bounded', () => {
    const none = planned(0, 0, 0, 0, 0);
    const plan = {
      planId: 'plan-1',
      orgId: '00D000000000001AAA',
      createdAt: '2026-01-01T00:00:00Z',
      request: { snapshotId: 's', rootId: '500000000000001AAA', method: 'record' },
      summary: {
        snapshotId: 's',
        rootId: '500000000000001AAA',
        method: 'record',
        selected: 1,
        records: { total: planned(0, 1, 0, 0, 0), byObject: { Case: planned(0, 1, 0, 0, 0) } },
        files: none,
        attachments: none,
        metafiles: { ...none, fileLinks: 0, ownerLinks: 0 },
        all: planned(0, 1, 0, 0, 0),
        itemsToWrite: 1,
        willFail: [],
        changes: {
          items: [
            {
              itemId: 'record:500000000000001AAA',
              objectType: 'Case',
              action: 'overwrite',
              changed: [{ field: 'Subject', from: 'Printer on fire', to: 'Printer jammed' }],
              dropped: [{ field: 'Status', value: 'Closed', rule: 'R10', reason: 'standard status picklist' }],
            },
          ],
          total: 3,
          limit: 1,
          dropped: { R10: 2, R13: 1 },
        },
      },
    } satisfies PendingPlan;
    const text = formatSummary(plan).join('\n');
    expect(text).toContain('Changes: 3 items overwrite or leave out values (the first 1 shown;');
    expect(text).toContain('values not written, per rule: R10 2, R13 1');
    expect(text).toContain(
      '  Case record:500000000000001AAA (overwrite)\n    Subject: "Printer on fire" → "Printer jammed"',
    );
    expect(text).toContain('    not written: Status = "Closed" (R10: standard status picklist)');
    const quiet = { ...plan, summary: { ...plan.summary, changes: { items: [], total: 0, limit: 50, dropped: {} } } };
    expect(formatSummary(quiet).join('\n')).toContain('Changes: none beyond the counts above');
  });

  it('shows a job in the same table per outcome, with failures tied to no item counted apart', () => {
    const job = jobWith({
      records: { created: 2, overwritten: 1, newVersion: 0, skipped: 1, failed: 1, total: 5 },
      files: { created: 1, overwritten: 0, newVersion: 1, skipped: 0, failed: 0, total: 2 },
      metafiles: { created: 3, overwritten: 0, newVersion: 0, skipped: 0, failed: 1, total: 4 },
      unattributed: 1,
    });
    const lines = formatJob(job);
    const text = lines.join('\n');
    expect(text).toContain('done: 11 (6 created, 1 overwritten, 1 new version, 1 skipped, 2 failed)');
    expect(text).toMatch(/CREATED\s+OVERWRITTEN\s+NEW VERSION\s+SKIPPED\s+FAILED\s+TOTAL/);
    expect(text).toMatch(/all\s+6\s+1\s+1\s+1\s+2\s+11\n/);
    expect(text).toContain('and 1 failure tied to no item');
    expect(text).toContain('metafiles: the sharing links');
    for (const row of countRows(lines)) expect(row.total, row.label).toBe(row.parts.reduce((a, b) => a + b, 0));
    expect(formatJobs([job]).join('\n')).toMatch(/WRITTEN\s+FAILED[\s\S]*\s8\s+3\s/);
  });

  it('tells progress as items done of all planned, metafiles among the written', () => {
    const line = progressLine({
      schemaVersion: 1,
      type: 'progress',
      jobId: 'job-1',
      at: '2026-01-01T00:00:00Z',
      wave: 1,
      written: 5,
      skipped: 3,
      failed: 1,
      metafiles: 2,
      total: 12,
    });
    expect(line).toBe('step 2: 9/12 items done: 5 written (2 of them metafiles), 3 skipped, 1 failed');
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

function planned(create: number, overwrite: number, newVersion: number, skip: number, willFail: number) {
  return { create, overwrite, newVersion, skip, willFail, total: create + overwrite + newVersion + skip + willFail };
}

/** The rows of a counts table: a label, five counts, and the TOTAL. */
function countRows(lines: string[]) {
  return lines
    .map((l) => l.trim().match(/^([A-Za-z_ ]+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ label: m[1]!, parts: m.slice(2, 7).map(Number), total: Number(m[7]) }));
}

function jobWith(c: {
  records: OutcomeCounts;
  files: OutcomeCounts;
  metafiles: OutcomeCounts;
  unattributed: number;
}): JobState {
  const none = { created: 0, overwritten: 0, newVersion: 0, skipped: 0, failed: 0, total: 0 };
  const all = sumOutcomes([c.records, c.files, none, c.metafiles]);
  return {
    jobId: 'job-1',
    planId: 'plan-1',
    orgId: '00D000000000001AAA',
    request: { snapshotId: 's', rootId: '001000000000001AAA', method: 'related' },
    status: 'failed',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    step: 3,
    steps: 3,
    pending: [],
    cancelRequested: false,
    counts: {
      selected: 3,
      records: { total: c.records, byObject: { Account: c.records } },
      files: c.files,
      attachments: none,
      metafiles: c.metafiles,
      all,
      unattributed: c.unattributed,
    },
    failures: [],
    failureCount: all.failed + c.unattributed,
    idMap: {},
    idCount: 0,
    retries: 0,
  };
}
