// R04 / R05: the summary's counts on hand-made planned items, every action and link kind apart, so
// each counter and each term of itemsToWrite is pinned down.
import { RestoreSummarySchema } from '@restorelab/planner-api';
import { describe, expect, it } from 'vitest';
import { summarize } from './summary.ts';
import type { PlannedAttachment, PlannedFile, PlannedFileLink, PlannedRecord, RestoreRequest } from './types.ts';

const request: RestoreRequest = { snapshotId: 'snap-9', rootId: 'root-id', method: 'related' };
const rec = (itemId: string, objectType: string, action: PlannedRecord['action']): PlannedRecord =>
  ({
    itemId,
    objectType,
    action,
    omitted: [] as PlannedRecord['omitted'],
    fields: {},
    failure:
      action === 'willFail'
        ? { rule: 'R06', code: 'OBJECT_NOT_CREATEABLE', message: `${itemId} fails`, fields: [] }
        : undefined,
  }) as PlannedRecord;
const link = (ownerLink: boolean, change?: PlannedFileLink['change']) =>
  ({ ownerLink, ...(change ? { change } : {}) }) as PlannedFileLink;
const file = (itemId: string, action: PlannedFile['action'], links: PlannedFileLink[] = []): PlannedFile =>
  ({
    itemId,
    action,
    links,
    failure: action === 'willFail' ? { code: 'ALL_RECORDS_WILL_FAIL', message: `${itemId} fails` } : undefined,
  }) as PlannedFile;
const att = (itemId: string, action: PlannedAttachment['action']): PlannedAttachment =>
  ({
    itemId,
    action,
    failure: action === 'willFail' ? { code: 'PARENT_WILL_FAIL', message: `${itemId} fails` } : undefined,
  }) as PlannedAttachment;

describe('summarize', () => {
  const records = [
    rec('r1', 'Account', 'create'),
    rec('r2', 'Account', 'overwrite'),
    rec('r3', 'Account', 'overwrite'),
    rec('r4', 'Contact', 'skip'),
    rec('r5', 'Contact', 'willFail'),
    rec('r6', 'Contact', 'create'),
  ];
  const files = [
    file('f1', 'create', [link(true), link(false), link(false)]),
    file('f2', 'newVersion', [link(false), link(false, 'overwrite')]),
    file('f3', 'overwrite'),
    file('f4', 'overwrite'),
    file('f5', 'skip', [link(true)]),
    file('f6', 'willFail'),
  ];
  const attachments = [att('a1', 'create'), att('a2', 'overwrite'), att('a3', 'skip'), att('a4', 'willFail')];
  // Summarised inside each test, so coverage is counted per test.
  const summary = () => summarize(request, records, files, attachments, 4);

  it('echoes the request and counts the selection with attachment records', () => {
    const s = summary();
    expect(s.snapshotId).toBe('snap-9');
    expect(s.rootId).toBe('root-id');
    expect(s.method).toBe('related');
    expect(s.selected).toBe(10);
  });

  it('counts records in total and per object', () => {
    const s = summary();
    expect(s.records.total).toEqual({ create: 2, overwrite: 2, newVersion: 0, skip: 1, willFail: 1, total: 6 });
    expect(s.records.byObject).toEqual({
      Account: { create: 1, overwrite: 2, newVersion: 0, skip: 0, willFail: 0, total: 3 },
      Contact: { create: 1, overwrite: 0, newVersion: 0, skip: 1, willFail: 1, total: 3 },
    });
  });

  it('counts files, attachments and the two kinds of metafile apart', () => {
    const s = summary();
    expect(s.files).toEqual({ create: 1, newVersion: 1, overwrite: 2, skip: 1, willFail: 1, total: 6 });
    expect(s.attachments).toEqual({ create: 1, overwrite: 1, newVersion: 0, skip: 1, willFail: 1, total: 4 });
    // A link the org has with other sharing is an overwrite; every other planned link a create.
    expect(s.metafiles).toEqual({
      create: 5,
      overwrite: 1,
      newVersion: 0,
      skip: 0,
      willFail: 0,
      total: 6,
      fileLinks: 4,
      ownerLinks: 2,
    });
  });

  it('sums the four kinds into all, and the schema finds every total the sum beside it', () => {
    const s = summary();
    expect(s.all).toEqual({ create: 9, overwrite: 6, newVersion: 1, skip: 3, willFail: 3, total: 22 });
    expect(RestoreSummarySchema.parse(s)).toEqual(s);
    expect(RestoreSummarySchema.safeParse({ ...s, all: { ...s.all, total: 21 } }).success).toBe(false);
  });

  it('counts the links of a file that will fail as metafiles that will fail', () => {
    const s = summarize(request, [], [file('f9', 'willFail', [link(false)])], [], 0);
    expect(s.metafiles).toMatchObject({ willFail: 1, total: 1 });
    expect(s.itemsToWrite).toBe(0);
  });

  it('adds every written item to itemsToWrite and nothing skipped or failing', () => {
    const s = summary();
    // records 2 + 2, files 1 + 1 + 2, attachments 1 + 1, metafiles 5 + 1
    expect(s.itemsToWrite).toBe(16);
  });

  it('lists every will-fail item with its object type, code and message, records first', () => {
    const s = summary();
    expect(s.willFail).toEqual([
      { itemId: 'r5', objectType: 'Contact', code: 'OBJECT_NOT_CREATEABLE', message: 'r5 fails' },
      { itemId: 'f6', objectType: 'ContentDocument', code: 'ALL_RECORDS_WILL_FAIL', message: 'f6 fails' },
      { itemId: 'a4', objectType: 'Attachment', code: 'PARENT_WILL_FAIL', message: 'a4 fails' },
    ]);
  });

  it('gives all-zero counts for an empty plan', () => {
    const empty = summarize(request, [], [], [], 0);
    expect(empty.records).toEqual({
      total: { create: 0, overwrite: 0, newVersion: 0, skip: 0, willFail: 0, total: 0 },
      byObject: {},
    });
    expect(empty.itemsToWrite).toBe(0);
    expect(empty.selected).toBe(0);
    expect(empty.willFail).toEqual([]);
    expect(empty.metafiles).toMatchObject({ total: 0, fileLinks: 0, ownerLinks: 0 });
    expect(empty.all.total).toBe(0);
  });
});
