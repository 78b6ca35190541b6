// R04: what the summary shows will change, on hand-made planned items: the fields an overwrite
// changes (old → new), the values left out with their rule, and the bound on what is listed.
import { describe, expect, it } from 'vitest';
import { fieldChanges, itemChanges, overwritesToRead, summarizeChanges } from './changes.ts';
import type { PlannedAttachment, PlannedRecord } from './types.ts';

const rec = (n: number, action: PlannedRecord['action'], extra: Partial<PlannedRecord> = {}): PlannedRecord =>
  ({
    itemId: `record:${n}`,
    sourceId: `s${n}`,
    objectType: 'Case',
    action,
    fields: { Subject: `subject ${n}` },
    omitted: [],
    ...extra,
  }) as PlannedRecord;
const att = (n: number, metadataOnly: boolean, action: PlannedAttachment['action'] = 'create') =>
  ({ itemId: `attachment:${n}`, action, metadataOnly, bodyHash: metadataOnly ? null : 'h' }) as PlannedAttachment;

describe('itemChanges', () => {
  it('lists overwrites with the fields that differ, and every value left out with its rule and reason', () => {
    const status = { field: 'Status', value: 'Closed', rule: 'R10' as const, reason: 'standard status picklist' };
    const priority = { field: 'Priority__c', value: 'Urgent', rule: 'R11' as const, reason: 'not on the master' };
    const records = [
      rec(1, 'overwrite', { omitted: [status] }),
      rec(2, 'create', { omitted: [priority] }),
      rec(3, 'create'),
      rec(4, 'skip'),
    ];
    const live = new Map([['s1', { Subject: 'renamed' }]]);
    const items = itemChanges(records, [att(5, true), att(6, false), att(7, true, 'skip')], live);
    expect(items.map((i) => i.itemId)).toEqual(['record:1', 'record:2', 'attachment:5']);
    expect(items[0]).toEqual({
      itemId: 'record:1',
      objectType: 'Case',
      action: 'overwrite',
      changed: [{ field: 'Subject', from: 'renamed', to: 'subject 1' }],
      dropped: [status],
    });
    expect(items[1]!.changed).toBeUndefined(); // a create has nothing in the org to compare with
    expect(items[1]!.dropped).toEqual([priority]);
    expect(items[2]!.dropped).toEqual([expect.objectContaining({ field: 'Body', rule: 'R13' })]);
  });

  it('leaves `changed` out where the org was not read, and empty where nothing differs', () => {
    const items = itemChanges(
      [rec(1, 'overwrite'), rec(2, 'overwrite')],
      [],
      new Map([['s2', { Subject: 'subject 2' }]]),
    );
    expect(items[0]!.changed).toBeUndefined();
    expect(items[1]!.changed).toEqual([]);
  });
});

describe('fieldChanges', () => {
  it('reads one id in both lengths, one instant in both notations and a number as its text as the same', () => {
    const now = {
      AccountId: '001000000000001',
      When__c: '2025-01-01T00:00:00.000+0000',
      Amount: 5,
      Name: 'a',
      Empty__c: null,
    };
    const written = {
      AccountId: '001000000000001AAA',
      When__c: '2025-01-01T00:00:00Z',
      Amount: '5',
      Name: 'b',
      Empty__c: undefined,
      Missing__c: 'x',
    };
    expect(fieldChanges(written, now)).toEqual([
      { field: 'Name', from: 'a', to: 'b' },
      { field: 'Missing__c', from: null, to: 'x' },
    ]);
  });
});

describe('summarizeChanges', () => {
  it('lists the first `limit` items in full, counts all, and counts the values left out per rule', () => {
    const records = Array.from({ length: 7 }, (_, i) =>
      rec(i, 'create', { omitted: [{ field: 'Status', value: 'New', rule: i % 2 ? 'R10' : 'R11', reason: 'r' }] }),
    );
    const all = itemChanges(records, [att(9, true)]);
    const s = summarizeChanges(all, 3);
    expect(s.items.map((i) => i.itemId)).toEqual(['record:0', 'record:1', 'record:2']);
    expect(s.total).toBe(8);
    expect(s.limit).toBe(3);
    expect(s.dropped).toEqual({ R10: 3, R11: 4, R13: 1 });
    // Every item on request (a limit of all of them).
    expect(summarizeChanges(all, all.length)).toMatchObject({ total: 8, limit: 8 });
    expect(summarizeChanges(all, all.length).items).toHaveLength(8);
  });

  it('reads the org only for the overwrites among the items shown', () => {
    const records = [
      rec(1, 'create', { omitted: [{ field: 'X', value: 1, rule: 'R11', reason: 'r' }] }),
      rec(2, 'overwrite'),
      rec(3, 'overwrite'),
    ];
    expect(overwritesToRead(records, [], 2).map((r) => r.sourceId)).toEqual(['s2']);
  });
});
