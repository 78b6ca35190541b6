import { describe, expect, it } from 'vitest';
import { STANDARD_KEY_PREFIXES } from './ids.ts';
import { CONFIGURATION_KEY_PREFIXES, CONFIGURATION_TYPES, NON_HIERARCHY_TARGETS } from './schema.ts';

describe('configuration objects', () => {
  it('are one list: the link targets that never make a child are exactly them', () => {
    expect([...NON_HIERARCHY_TARGETS].sort()).toEqual([...CONFIGURATION_TYPES].sort());
  });

  it('include roles and permission sets, which earlier copies of the list each forgot', () => {
    expect(CONFIGURATION_TYPES.has('UserRole')).toBe(true);
    expect(CONFIGURATION_TYPES.has('PermissionSet')).toBe(true);
    expect(CONFIGURATION_KEY_PREFIXES.has('00E')).toBe(true);
    expect(CONFIGURATION_KEY_PREFIXES.has('0PS')).toBe(true);
  });

  it('have one key prefix each, and no business object shares one', () => {
    const prefixes = [...CONFIGURATION_TYPES].map((type) => STANDARD_KEY_PREFIXES[type]);
    expect(new Set(prefixes).size).toBe(CONFIGURATION_TYPES.size);
    for (const type of ['Account', 'Contact', 'Case', 'Attachment', 'ContentDocument'])
      expect(CONFIGURATION_KEY_PREFIXES.has(STANDARD_KEY_PREFIXES[type]!), type).toBe(false);
  });
});
