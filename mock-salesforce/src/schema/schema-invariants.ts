// Test support: the invariants every org schema keeps, standard or loaded from metadata.
// Used by the tests of the standard schema and of the SFDX loader.

import { isMandatoryLink, MASTER_RECORD_TYPE_ID } from '@restorelab/salesforce';
import { expect } from 'vitest';
import type { OrgSchema } from './standard-schema.ts';

export function expectConsistentSchema(schema: OrgSchema): void {
  const names = new Set(schema.objects.map((o) => o.name));
  expect(names.size, 'object names are unique').toBe(schema.objects.length);
  const prefixes = schema.objects.map((o) => o.keyPrefix);
  expect(new Set(prefixes).size, `key prefixes are unique: ${prefixes.join(',')}`).toBe(prefixes.length);
  for (const object of schema.objects) {
    const fieldNames = object.fields.map((f) => f.name);
    expect(new Set(fieldNames).size, `${object.name} field names are unique`).toBe(fieldNames.length);
    expect(fieldNames[0], `${object.name} starts with Id`).toBe('Id');
    const masters = object.recordTypeInfos.filter((r) => r.master);
    expect(masters, `${object.name} has one master record type`).toHaveLength(1);
    expect(masters[0]!.recordTypeId).toBe(MASTER_RECORD_TYPE_ID);
    expect(object.recordTypeInfos.filter((r) => r.defaultRecordTypeMapping)).toHaveLength(1);
    for (const field of object.fields) {
      if (field.type !== 'reference') {
        expect(field.referenceTo, `${object.name}.${field.name}`).toBeUndefined();
        continue;
      }
      expect(field.referenceTo?.length, `${object.name}.${field.name} has targets`).toBeGreaterThan(0);
      for (const target of field.referenceTo!) {
        expect(names.has(target), `${object.name}.${field.name} → ${target} exists`).toBe(true);
        const parent = schema.objects.find((o) => o.name === target)!;
        const rel = parent.childRelationships.find((r) => r.childSObject === object.name && r.field === field.name);
        expect(rel, `${target} lists ${object.name}.${field.name} as a child relationship`).toBeDefined();
        expect(rel!.cascadeDelete).toBe(field.cascadeDelete === true);
        expect(rel!.restrictedDelete).toBe(field.restrictedDelete === true);
      }
      if (field.masterDetail) {
        expect(field.cascadeDelete, `${object.name}.${field.name} master-detail cascades`).toBe(true);
        expect(field.nillable).toBe(false);
        expect(isMandatoryLink(field)).toBe(true);
      }
    }
    for (const rel of object.childRelationships) {
      const child = schema.objects.find((o) => o.name === rel.childSObject);
      const f = child?.fields.find((x) => x.name === rel.field);
      expect(f?.referenceTo, `${rel.childSObject}.${rel.field} points back at ${object.name}`).toContain(object.name);
    }
    for (const field of object.fields.filter((f) => f.type === 'picklist')) {
      const defaults = field.picklistValues!.filter((v) => v.defaultValue);
      expect(defaults.length, `${object.name}.${field.name} has at most one default`).toBeLessThanOrEqual(1);
      if (defaults[0]) expect(field.defaultValue).toBe(defaults[0].value);
    }
  }
}
