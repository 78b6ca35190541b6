// Field paths: `Name`, `Account.Name`, `Parent__r.Owner.Name`. Resolves each step against the describes
// (relationship names and field names case-insensitively, via each reference field's relationshipName)
// and reads the value from a record by walking parent ids through the data source.

import type { FieldDescribe, ObjectDescribe } from '@restorelab/salesforce';
import { toId18 } from '@restorelab/salesforce';
import { noSuchColumn, unknownRelationship } from './errors.ts';
import type { SoqlDataSource, SoqlRecord } from './source.ts';

export interface FieldPath {
  /** Reference fields walked from the queried object to the owner of `field`. */
  readonly hops: readonly FieldDescribe[];
  /** The field read at the end of the path, with the describe's exact name. */
  readonly field: FieldDescribe;
  /** Canonical spelling (describe case), used to spot duplicates and in messages. */
  readonly canonical: string;
}

interface DescribeIndex {
  readonly fields: Map<string, FieldDescribe>;
  readonly relationships: Map<string, FieldDescribe>;
}

const indexes = new WeakMap<ObjectDescribe, DescribeIndex>();

function indexOf(describe: ObjectDescribe): DescribeIndex {
  let index = indexes.get(describe);
  if (!index) {
    index = { fields: new Map(), relationships: new Map() };
    for (const field of describe.fields) {
      index.fields.set(field.name.toLowerCase(), field);
      if (field.type === 'reference' && field.relationshipName) {
        index.relationships.set(field.relationshipName.toLowerCase(), field);
      }
    }
    indexes.set(describe, index);
  }
  return index;
}

export function findField(describe: ObjectDescribe, name: string): FieldDescribe | undefined {
  return indexOf(describe).fields.get(name.toLowerCase());
}

/**
 * Resolves a dotted path from `root`. `alias` is the query's object alias (`FROM Account a`), which may
 * lead a path. Polymorphic references (OwnerId → User/Group) accept a field any of their targets has.
 */
export function resolvePath(source: SoqlDataSource, root: ObjectDescribe, dotted: string, alias?: string): FieldPath {
  const parts = dotted.split('.');
  if (alias && parts.length > 1 && parts[0]!.toLowerCase() === alias.toLowerCase()) parts.shift();
  let candidates: ObjectDescribe[] = [root];
  const hops: FieldDescribe[] = [];
  const names: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const hop = candidates.map((d) => indexOf(d).relationships.get(part.toLowerCase())).find((f) => f !== undefined);
    if (!hop) throw unknownRelationship(part);
    hops.push(hop);
    names.push(hop.relationshipName!);
    candidates = (hop.referenceTo ?? [])
      .map((name) => source.describe(name))
      .filter((d): d is ObjectDescribe => d !== undefined);
    if (candidates.length === 0) throw unknownRelationship(part);
  }
  const last = parts[parts.length - 1]!;
  const field = candidates.map((d) => findField(d, last)).find((f) => f !== undefined);
  if (!field) throw noSuchColumn(last, candidates[0]!.name);
  names.push(field.name);
  return { hops, field, canonical: names.join('.') };
}

/** The parent record a reference value points at, if it exists. */
export function parentOf(source: SoqlDataSource, record: SoqlRecord, reference: FieldDescribe): SoqlRecord | undefined {
  const value = record.fields[reference.name];
  if (typeof value !== 'string' || value === '') return undefined;
  // Stored references are already 18 characters; normalise only when that look-up misses.
  return (value.length === 18 ? source.get(value) : undefined) ?? source.get(toId18(value) ?? value);
}

/** A compiled reader for one path: the raw stored value, or null when a parent on the way is missing. */
export function pathReader(source: SoqlDataSource, path: FieldPath): (record: SoqlRecord) => unknown {
  const name = path.field.name;
  if (path.hops.length === 0) return (record) => record.fields[name] ?? null;
  const hops = path.hops;
  return (record) => {
    let current: SoqlRecord | undefined = record;
    for (const hop of hops) {
      current = parentOf(source, current, hop);
      if (!current) return null;
    }
    return current.fields[name] ?? null;
  };
}
