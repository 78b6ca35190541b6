// Parent-side relationships (describe's childRelationships), derived from the reference fields
// of every object so the two views of one relationship can never disagree.

import type { ChildRelationship, ObjectDescribe } from '@restorelab/salesforce';
import { SchemaError } from './errors.ts';
import { STANDARD_CHILD_RELATIONSHIP_NAMES } from './standard-objects.ts';

/** `Child.Field` → the relationship's name on the parent (`Contact.AccountId` → `Contacts`). */
export type ChildRelationshipNames = ReadonlyMap<string, string>;

/**
 * Rebuilds childRelationships on every object from the reference fields. Names come from
 * `names`, then from relationships the objects already had (a loaded base schema), then from
 * the standard table; a reference without one (audit fields, for instance) gets null, as on
 * real orgs.
 */
export function linkChildRelationships(objects: ObjectDescribe[], names: ChildRelationshipNames = new Map()): void {
  const byName = new Map(objects.map((o) => [o.name, o]));
  const known = new Map<string, string>();
  for (const parent of objects) {
    for (const rel of parent.childRelationships) {
      if (rel.relationshipName) known.set(`${rel.childSObject}.${rel.field}`, rel.relationshipName);
    }
  }
  const children = new Map<string, ChildRelationship[]>(objects.map((o) => [o.name, []]));
  for (const child of objects) {
    for (const field of child.fields) {
      if (field.type !== 'reference') continue;
      const key = `${child.name}.${field.name}`;
      for (const target of field.referenceTo ?? []) {
        const list = children.get(target);
        if (!list || !byName.has(target)) {
          throw new SchemaError('UNKNOWN_OBJECT', `${key} refers to ${target}, which is not in the schema`);
        }
        list.push({
          childSObject: child.name,
          field: field.name,
          relationshipName: names.get(key) ?? known.get(key) ?? STANDARD_CHILD_RELATIONSHIP_NAMES[key] ?? null,
          cascadeDelete: field.cascadeDelete === true,
          restrictedDelete: field.restrictedDelete === true,
        });
      }
    }
  }
  for (const parent of objects) parent.childRelationships = children.get(parent.name) ?? [];
}
