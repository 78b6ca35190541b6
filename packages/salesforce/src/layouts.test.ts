import { describe, expect, it } from 'vitest';
import { recordTypePicklists } from './layouts.ts';

describe('recordTypePicklists', () => {
  it('gives each record type its values by 18-character id', () => {
    const byType = recordTypePicklists({
      recordTypeMappings: [
        {
          recordTypeId: '012000000000001',
          picklistsForRecordType: [
            { picklistName: 'Status__c', picklistValues: [{ value: 'Open' }, { value: 'Closed' }] },
          ],
        },
      ],
    });
    expect([...byType.keys()]).toEqual(['012000000000001AAA']);
    expect(byType.get('012000000000001AAA')).toEqual({ Status__c: ['Open', 'Closed'] });
  });

  it('leaves out a record type whose mapping carries no picklists (unknown, not "no value allowed")', () => {
    const byType = recordTypePicklists({
      recordTypeMappings: [
        { recordTypeId: '012000000000002AAA', picklistsForRecordType: null },
        { recordTypeId: '012000000000003AAA' },
        { recordTypeId: '012000000000004AAA', picklistsForRecordType: [] },
      ],
    });
    expect(byType.has('012000000000002AAA')).toBe(false);
    expect(byType.has('012000000000003AAA')).toBe(false);
    // An empty list is an answer: the record type has no picklist of its own.
    expect(byType.get('012000000000004AAA')).toEqual({});
  });

  it('reads an answer without mappings as nothing known', () => {
    expect(recordTypePicklists({ recordTypeMappings: null }).size).toBe(0);
    expect(recordTypePicklists({}).size).toBe(0);
  });
});
