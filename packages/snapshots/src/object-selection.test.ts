import { describe, expect, it } from 'vitest';
import { selectObjects, skipReason } from './object-selection.ts';

const o = (name: string, queryable = true, keyPrefix: string | null = 'a00') => ({ name, queryable, keyPrefix });

describe('object selection', () => {
  it('keeps data objects and says why each other object is skipped', () => {
    const selection = selectObjects([
      o('Account', true, '001'),
      o('Project__c'),
      o('AccountHistory', true, '017'),
      o('Project__Share'),
      o('ContentVersion', true, '068'),
      o('Setting__mdt', true, 'm00'),
      o('UserRecordAccess', true, null),
      o('Vote', true, '00W'),
      o('Secret', false, '0XX'),
      o('User', true, '005'),
    ]);
    expect(selection.backup).toEqual(['Account', 'Project__c', 'User']);
    expect(Object.fromEntries(selection.skipped.map((s) => [s.name, s.reason]))).toEqual({
      AccountHistory: 'field history the org writes itself',
      Project__Share: 'sharing rows the org computes',
      ContentVersion: 'backed up as files (Files/)',
      Setting__mdt: 'custom metadata (deployed, not data)',
      UserRecordAccess: 'no key prefix: not a data object',
      Vote: 'the API refuses an unfiltered query of it',
      Secret: 'not queryable',
    });
  });

  it('narrows to the requested objects and reports unknown ones', () => {
    const selection = selectObjects([o('Account', true, '001'), o('Contact', true, '003')], ['Contact', 'Nope__c']);
    expect(selection.backup).toEqual(['Contact']);
    expect(selection.skipped).toEqual([{ name: 'Nope__c', reason: 'not in the org' }]);
    expect(skipReason(o('History'))).toBeUndefined();
  });
});
